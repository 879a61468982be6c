package io.cairn.chain.codec;

import io.cairn.common.ByteWriter;

/**
 * The envelope of a ledger entry: what a replicated log carries and every node applies in order
 * (see {@code docs/formats/chain-indexes.md}).
 *
 * <pre>
 * +0 u32 magic 0x4e454c43 ("CLEN")
 * +4 u8  version (1)
 * +5 u8  kind: 1 genesis, 2 admission, 3 block
 * +6 ... the object's own canonical encoding, to the end (it has its own CRC32C)
 * </pre>
 */
public final class LedgerEntryFormat {
  /** "CLEN" read little-endian. */
  public static final int MAGIC = 0x4e454c43;
  /** The version this code writes and reads. */
  public static final int VERSION = 1;
  public static final int KIND_GENESIS = 1;
  public static final int KIND_ADMISSION = 2;
  public static final int KIND_BLOCK = 3;
  /** Bytes before the payload. */
  public static final int PREFIX_BYTES = 6;

  private LedgerEntryFormat() {}

  /** The envelope around {@code payload}. */
  public static byte[] wrap(int kind, byte[] payload) {
    ByteWriter out = new ByteWriter(PREFIX_BYTES + payload.length);
    writePrefix(out, kind);
    out.raw(payload);
    return out.toByteArray();
  }

  /** Appends the envelope's {@value #PREFIX_BYTES} bytes for an entry of {@code kind}; the payload follows. */
  public static void writePrefix(ByteWriter out, int kind) {
    out.u32(MAGIC).u8(VERSION).u8(kind);
  }

  /** Whether {@code entry} starts with the envelope of this version and kind {@code kind}. */
  public static boolean hasPrefix(byte[] entry, int kind) {
    return entry.length >= PREFIX_BYTES && (entry[0] & 0xff | (entry[1] & 0xff) << 8 | (entry[2] & 0xff) << 16
        | (entry[3] & 0xff) << 24) == MAGIC && entry[4] == VERSION && entry[5] == kind;
  }

  /** Reads the envelope and returns the kind; the reader is left at the payload. */
  public static int unwrap(ByteReader in) {
    in.magic(MAGIC);
    in.version(VERSION);
    int kind = in.u8("kind");
    if (kind < KIND_GENESIS || kind > KIND_BLOCK) {
      throw in.error("unknown ledger entry kind " + kind);
    }
    return kind;
  }
}
