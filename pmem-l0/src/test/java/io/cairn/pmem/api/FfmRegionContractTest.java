package io.cairn.pmem.api;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the FFM mapped-file backend (the default; available everywhere). */
class FfmRegionContractTest extends PmemRegionContract {
  @TempDir Path dir;

  @Override
  PmemDirectory directory() {
    return Pmem.directory(dir, RegionOptions.defaults());
  }

  @Override
  PmemDirectory restart(PmemDirectory directory) {
    return Pmem.directory(dir, RegionOptions.defaults());
  }

  @Override
  PmemBackend backend() {
    return PmemBackend.FFM;
  }
}
