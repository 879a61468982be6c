package io.cairn.pmem.api;

/**
 * What {@link PmemRegion#flush} and {@link PmemRegion#fence} do underneath for one open region.
 * The contract of the region is the same in every mode; the modes differ in cost and in what
 * survives a power cut as opposed to a process crash (see {@code docs/persistence.md}).
 */
public enum DurabilityMode {
  /** MAP_SYNC mapping on DAX: flush writes back CPU cache lines and fences (JDK force); real pmem. */
  MAP_SYNC("MAP_SYNC: cache-line write-back on DAX"),
  /** libpmem on real pmem: flush = CLWB/CLFLUSHOPT/CLFLUSH, fence = SFENCE. */
  CPU_CACHE_FLUSH("CPU cache-line flush + SFENCE on real pmem"),
  /** Not pmem: flush = msync of the pages, durable on return if the file system is (emulated pmem). */
  MSYNC("msync of a shared mapping (emulated pmem)"),
  /** The crash-simulating region: flushes and fences are recorded, nothing reaches a device. */
  SIMULATED("simulated: lines tracked for crash images");

  private final String description;

  DurabilityMode(String description) {
    this.description = description;
  }

  /** One line for reports and logs. */
  public String description() {
    return description;
  }
}
