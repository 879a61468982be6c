package io.cairn.pmem.api;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the FFM backend with a latency model: the model delays, never changes results. */
class LatencyModelRegionContractTest extends PmemRegionContract {
  private static final RegionOptions OPTIONS = RegionOptions.defaults().withLatencyModel(new LatencyModel(50, 20, 30, 10));

  @TempDir Path dir;

  @Override
  PmemDirectory directory() {
    return Pmem.directory(dir, OPTIONS);
  }

  @Override
  PmemDirectory restart(PmemDirectory directory) {
    return Pmem.directory(dir, OPTIONS);
  }

  @Override
  PmemBackend backend() {
    return PmemBackend.FFM;
  }
}
