package io.cairn.chain.codec;

import io.cairn.common.ByteWriter;

/**
 * The canonical encoding of transactions (see {@code docs/formats/transaction.md}). All integers
 * are little-endian; a transaction has a fixed header that the requester signs, and an anchoring
 * transaction is followed by its entries, which the header commits to through their Merkle root.
 *
 * <pre>
 * anchoring transaction header (150 bytes)
 * +0   u32  magic 0x4e585443 ("CTXN")
 * +4   u8   version (1)
 * +5   u8   kind (1 = anchor)
 * +6   [32] requester: Ed25519 public key
 * +38  u64  nonce: strictly increasing per requester
 * +46  u32  entry count (1..65,536)
 * +50  [32] entries root: Merkle root over the entries' leaf hashes
 * +82  [64] signature: Ed25519 over "cairn.transaction.v1" 0x00 || bytes [0, 82)
 * +146 u32  masked CRC32C of bytes [0, 146)
 * then entry count entries:
 *      u8 hash algorithm | [32] record hash | u8 n, [n] store (UTF-8, 1..255)
 *      | u16 m, [m] record key (1..1,024)
 *
 * state-data transaction (one piece, header only)
 * +0   u32 magic | +4 u8 version | +5 u8 kind (2 = state) | +6 [32] requester | +38 u64 nonce
 * +46  u8 n, [n] organization (UTF-8, 1..255)
 *      u32 m, [m] state record (0..65,536 bytes)
 *      [64] signature over everything before it | u32 masked CRC32C of everything before it
 * </pre>
 *
 * <p>The transaction's identifier, and its leaf in the block's Merkle tree, is {@code
 * SHA-256(0x00 || header)}, signature and CRC included.
 */
public final class TransactionFormat {
  /** "CTXN" read little-endian. */
  public static final int MAGIC = 0x4e585443;
  /** The version this code writes and reads. */
  public static final int VERSION = 1;
  /** Kind byte of an anchoring transaction. */
  public static final int KIND_ANCHOR = 1;
  /** Kind byte of a state-data transaction. */
  public static final int KIND_STATE = 2;

  public static final int OFFSET_KIND = 5;
  public static final int OFFSET_REQUESTER = 6;
  public static final int OFFSET_NONCE = 38;
  public static final int OFFSET_BODY = 46;
  public static final int OFFSET_ENTRY_COUNT = 46;
  public static final int OFFSET_ENTRIES_ROOT = 50;
  public static final int OFFSET_ANCHOR_SIGNATURE = 82;
  public static final int OFFSET_ANCHOR_CRC = 146;
  /** Bytes of an anchoring transaction's header. */
  public static final int ANCHOR_HEADER_BYTES = 150;

  /** Most entries in one anchoring transaction. */
  public static final int ENTRIES_MAX = 65_536;
  /** Longest record key in read parameters. */
  public static final int RECORD_KEY_BYTES_MAX = 1024;
  /** Longest state record. */
  public static final int STATE_BYTES_MAX = 65_536;
  /** Longest encoded transaction, entries included. */
  public static final int TRANSACTION_BYTES_MAX = 8 << 20;

  private TransactionFormat() {}

  /** The decoded fields of a transaction header; arrays are owned by the record. */
  public record Header(
      int kind,
      byte[] requester,
      long nonce,
      int entryCount,
      byte[] entriesRoot,
      String organization,
      byte[] state,
      byte[] signature,
      byte[] encoded,
      int signedBytes) {}

  /** The decoded fields of one anchored entry; {@code encoded} is its canonical bytes. */
  public record Entry(int algorithm, byte[] recordHash, String store, byte[] recordKey, byte[] encoded) {}

  /** Writes the signed part of an anchoring transaction's header. */
  public static ByteWriter startAnchor(byte[] requester, long nonce, int entryCount, byte[] entriesRoot) {
    ByteWriter out = start(KIND_ANCHOR, requester, nonce, ANCHOR_HEADER_BYTES);
    out.u32(entryCount).raw(entriesRoot);
    assert out.size() == OFFSET_ANCHOR_SIGNATURE;
    return out;
  }

  /** Writes the signed part of a state-data transaction. */
  public static ByteWriter startState(byte[] requester, long nonce, String organization, byte[] state) {
    ByteWriter out = start(KIND_STATE, requester, nonce, OFFSET_BODY + 260 + state.length + 68);
    out.string8(organization).bytes32(state);
    return out;
  }

  /** Appends the signature and the CRC to a header begun by {@code start...}; returns the bytes. */
  public static byte[] finish(ByteWriter signedPart, byte[] signature) {
    signedPart.raw(signature).crcFrom(0);
    return signedPart.toByteArray();
  }

