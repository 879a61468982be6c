package io.cairn.pmem.testing;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.pmem.api.PmemRegion;
import io.cairn.pmem.backend.RegionFormat;
import java.lang.foreign.MemorySegment;
import java.util.Iterator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The contents of one simulated region file (header + payload) and the cache lines written since
 * they were last durable. For each such line it keeps the bytes that are durable (as of its last
 * completed fence), the bytes captured by a flush still waiting for its fence, and whether it was
 * written since that flush. A crash image replaces each such line by a choice among those
 * versions and the current one.
 *
 * <p>Thread-safety: every method except construction is called holding the {@link SimulatedPower}
 * monitor.
 */
final class SimulatedFile {
  /** The largest simulated file: it is held in one Java array. */
  static final long FILE_BYTES_MAX = Integer.MAX_VALUE - 64;

  private static final int LINE_BYTES = PmemRegion.CACHE_LINE_BYTES;
  private static final int WORD_BYTES = 8;

  /** The outcome of a crash for one line. */
  enum Fate { KEPT, DROPPED, TORN }

  private static final class Line {
    byte[] durable;
    byte[] flushed;
    boolean written;
  }

  /** The region's name; changed only by a rename in its directory, under the power's lock. */
  volatile String name;
  final SimulatedPower power;
  final MemorySegment memory;
  final MemorySegment payload;
  private final TreeMap<Long, Line> lines = new TreeMap<>();

  private SimulatedFile(String name, SimulatedPower power, long fileBytes) {
    this.name = name;
    this.power = power;
    // A long[] makes the segment 8-byte aligned, which atomic 8-byte access requires.
    this.memory = MemorySegment.ofArray(new long[(int) ((fileBytes + 7) / 8)]).asSlice(0, fileBytes);
    this.payload = memory.asSlice(RegionFormat.HEADER_BYTES);
  }

  /** A new zero-filled file with a durable header, registered with {@code power}. */
  static SimulatedFile create(String name, SimulatedPower power, long payloadBytes) {
    byte[] header = RegionFormat.encode(payloadBytes);
    checkFileBytes(RegionFormat.HEADER_BYTES + payloadBytes);
    SimulatedFile file = new SimulatedFile(name, power, RegionFormat.HEADER_BYTES + payloadBytes);
    MemorySegment.copy(header, 0, file.memory, JAVA_BYTE, 0, header.length);
    power.register(file);
    return file;
  }

  /**
   * A file holding {@code image} (header + payload), all of it durable, registered with {@code power}.
   *
   * @throws CorruptionException when the image's header or length is wrong
   */
  static SimulatedFile fromImage(String name, SimulatedPower power, byte[] image) {
    if (image.length < RegionFormat.HEADER_BYTES) {
      throw CorruptionException.at(name, 0, "image is " + image.length + " bytes, shorter than the region header");
    }
    byte[] header = java.util.Arrays.copyOf(image, RegionFormat.HEADER_BYTES);
    RegionFormat.checkFileBytes(image.length, RegionFormat.decode(header, name), name);
    SimulatedFile file = new SimulatedFile(name, power, image.length);
    MemorySegment.copy(image, 0, file.memory, JAVA_BYTE, 0, image.length);
    power.register(file);
    return file;
  }

  private static void checkFileBytes(long fileBytes) {
    if (fileBytes > FILE_BYTES_MAX) {
      throw new InvalidArgumentException("a crash-simulating region holds at most "
          + (FILE_BYTES_MAX - RegionFormat.HEADER_BYTES) + " bytes");
    }
  }

  /** Starts tracking the lines of a payload range about to be written. */
  void beforeWrite(long payloadOffset, long length) {
    power.countWrite();
    if (length == 0) {
      return;
    }
    long first = (RegionFormat.HEADER_BYTES + payloadOffset) / LINE_BYTES;
    long last = (RegionFormat.HEADER_BYTES + payloadOffset + length - 1) / LINE_BYTES;
    for (long index = first; index <= last; index++) {
      Line line = lines.get(index);
      if (line == null) {
        line = new Line();
        line.durable = lineBytes(index);
        lines.put(index, line);
      }
      line.written = true;
    }
  }

  /** Captures the lines of a payload range as flushed; counts lines with nothing to flush. */
  void flush(long payloadOffset, long length) {
    int redundant = 0;
    if (length > 0) {
      long first = (RegionFormat.HEADER_BYTES + payloadOffset) / LINE_BYTES;
      long last = (RegionFormat.HEADER_BYTES + payloadOffset + length - 1) / LINE_BYTES;
      for (long index = first; index <= last; index++) {
        Line line = lines.get(index);
        if (line == null || !line.written) {
          redundant++;
          continue;
        }
        line.flushed = lineBytes(index);
        line.written = false;
      }
    }
    power.countFlush(redundant);
  }

  /** Completes every flush: flushed bytes become durable; lines not written since are forgotten. */
  void applyFence() {
    for (Iterator<Line> it = lines.values().iterator(); it.hasNext(); ) {
      Line line = it.next();
      if (line.flushed != null) {
        line.durable = line.flushed;
        line.flushed = null;
        if (!line.written) {
          it.remove();
        }
      }
    }
  }

  int flushedLineCount() {
    int count = 0;
    for (Line line : lines.values()) {
      count += line.flushed != null ? 1 : 0;
    }
    return count;
  }

  int unflushedLineCount() {
    int count = 0;
    for (Line line : lines.values()) {
      count += line.written ? 1 : 0;
    }
    return count;
  }

  /** Whether every line of a payload range is durable as it reads now. */
  boolean isPersisted(long payloadOffset, long length) {
    if (length == 0) {
      return true;
    }
    long first = (RegionFormat.HEADER_BYTES + payloadOffset) / LINE_BYTES;
    long last = (RegionFormat.HEADER_BYTES + payloadOffset + length - 1) / LINE_BYTES;
    return lines.subMap(first, true, last, true).isEmpty();
  }

  /**
   * The whole file as a power cut could leave it: every tracked line kept, dropped or torn,
   * chosen by {@code random} in line order (so the same seed gives the same image).
   *
   * @param fates counts per {@link Fate}, incremented
   */
  byte[] crashImage(SplittableRandom random, int[] fates) {
    byte[] image = memory.toArray(JAVA_BYTE);
    for (Map.Entry<Long, Line> entry : lines.entrySet()) {
      int start = (int) (entry.getKey() * LINE_BYTES);
      Line line = entry.getValue();
      Fate fate = Fate.values()[random.nextInt(3)];
      fates[fate.ordinal()]++;
      switch (fate) {
        case KEPT -> { }
        case DROPPED -> System.arraycopy(line.durable, 0, image, start, line.durable.length);
        case TORN -> tear(line, image, start, random);
      }
    }
    return image;
  }

  /** Each aligned 8-byte word independently from one of the line's versions: never a mix inside a word. */
  private static void tear(Line line, byte[] image, int start, SplittableRandom random) {
    for (int word = 0; word < line.durable.length; word += WORD_BYTES) {
      int bytes = Math.min(WORD_BYTES, line.durable.length - word);
      int choice = random.nextInt(line.flushed == null ? 2 : 3);
      byte[] version = switch (choice) {
        case 0 -> line.durable;
        case 1 -> null;
        default -> line.flushed;
      };
      if (version != null) {
        System.arraycopy(version, word, image, start + word, bytes);
      }
    }
  }

  private byte[] lineBytes(long index) {
    long start = index * LINE_BYTES;
    return memory.asSlice(start, Math.min(LINE_BYTES, memory.byteSize() - start)).toArray(JAVA_BYTE);
  }
}
