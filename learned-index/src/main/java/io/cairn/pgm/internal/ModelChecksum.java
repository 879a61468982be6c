package io.cairn.pgm.internal;

import io.cairn.common.Crc32c;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.zip.CRC32C;

/**
 * The masked CRC32C that ends a serialised model, computed in place over a memory segment of any
 * size and kind (the common helper takes at most 2 GiB at once, and only segments that can be
 * viewed as a byte buffer).
 *
 * <p>Thread-safety: stateless.
 */
final class ModelChecksum {
  private static final long CHUNK_BYTES = 1L << 30;
  private static final int COPY_BYTES = 1 << 16;

  private ModelChecksum() {}

  /** Masked CRC32C of the first {@code length} bytes of {@code bytes}. */
  static int of(MemorySegment bytes, long length) {
    CRC32C crc = new CRC32C();
    try {
      for (long done = 0; done < length; done += CHUNK_BYTES) {
        crc.update(bytes.asSlice(done, Math.min(CHUNK_BYTES, length - done)).asByteBuffer());
      }
    } catch (UnsupportedOperationException notBytes) {
      // A heap segment over a long[] or similar has no byte-buffer view: copy it through a buffer.
      crc.reset();
      byte[] buffer = new byte[COPY_BYTES];
      for (long done = 0; done < length; done += COPY_BYTES) {
        int chunk = (int) Math.min(COPY_BYTES, length - done);
        MemorySegment.copy(bytes, ValueLayout.JAVA_BYTE, done, buffer, 0, chunk);
        crc.update(buffer, 0, chunk);
      }
    }
    return Crc32c.mask((int) crc.getValue());
  }
}
