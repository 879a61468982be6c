package io.cairn.pmem.api;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the libpmem backend; skipped with the reason where libpmem1 is not installed. */
class LibPmemRegionContractTest extends PmemRegionContract {
  @TempDir Path dir;

  @BeforeAll
  static void libpmemIsAvailable() {
    BackendStatus status = Pmem.status(PmemBackend.LIBPMEM);
    assumeTrue(status.available(), () -> "libpmem backend not available: " + status.reason());
  }

  @Override
  PmemDirectory directory() {
    return Pmem.directory(dir, RegionOptions.defaults().withBackend(PmemBackend.LIBPMEM));
  }

  @Override
  PmemDirectory restart(PmemDirectory directory) {
    return Pmem.directory(dir, RegionOptions.defaults().withBackend(PmemBackend.LIBPMEM));
  }

  @Override
  PmemBackend backend() {
    return PmemBackend.LIBPMEM;
  }
}
