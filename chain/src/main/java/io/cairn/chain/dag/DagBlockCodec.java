package io.cairn.chain.dag;

import io.cairn.chain.codec.ByteReader;
import io.cairn.chain.crypto.Digests;
import io.cairn.common.ByteWriter;
import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The canonical encoding of a DAG block, version 1 (docs/formats/dag-block.md). A block's id is
 * the SHA-256 of its encoding, so the id is not stored; a decoder recomputes it.
 *
 * <pre>
 * u32 magic "CDAG" | u8 version = 1 | u8 flags (bit 0: genesis; others 0) | u64 nonce
 * [id parent]                     -- absent for a genesis
 * u16 refCount | refCount x id    -- distinct, never the parent
 * u32 txCount  | txCount x tx
 * u32 masked crc32c of everything before it
 * id = u8 length (1..255) | bytes
 * tx = u8 flags (bit 0: the id differs from the key; bit 1: a payload follows; others 0)
 *      | id key | [id txId] | [u32 length (1..2^20) | payload]
 * </pre>
 *
 * All integers little-endian. Every input either decodes to the one block whose encoding it is or
 * is refused with a {@link CorruptionException} (a {@code LimitExceededException} for counts over
 * the limits).
 */
public final class DagBlockCodec {
  /** "CDAG" little-endian. */
  public static final int MAGIC = 0x47414443;
  /** The version this code writes and reads. */
  public static final int VERSION = 1;
  /** Most reference edges a block may carry (conflux-rust's referee bound is 200). */
  public static final int REFS_MAX = 1024;
  /** Most transactions in a block. */
  public static final int TXS_MAX = 1 << 20;
  /** Bytes of the fixed head: magic, version, flags, nonce. */
  static final int HEAD_BYTES = 4 + 1 + 1 + 8;

  private DagBlockCodec() {}

  /** The encoding of {@code block}'s contents (its id is not in it). */
  public static byte[] encode(DagBlock block) {
    if (block.refs().size() > REFS_MAX || block.txs().size() > TXS_MAX) {
      throw new InvalidArgumentException("block " + block.id() + " has " + block.refs().size()
          + " references and " + block.txs().size() + " transactions; at most " + REFS_MAX + " and " + TXS_MAX);
    }
    ByteWriter out = new ByteWriter(64 + 34 * (block.refs().size() + block.txs().size()));
    out.u32(MAGIC).u8(VERSION).u8(block.isGenesis() ? 1 : 0).u64(block.nonce());
    block.parent().ifPresent(p -> id(out, p));
    out.u16(block.refs().size());
    block.refs().forEach(r -> id(out, r));
    out.u32(block.txs().size());
    for (DagTx tx : block.txs()) {
      tx(out, tx);
    }
    return out.crcFrom(0).toByteArray();
  }

  /** The block made of these contents, its id the SHA-256 of their encoding. */
  public static DagBlock create(Optional<DagId> parent, List<DagId> refs, List<DagTx> txs, long nonce) {
    DagBlock draft = new DagBlock(DagId.ofText("draft"), parent, refs, txs, nonce);
    return withHashId(draft, encode(draft));
  }

  /** The id a block with this encoding has: the SHA-256 of the bytes. */
  public static DagId idOf(byte[] encoding) {
    return DagId.wrap(Digests.sha256(encoding));
  }

  /**
   * Decodes a block, its id the SHA-256 of {@code bytes}.
   *
   * @throws CorruptionException when {@code bytes} is not exactly one canonical encoding
   */
  public static DagBlock decode(byte[] bytes) {
    ByteReader in = new ByteReader(bytes, "dag block");
    in.magic(MAGIC);
    in.version(VERSION);
    int flags = in.u8("flags");
    if ((flags & ~1) != 0) {
      throw in.error("unknown flags 0x" + Integer.toHexString(flags));
    }
    long nonce = in.u64("nonce");
    Optional<DagId> parent = (flags & 1) != 0 ? Optional.empty() : Optional.of(id(in, "parent"));
    int refCount = in.u16("reference count");
    if (refCount > REFS_MAX) {
      throw in.overLimit(refCount + " references, at most " + REFS_MAX);
    }
    List<DagId> refs = new ArrayList<>(refCount);
    for (int i = 0; i < refCount; i++) {
      refs.add(id(in, "reference"));
    }
    int txCount = in.u32("transaction count");
    if (txCount < 0 || txCount > TXS_MAX) {
      throw in.overLimit(Integer.toUnsignedString(txCount) + " transactions, at most " + TXS_MAX);
    }
    List<DagTx> txs = new ArrayList<>(Math.min(txCount, in.remaining() / 3));
    for (int i = 0; i < txCount; i++) {
      txs.add(tx(in));
    }
    in.crcFrom(0);
    in.expectEnd();
    try {
      return new DagBlock(idOf(bytes), parent, refs, txs, nonce);
    } catch (InvalidArgumentException e) {
      throw new CorruptionException("dag block: " + e.getMessage(), e);
    }
  }

  static DagTx tx(ByteReader in) {
    int flags = in.u8("transaction flags");
    if ((flags & ~3) != 0) {
      throw in.error("unknown transaction flags 0x" + Integer.toHexString(flags));
    }
    DagId key = id(in, "transaction key");
    DagId txId = key;
    if ((flags & 1) != 0) {
      txId = id(in, "transaction id");
      if (txId.equals(key)) {
        throw in.error("transaction id equals its key but is written twice (not canonical)");
      }
    }
    if ((flags & 2) == 0) {
      return new DagTx(txId, key);
    }
    int length = in.u32("payload length");
    if (length <= 0 || length > DagTx.PAYLOAD_MAX) {
      throw length == 0 ? in.error("an empty payload is written as none (not canonical)")
          : in.overLimit("payload of " + Integer.toUnsignedString(length) + " bytes, at most " + DagTx.PAYLOAD_MAX);
    }
    return new DagTx(txId, key, in.raw(length, "payload"));
  }

  static void tx(ByteWriter out, DagTx tx) {
    boolean distinct = !tx.selfKeyed();
    boolean payload = tx.payloadLength() > 0;
    out.u8((distinct ? 1 : 0) | (payload ? 2 : 0));
    id(out, tx.key());
    if (distinct) {
      id(out, tx.id());
    }
    if (payload) {
      out.u32(tx.payloadLength()).raw(tx.sharedPayload());
    }
  }

  static void id(ByteWriter out, DagId id) {
    out.u8(id.length()).raw(id.shared());
  }

  static DagId id(ByteReader in, String field) {
    int length = in.u8(field + " length");
    if (length == 0) {
      throw in.error(field + " is empty");
    }
    return DagId.wrap(in.raw(length, field));
  }

  private static DagBlock withHashId(DagBlock block, byte[] encoding) {
    return new DagBlock(idOf(encoding), block.parent(), block.refs(), block.txs(), block.nonce());
  }

  /** Bytes of the encoding of {@code block}, without building it. */
  public static int encodedSize(DagBlock block) {
    int size = HEAD_BYTES + 2 + 4 + 4 + block.parent().map(p -> 1 + p.length()).orElse(0);
    for (DagId r : block.refs()) {
      size += 1 + r.length();
    }
    for (DagTx tx : block.txs()) {
      size += 2 + tx.key().length() + (tx.selfKeyed() ? 0 : 1 + tx.id().length())
          + (tx.payloadLength() == 0 ? 0 : 4 + tx.payloadLength());
    }
    return size;
  }
}
