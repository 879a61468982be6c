package io.cairn.pgm.internal;

import static io.cairn.pgm.PgmFormat.EPSILON_OFFSET;
import static io.cairn.pgm.PgmFormat.EPSILON_RECURSIVE_OFFSET;
import static io.cairn.pgm.PgmFormat.KEY_COUNT_OFFSET;
import static io.cairn.pgm.PgmFormat.LEVEL_COUNT_OFFSET;
import static io.cairn.pgm.PgmFormat.LEVEL_TABLE_OFFSET;
import static io.cairn.pgm.PgmFormat.MAGIC;
import static io.cairn.pgm.PgmFormat.MAGIC_OFFSET;
import static io.cairn.pgm.PgmFormat.MODEL_BYTES_OFFSET;
import static io.cairn.pgm.PgmFormat.SEGMENT_COUNT_OFFSET;
import static io.cairn.pgm.PgmFormat.VERSION;
import static io.cairn.pgm.PgmFormat.VERSION_OFFSET;
import static io.cairn.pgm.internal.ModelWriter.U16;
import static io.cairn.pgm.internal.ModelWriter.U32;
import static io.cairn.pgm.internal.ModelWriter.U64;

import io.cairn.common.CorruptionException;
import io.cairn.pgm.PgmFormat;
import io.cairn.pgm.PgmIndex;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Checks a serialised model ({@link PgmFormat}) and returns a {@link MemorySegmentTable} that reads
 * its columns in place. Every rule of the format is checked before the first lookup, in O(model
 * size): header fields and bounds, total size, padding, checksum, then the structure (levels
 * nested and canonical, first keys increasing, slopes finite, intercepts in range). A model that
 * passes cannot make a lookup throw or index outside its arrays.
 *
 * <p>Thread-safety: stateless.
 */
public final class ModelReader {
  private static final String WHERE = "pgm model";

  private ModelReader() {}

  /**
   * Checks the model at offset 0 of {@code bytes} (which may be longer than the model).
   *
   * @throws CorruptionException naming the offset and the failed check
   */
  public static MemorySegmentTable read(MemorySegment bytes) {
    long available = bytes.byteSize();
    if (available < LEVEL_TABLE_OFFSET) {
      throw truncated(available, LEVEL_TABLE_OFFSET);
    }
    int magic = bytes.get(U32, MAGIC_OFFSET);
    if (magic != MAGIC) {
      throw CorruptionException.at(WHERE, MAGIC_OFFSET, "bad magic 0x" + Integer.toHexString(magic));
    }
    int version = Short.toUnsignedInt(bytes.get(U16, VERSION_OFFSET));
    if (version != VERSION) {
      throw CorruptionException.at(WHERE, VERSION_OFFSET, "unsupported format version " + version);
    }
    int levels = Short.toUnsignedInt(bytes.get(U16, LEVEL_COUNT_OFFSET));
    long epsilon = u32(bytes, EPSILON_OFFSET);
    long epsilonRecursive = u32(bytes, EPSILON_RECURSIVE_OFFSET);
    long keyCount = u32(bytes, KEY_COUNT_OFFSET);
    long segments = u32(bytes, SEGMENT_COUNT_OFFSET);
    long total = bytes.get(U64, MODEL_BYTES_OFFSET);
    check(levels >= 1 && levels <= PgmFormat.MAX_LEVELS, LEVEL_COUNT_OFFSET, "level count " + levels);
    check(epsilon >= 1 && epsilon <= PgmIndex.MAX_EPSILON, EPSILON_OFFSET, "epsilon " + epsilon);
    check(epsilonRecursive >= 1 && epsilonRecursive <= PgmIndex.MAX_EPSILON,
        EPSILON_RECURSIVE_OFFSET, "upper-level epsilon " + epsilonRecursive);
    check(keyCount <= PgmIndex.MAX_KEYS, KEY_COUNT_OFFSET, "key count " + keyCount);
    check(segments >= levels && segments <= Integer.MAX_VALUE, SEGMENT_COUNT_OFFSET,
        "segment count " + segments + " for " + levels + " levels");
    long expected = PgmFormat.modelBytes(levels, segments);
    check(total == expected, MODEL_BYTES_OFFSET,
        "model size " + total + ", but " + levels + " levels of " + segments + " segments take " + expected);
    if (available < total) {
      throw truncated(available, total);
    }
    MemorySegment model = bytes.asSlice(0, total);
    long crcOffset = total - PgmFormat.CRC_BYTES;
    int stored = model.get(U32, crcOffset);
    int actual = ModelChecksum.of(model, crcOffset);
    check(stored == actual, crcOffset, "checksum mismatch: stored 0x" + Integer.toHexString(stored)
        + ", computed 0x" + Integer.toHexString(actual));
    int[] levelStarts = levelStarts(model, levels, segments);
    long keys = PgmFormat.keysOffset(levels);
    checkZero(model, LEVEL_TABLE_OFFSET + 4L * levels, keys);
    checkZero(model, keys + PgmFormat.SEGMENT_BYTES * segments, crcOffset);
    MemorySegmentTable table = new MemorySegmentTable(
        (int) keyCount, (int) epsilon, (int) epsilonRecursive, levelStarts, model, keys);
    checkStructure(table, keys);
    return table;
  }

