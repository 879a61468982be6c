package io.cairn.lsm.internal.log;

import io.cairn.common.Crc32c;
import io.cairn.common.Varints;
import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32C;

/**
 * <b>For tests.</b> WAL bytes the engine no longer writes: version-1 segments (no start marker),
 * as databases of sessions before 11 have them, and small write batches to fill them with.
 */
public final class LegacyWal {
  private LegacyWal() {}

  /** A version-1 segment as the writer of sessions before 11 made it: header, then batches. */
  public static byte[] versionOneSegment(long number, byte[]... batches) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(fragment(versionOneHeader(number)));
    for (byte[] batch : batches) {
      out.writeBytes(fragment(batch));
    }
    return out.toByteArray();
  }

  static byte[] versionOneHeader(long number) {
    byte[] header = new byte[LogFormat.FILE_HEADER_BYTES];
    Varints.putFixed64(header, LogFormat.FILE_HEADER_MAGIC_OFFSET, LogFormat.MAGIC);
    Varints.putFixed32(header, LogFormat.FILE_HEADER_VERSION_OFFSET, LogFormat.VERSION_1);
    Varints.putFixed32(header, LogFormat.FILE_HEADER_KIND_OFFSET, LogFormat.KIND_WAL);
    Varints.putFixed64(header, LogFormat.FILE_HEADER_NUMBER_OFFSET, number);
    return header;
  }

  /** One FULL fragment (small payloads only: it must fit in the rest of the first block). */
  static byte[] fragment(byte[] payload) {
    CRC32C crc = new CRC32C();
    crc.update(LogFormat.TYPE_FULL);
    crc.update(payload);
    byte[] fragment = new byte[LogFormat.HEADER_BYTES + payload.length];
    Varints.putFixed32(fragment, LogFormat.CHECKSUM_OFFSET, Crc32c.mask((int) crc.getValue()));
    fragment[LogFormat.LENGTH_OFFSET] = (byte) payload.length;
    fragment[LogFormat.LENGTH_OFFSET + 1] = (byte) (payload.length >>> 8);
    fragment[LogFormat.TYPE_OFFSET] = LogFormat.TYPE_FULL;
    System.arraycopy(payload, 0, fragment, LogFormat.HEADER_BYTES, payload.length);
    return fragment;
  }

  /** A batch of {@code count} puts of one-byte keys and values from {@code first}. */
  public static byte[] batch(long first, int count) {
    byte[] batch = new byte[BatchFormat.HEADER_BYTES + count * BatchFormat.recordBytes(1, 1)];
    BatchFormat.encodeHeader(batch, 0, first, count);
    int position = BatchFormat.HEADER_BYTES;
    for (int i = 0; i < count; i++) {
      position = BatchFormat.encodePut(batch, position, new byte[] {(byte) ('a' + i)}, new byte[] {(byte) i});
    }
    return batch;
  }

}
