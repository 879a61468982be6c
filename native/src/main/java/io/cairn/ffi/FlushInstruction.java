package io.cairn.ffi;

/**
 * x86-64 instructions that write a cache line back to memory, best first. Each must be followed
 * by a store fence (SFENCE) before the write-back is known to be complete.
 */
public enum FlushInstruction {
  /** Cache line write-back: writes the line back and may keep it cached (best; Skylake-SP and later). */
  CLWB("clwb"),
  /** Optimised flush: writes back and evicts the line; weakly ordered, so many can be in flight. */
  CLFLUSHOPT("clflushopt"),
  /** Legacy flush: writes back and evicts; serialised with other stores, so slow for many lines. */
  CLFLUSH("clflush");

  private final String cpuFlag;

  FlushInstruction(String cpuFlag) {
    this.cpuFlag = cpuFlag;
  }

  /** The name of the flag in {@code /proc/cpuinfo} (also the usual lower-case mnemonic). */
  public String cpuFlag() {
    return cpuFlag;
  }
}
