package io.cairn.lsm.internal.memtable;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * The G1 heap region size of this JVM, for {@link EntryArena}'s chunks: G1 allocates an object
 * larger than half a region as humongous (in regions of its own, outside the young generation) and
 * never copies it; it frees it at the first collection after it became unreachable (eager reclaim
 * of primitive arrays) or at a mixed collection. The size is the VM option {@code
 * G1HeapRegionSize}, as G1 chose it from the heap (1 MiB for the nodes' 1 GiB heap and the bench's
 * 2 GiB child, 2 MiB for 3-7 GiB, 4 MiB for 8 GiB, on JDK 25) or as given.
 *
 * <p>Under another collector, or where the option cannot be read, {@link #regionBytes()} is
 * {@value #DEFAULT_REGION_BYTES}: the chunks are then that size, and whether the collector copies
 * them is its own business (ZGC, for one, never relocates objects of its large pages).
 */
final class HeapRegions {
  /** The region size assumed when the VM does not say (G1's smallest). */
  static final long DEFAULT_REGION_BYTES = 1L << 20;
  /**
   * Room left in a region beside a humongous chunk: the array's header (16 bytes, 12 with compact
   * headers) rounded up, so that the chunk fills exactly one region.
   */
  static final int HEADER_ROOM_BYTES = 64;

  private static final long REGION_BYTES = probe();

  private HeapRegions() {}

  /** The G1 region size in bytes (see the class comment for other collectors). */
  static long regionBytes() {
    return REGION_BYTES;
  }

  /** The length of a {@code byte[]} that fills one region and is humongous: region minus header room. */
  static int humongousChunkBytes() {
    return (int) Math.min(Integer.MAX_VALUE - 8, REGION_BYTES - HEADER_ROOM_BYTES);
  }

  private static long probe() {
    try {
      HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      if (vm == null || !Boolean.parseBoolean(vm.getVMOption("UseG1GC").getValue())) {
        return DEFAULT_REGION_BYTES;
      }
      long bytes = Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue());
      return bytes >= DEFAULT_REGION_BYTES ? bytes : DEFAULT_REGION_BYTES;
    } catch (RuntimeException | LinkageError e) {
      return DEFAULT_REGION_BYTES;
    }
  }
}
