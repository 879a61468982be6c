package io.cairn.replication.codec;

import io.cairn.common.CorruptionException;
import io.cairn.common.Crc32c;
import io.cairn.common.Varints;
import io.cairn.kraft.wire.ByteReader;

/**
 * The envelope every record of this module is stored or sent in (log records, ledger snapshots,
 * verification records): a version byte first, the fields, and a masked CRC32C of everything
 * before it last. {@link #open} checks the envelope and hands back a strict reader over the
 * fields.
 *
 * <p>Thread-safety: stateless.
 */
public final class Sealed {
  private Sealed() {}

  /**
   * Checks that {@code bytes} starts with version byte {@code version} and ends with the masked
   * CRC32C of everything before it; returns a reader over the fields between.
   *
   * @throws CorruptionException naming {@code what} and the failed check
   */
  public static ByteReader open(byte[] bytes, String what, int version) {
    if (bytes.length < 5) {
      throw CorruptionException.at(what, 0, "truncated: " + bytes.length + " bytes");
    }
    int end = bytes.length - 4;
    if (Crc32c.unmask(Varints.getFixed32(bytes, end)) != Crc32c.of(bytes, 0, end)) {
      throw CorruptionException.at(what, end, "checksum mismatch");
    }
    if ((bytes[0] & 0xFF) != version) {
      throw CorruptionException.at(what, 0, "unknown version " + (bytes[0] & 0xFF));
    }
    return new ByteReader(bytes, 1, end, what);
  }
}
