package io.cairn.lsm.internal.sstable;

import io.cairn.common.CorruptionException;
import io.cairn.common.Crc32c;
import io.cairn.common.Varints;
import io.cairn.lsm.api.Compression;
import io.cairn.lsm.internal.fs.AppendFile;
import io.cairn.lsm.internal.fs.RandomReadFile;
import java.util.zip.CRC32C;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * Stores and loads blocks with their trailer ({@link TableFormat}): optional LZ4 compression and
 * the masked CRC32C. LZ4 comes from lz4-java's fastest available implementation (its bundled JNI
 * library where it loads, else pure Java); either way decompression uses the <em>safe</em>
 * decompressor, which never reads or writes outside its buffers on malformed input, so a corrupt
 * block fails its checks instead of crashing the process.
 *
 * <p>A writer stops trying LZ4 on data that does not compress (session 16): after {@link
 * #SKIP_AFTER} blocks in a row of one table that LZ4 did not shrink by 1/8, it stores blocks raw
 * without compressing them and tries only every {@link #PROBE_EVERY}-th; a tried block that
 * compresses makes it try every block again. A table of random bytes (a node's raw records, hashes)
 * then pays LZ4 on about one block in sixteen instead of every block, and a table of compressible
 * data is written exactly as before. Readers see no difference: each block's compression byte says
 * how it is stored, and a raw block was always allowed.
 *
 * <p>Thread-safety: an instance (used for writing) is confined to one table builder; {@link
 * #read} is stateless and safe from any thread.
 */
final class BlockCodec {
  private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();
  private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4.safeDecompressor();

  private final LZ4Compressor compressor = LZ4.fastCompressor();
  private final CRC32C crc = new CRC32C();
  private final byte[] trailer = new byte[TableFormat.TRAILER_BYTES];
  private byte[] compressed = new byte[0];
  /** Tried data blocks in a row, up to now, that LZ4 did not shrink enough to keep compressed. */
  private int incompressibleRun;
  /** Blocks stored raw untried since the last try, while {@link #incompressibleRun} is at least {@link #SKIP_AFTER}. */
  private int untried;

  /** Blocks in a row that did not compress after which blocks are only sampled. */
  static final int SKIP_AFTER = 8;
  /** While sampling, one block in this many is tried. */
  static final int PROBE_EVERY = 16;

  /**
   * Appends {@code raw[0, length)} as a block (compressed when asked and worth it) plus trailer
   * at file offset {@code offset}; returns its handle.
   */
  BlockHandle write(AppendFile file, long offset, byte[] raw, int length, Compression compression) {
    byte[] stored = raw;
    int storedLength = length;
    int type = TableFormat.COMPRESSION_NONE;
    if (compression == Compression.LZ4 && tryCompressing()) {
      int bound = Varints.MAX_VARINT32_BYTES + compressor.maxCompressedLength(length);
      if (compressed.length < bound) {
        compressed = new byte[bound];
      }
      int prefix = Varints.putVarint64(compressed, 0, length);
      int size = prefix + compressor.compress(raw, 0, length, compressed, prefix, compressed.length - prefix);
      if (size <= (long) length * TableFormat.COMPRESSION_KEEP_EIGHTHS / 8) {
        stored = compressed;
        storedLength = size;
        type = TableFormat.COMPRESSION_LZ4;
        incompressibleRun = 0;
      } else {
        incompressibleRun++;
      }
    }
    crc.reset();
    crc.update(stored, 0, storedLength);
    crc.update(type);
    trailer[0] = (byte) type;
    Varints.putFixed32(trailer, 1, Crc32c.mask((int) crc.getValue()));
    file.append(stored, 0, storedLength);
    file.append(trailer, 0, TableFormat.TRAILER_BYTES);
    return new BlockHandle(offset, storedLength);
  }

  /** Whether the next LZ4 block is to be tried: always, unless the last {@link #SKIP_AFTER} tries failed. */
  private boolean tryCompressing() {
    if (incompressibleRun < SKIP_AFTER || ++untried == PROBE_EVERY) {
      untried = 0;
      return true;
    }
    return false;
  }

  /**
   * Reads the block at {@code handle}, checks its checksum (when {@code verify}) and
   * decompresses it; returns the block contents in a new array.
   *
   * @throws CorruptionException naming the file and offset when the checksum, the compression
   *     byte or the compressed bytes are bad
   */
  static byte[] read(RandomReadFile file, BlockHandle handle, boolean verify) {
    int size = (int) handle.size();
    byte[] stored = readChecked(file, handle, verify);
    return stored[size] == TableFormat.COMPRESSION_NONE ? java.util.Arrays.copyOf(stored, size)
        : decompress(file, handle, stored, size);
  }

  /**
   * {@link #read} as a parsed {@link Block}. An uncompressed block is parsed in the array it was
   * read into, trailer and all, instead of being copied out of it (the profile of a get on a
   * block-cache miss showed that copy as a third of the bytes allocated).
   */
  static Block readBlock(RandomReadFile file, BlockHandle handle, boolean verify) {
    int size = (int) handle.size();
    byte[] stored = readChecked(file, handle, verify);
    return stored[size] == TableFormat.COMPRESSION_NONE ? Block.parse(stored, size, file.path(), handle.offset())
        : Block.parse(decompress(file, handle, stored, size), file.path(), handle.offset());
  }

  /** The stored block and its trailer, checksum checked (when {@code verify}) and type known. */
  private static byte[] readChecked(RandomReadFile file, BlockHandle handle, boolean verify) {
    int size = (int) handle.size();
    byte[] stored = new byte[size + TableFormat.TRAILER_BYTES];
    file.read(handle.offset(), stored, 0, stored.length);
    int type = stored[size] & 0xFF;
    if (verify) {
      CRC32C crc = new CRC32C();
      crc.update(stored, 0, size + 1);
      int expected = Crc32c.unmask(Varints.getFixed32(stored, size + 1));
      if ((int) crc.getValue() != expected) {
        throw CorruptionException.at(file.path(), handle.offset(), "block checksum mismatch");
      }
    }
    if (type != TableFormat.COMPRESSION_NONE && type != TableFormat.COMPRESSION_LZ4) {
      throw CorruptionException.at(file.path(), handle.offset(), "unknown block compression type " + type);
    }
    return stored;
  }

  private static byte[] decompress(RandomReadFile file, BlockHandle handle, byte[] stored, int size) {
    long rawLength;
    int prefix;
    try {
      rawLength = Varints.getVarint64(stored, 0, size);
      prefix = Varints.endOfVarint(stored, 0, size);
    } catch (CorruptionException e) {
      throw CorruptionException.at(file.path(), handle.offset(), "malformed LZ4 length prefix: " + e.getMessage());
    }
    if (rawLength > 255L * size + 64 || rawLength > Integer.MAX_VALUE - 16) {
      throw CorruptionException.at(file.path(), handle.offset(),
          "LZ4 block claims " + rawLength + " bytes from " + size + " stored bytes");
    }
    byte[] raw = new byte[(int) rawLength];
    int produced;
    try {
      produced = DECOMPRESSOR.decompress(stored, prefix, size - prefix, raw, 0, raw.length);
    } catch (LZ4Exception e) {
      throw CorruptionException.at(file.path(), handle.offset(), "malformed LZ4 block: " + e.getMessage());
    }
    if (produced != rawLength) {
      throw CorruptionException.at(file.path(), handle.offset(),
          "LZ4 block decompressed to " + produced + " bytes, expected " + rawLength);
    }
    return raw;
  }
}
