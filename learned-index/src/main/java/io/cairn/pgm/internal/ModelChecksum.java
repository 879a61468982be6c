package io.cairn.pgm.internal;

import io.cairn.common.Crc32c;
import io.cairn.common.InvalidArgumentException;
import java.lang.foreign.MemorySegment;
import java.util.zip.CRC32C;

/**
 * The masked CRC32C that ends a serialised model, computed in place over a memory segment of any
 * size (the common helper takes at most 2 GiB at once).
 *
 * <p>Thread-safety: stateless.
 */
final class ModelChecksum {
  private static final long CHUNK_BYTES = 1L << 30;

  private ModelChecksum() {}

  /**
   * Masked CRC32C of the first {@code length} bytes of {@code bytes}.
   *
   * @throws InvalidArgumentException when the segment cannot be viewed as a byte buffer (a heap
   *     segment over an array other than {@code byte[]})
   */
  static int of(MemorySegment bytes, long length) {
    CRC32C crc = new CRC32C();
    try {
      for (long done = 0; done < length; done += CHUNK_BYTES) {
        crc.update(bytes.asSlice(done, Math.min(CHUNK_BYTES, length - done)).asByteBuffer());
      }
    } catch (UnsupportedOperationException e) {
      throw new InvalidArgumentException(
          "a PGM model must be in native memory, a mapped file or a byte[]: " + bytes, e);
    }
    return Crc32c.mask((int) crc.getValue());
  }
}
