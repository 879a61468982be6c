package io.cairn.consortium;

import io.cairn.chain.codec.ByteReader;
import io.cairn.common.ByteWriter;
import io.cairn.common.CorruptionException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The frame shared by every consortium encoding (docs/formats/consortium.md): a 4-byte magic that
 * names the type, a version byte, the fields, and a masked CRC32C of everything before it. The
 * signed bytes of a signed object are its encoding up to (not including) the signature, so the
 * magic separates the signing domains of the types.
 */
final class Wire {
  static final int VERSION = 1;
  static final int SIGNATURE_BYTES = 64;
  static final int HASH_BYTES = 32;
  /** Most items in any list (records in a data set, data sets in a block, results in a reply). */
  static final int MAX_ITEMS = 1 << 20;

  static final int CERTIFICATE = magic("CSCE");
  static final int REVOCATION = magic("CSRV");
  static final int UPLOAD = magic("CSUP");
  static final int ENVELOPE = magic("CSEN");
  static final int SESSION_ENVELOPE = magic("CSSE");
  static final int DATA_SET = magic("CSDS");
  static final int BLOCK = magic("CSBK");
  static final int RESULT = magic("CSVR");
  static final int REPLY = magic("CSRP");
  static final int EVIDENCE = magic("CSEV");
  static final int COMMIT = magic("CSCM");
  static final int INDEX = magic("CSIX");

  private Wire() {}

  private static int magic(String letters) {
    return (letters.charAt(0) & 0xff) | (letters.charAt(1) & 0xff) << 8 | (letters.charAt(2) & 0xff) << 16
        | (letters.charAt(3) & 0xff) << 24;
  }

  static ByteWriter begin(int magic, int expectedBytes) {
    return new ByteWriter(expectedBytes).u32(magic).u8(VERSION);
  }

  /** Appends the CRC and returns the bytes. */
  static byte[] finish(ByteWriter writer) {
    return writer.crcFrom(0).toByteArray();
  }

  static ByteReader open(byte[] bytes, int magic, String what) {
    if (bytes == null) {
      throw new CorruptionException(what + ": no bytes");
    }
    ByteReader reader = new ByteReader(bytes, what);
    reader.magic(magic);
    reader.version(VERSION);
    return reader;
  }

  static void close(ByteReader reader) {
    reader.crcFrom(0);
    reader.expectEnd();
  }

  /** The magic at the start of {@code bytes}, or 0 when there are fewer than 4 bytes. */
  static int magicOf(byte[] bytes) {
    if (bytes.length < 4) {
      return 0;
    }
    return (bytes[0] & 0xff) | (bytes[1] & 0xff) << 8 | (bytes[2] & 0xff) << 16 | (bytes[3] & 0xff) << 24;
  }

  /** A list length {@code 0..max}. */
  static int count(ByteReader reader, int max, String field) {
    long count = reader.u32(field) & 0xffffffffL;
    if (count > max || count > reader.remaining()) {
      throw reader.error(field + " " + count + " exceeds " + Math.min(max, reader.remaining()));
    }
    return (int) count;
  }

  /** A u32-length-prefixed byte string of at most {@code max} bytes. */
  static byte[] bytes32(ByteReader reader, int max, String field) {
    long length = reader.u32(field + " length") & 0xffffffffL;
    if (length > max) {
      throw reader.error(field + " of " + length + " bytes exceeds " + max);
    }
    return reader.raw((int) length, field);
  }

  /** A u32-length-prefixed nested encoding. */
  static byte[] nested(ByteReader reader, String field) {
    return bytes32(reader, reader.remaining(), field);
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK provides SHA-256", e);
    }
  }
}