  /**
   * Encodes one entry, into an array of exactly its size (the leader encodes one per anchored
   * record: sized from the store name's UTF-8 bytes, {@link ByteWriter#toByteArray()} hands out the
   * writer's own array instead of a copy; session 12). The bytes are {@code string8(store)}'s.
   */
  public static byte[] encodeEntry(int algorithm, byte[] recordHash, String store, byte[] recordKey) {
    byte[] storeName = storeNameBytes(store);
    ByteWriter out = new ByteWriter(entryBytes(recordHash.length, storeName.length, recordKey.length));
    out.u8(algorithm).raw(recordHash).u8(storeName.length).raw(storeName).bytes16(recordKey);
    return out.toByteArray();
  }

  /** Bytes of an entry with a record hash, store name (UTF-8) and record key of these lengths. */
  private static int entryBytes(int recordHashBytes, int storeNameBytes, int recordKeyBytes) {
    return 1 + recordHashBytes + 1 + storeNameBytes + 2 + recordKeyBytes;
  }

  /** The last store name encoded, with its UTF-8 bytes: a member anchors into one store, so it is encoded once. */
  private record StoreName(String text, byte[] utf8) {}

  private static volatile StoreName lastStoreName = new StoreName("", new byte[0]);

  /**
   * The UTF-8 bytes of {@code store}, shared: {@link #encodeEntry} only reads them. One store name is cached
   * (the same String object asks again without encoding; session 14: one {@code getBytes} per
   * anchored record before).
   */
  private static byte[] storeNameBytes(String store) {
    StoreName last = lastStoreName;
    if (last.text() == store) {
      return last.utf8();
    }
    byte[] utf8 = store.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assert utf8.length <= 0xff : utf8.length;
    lastStoreName = new StoreName(store, utf8);
    return utf8;
  }

  /**
   * Decodes a transaction header at the reader's position, checking magic, version, kind, lengths,
   * limits and CRC. Signatures and the entries root are not checked here.
   */
  public static Header decodeHeader(ByteReader in) {
    int from = in.offset();
    in.magic(MAGIC);
    in.version(VERSION);
    int kind = in.u8("kind");
    byte[] requester = in.raw(32, "requester");
    long nonce = in.u64("nonce");
    int entryCount = 0;
    byte[] entriesRoot = null;
    String organization = null;
    byte[] state = null;
    if (kind == KIND_ANCHOR) {
      entryCount = in.u32("entry count");
      if (entryCount == 0) {
        throw in.error("an anchoring transaction has no entries");
      }
      if (entryCount < 0 || entryCount > ENTRIES_MAX) {
        throw in.overLimit("entry count " + Integer.toUnsignedString(entryCount) + " outside 1.." + ENTRIES_MAX);
      }
      entriesRoot = in.raw(32, "entries root");
    } else if (kind == KIND_STATE) {
      organization = in.string8(1, "organization");
      int length = in.u32("state length");
      if (length < 0 || length > STATE_BYTES_MAX) {
        throw in.overLimit("state record of " + Integer.toUnsignedString(length) + " bytes exceeds " + STATE_BYTES_MAX);
      }
      state = in.raw(length, "state record");
    } else {
      throw in.error("unknown transaction kind " + kind);
    }
    int signedBytes = in.offset() - from;
    byte[] signature = in.raw(64, "signature");
    in.crcFrom(from);
    byte[] encoded = in.copyFrom(from);
    return new Header(kind, requester, nonce, entryCount, entriesRoot, organization, state, signature,
        encoded, signedBytes);
  }

  /** Decodes one entry at the reader's position. */
  public static Entry decodeEntry(ByteReader in) {
    return decodeEntry(in, null);
  }

  /**
   * {@link #decodeEntry(ByteReader)} that shares {@code previousStore} (the previous entry's store,
   * or null) when this entry names the same store.
   */
  public static Entry decodeEntry(ByteReader in, String previousStore) {
    int from = in.offset();
    int algorithm = in.u8("hash algorithm");
    byte[] hash = in.raw(32, "record hash");
    String store = in.string8(1, "store", previousStore);
    int keyLength = in.u16("record key length");
    if (keyLength == 0) {
      throw in.error("empty record key");
    }
    if (keyLength > RECORD_KEY_BYTES_MAX) {
      throw in.overLimit("record key of " + keyLength + " bytes outside 1.." + RECORD_KEY_BYTES_MAX);
    }
    byte[] key = in.raw(keyLength, "record key");
    // Fixed widths and strictly decoded UTF-8 make these bytes the one encoding of the fields.
    return new Entry(algorithm, hash, store, key, in.copyFrom(from));
  }

  private static ByteWriter start(int kind, byte[] requester, long nonce, int expectedBytes) {
    ByteWriter out = new ByteWriter(expectedBytes);
    out.u32(MAGIC).u8(VERSION).u8(kind).raw(requester).u64(nonce);
    assert out.size() == OFFSET_BODY;
    return out;
  }
}
