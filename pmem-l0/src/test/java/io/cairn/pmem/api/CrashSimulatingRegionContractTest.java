package io.cairn.pmem.api;

import io.cairn.pmem.testing.CrashSimulatingDirectory;

/** The contract on the crash simulator; a restart is a crash image, in which persisted data survives. */
class CrashSimulatingRegionContractTest extends PmemRegionContract {
  private long seed;

  @Override
  PmemDirectory directory() {
    return new CrashSimulatingDirectory("contract");
  }

  @Override
  PmemDirectory restart(PmemDirectory directory) {
    return ((CrashSimulatingDirectory) directory).crash(++seed);
  }

  @Override
  PmemBackend backend() {
    return PmemBackend.CRASH_SIMULATION;
  }
}
