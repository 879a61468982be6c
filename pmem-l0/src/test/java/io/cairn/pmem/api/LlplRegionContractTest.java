package io.cairn.pmem.api;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the llpl backend; skipped with the reason where libpmemobj1/libpmempool1 are missing. */
class LlplRegionContractTest extends PmemRegionContract {
  @TempDir Path dir;

  @BeforeAll
  static void llplIsAvailable() {
    BackendStatus status = Pmem.status(PmemBackend.LLPL);
    assumeTrue(status.available(), () -> "llpl backend not available: " + status.reason());
  }

  @Override
  PmemDirectory directory() {
    return Pmem.directory(dir, RegionOptions.defaults().withBackend(PmemBackend.LLPL));
  }

  @Override
  PmemDirectory restart(PmemDirectory directory) {
    return Pmem.directory(dir, RegionOptions.defaults().withBackend(PmemBackend.LLPL));
  }

  @Override
  PmemBackend backend() {
    return PmemBackend.LLPL;
  }
}