  private static int[] levelStarts(MemorySegment model, int levels, long segments) {
    int[] starts = new int[levels + 1];
    long sum = 0;
    for (int level = 0; level < levels; level++) {
      long offset = LEVEL_TABLE_OFFSET + 4L * level;
      long count = u32(model, offset);
      boolean top = level == levels - 1;
      // Canonical: only the top level has a single segment, and each level is smaller than the one below.
      check(top ? count == 1 : count >= 2, offset, "level " + level + " has " + count + " segments");
      check(level == 0 || count < starts[level] - starts[level - 1], offset,
          "level " + level + " is not smaller than the level below");
      sum += count;
      check(sum <= segments, offset, "level sizes exceed the segment count " + segments);
      starts[level + 1] = (int) sum;
    }
    check(sum == segments, LEVEL_TABLE_OFFSET, "level sizes add up to " + sum + ", not " + segments);
    return starts;
  }

  private static void checkStructure(MemorySegmentTable table, long keysOffset) {
    int segments = table.segmentCount();
    long slopesOffset = keysOffset + (long) Long.BYTES * segments;
    long interceptsOffset = slopesOffset + (long) Double.BYTES * segments;
    for (int level = 0; level < table.levelCount(); level++) {
      int from = table.levelStart(level);
      int to = table.levelStart(level + 1);
      // Answers at this level: positions 0..n at the bottom, segment numbers of the level below above it.
      long answerMax = level == 0 ? table.keyCount() : table.levelStart(level) - table.levelStart(level - 1) - 1;
      long slack = (level == 0 ? table.epsilon() : table.epsilonRecursive()) + 1L;
      int below = level == 0 ? -1 : table.levelStart(level - 1);
      for (int segment = from; segment < to; segment++) {
        long key = table.key(segment);
        long keyAt = keysOffset + (long) Long.BYTES * segment;
        check(segment == from ? key == 0 : Long.compareUnsigned(table.key(segment - 1), key) < 0, keyAt,
            "first key of segment " + segment + " does not increase (level " + level + ")");
        if (level > 0) {
          while (below < from && Long.compareUnsigned(table.key(below), key) < 0) {
            below++;
          }
          check(below < from && table.key(below) == key, keyAt,
              "segment " + segment + " does not start where a segment of the level below starts");
        }
        double slope = table.slope(segment);
        check(Double.isFinite(slope), slopesOffset + (long) Double.BYTES * segment,
            "slope of segment " + segment + " is " + slope);
        int intercept = table.intercept(segment);
        check(intercept >= -slack && intercept <= answerMax + slack,
            interceptsOffset + (long) Integer.BYTES * segment,
            "intercept " + intercept + " of segment " + segment + " is outside [-" + slack + ", "
                + (answerMax + slack) + "]");
      }
    }
  }

  private static void checkZero(MemorySegment model, long from, long to) {
    for (long offset = from; offset < to; offset++) {
      check(model.get(ValueLayout.JAVA_BYTE, offset) == 0, offset, "padding is not zero");
    }
  }

  private static long u32(MemorySegment bytes, long offset) {
    return Integer.toUnsignedLong(bytes.get(U32, offset));
  }

  private static void check(boolean condition, long offset, String what) {
    if (!condition) {
      throw CorruptionException.at(WHERE, offset, what);
    }
  }

  private static CorruptionException truncated(long available, long needed) {
    return CorruptionException.at(WHERE, available,
        "truncated: " + available + " bytes, the model needs " + needed);
  }
}
