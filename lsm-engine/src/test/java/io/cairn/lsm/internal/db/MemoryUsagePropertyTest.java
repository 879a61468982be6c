package io.cairn.lsm.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.internal.fs.InMemoryFileLayer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code cairn.approximate-memory-usage} counts each memtable's key filter, which is allocated
 * whole when the memtable is made (one bit per 8 bytes of write buffer), not only the entries.
 */
class MemoryUsagePropertyTest {
  private static final long WRITE_BUFFER = 8L << 20;

  @Test
  void anEmptyDatabaseAlreadyHoldsItsMemTableFilter() throws Exception {
    Options options = Options.builder().writeBufferBytes(WRITE_BUFFER).build();
    try (Db db = DbImpl.open(Path.of("/db"), options, new InMemoryFileLayer())) {
      long usage = Long.parseLong(db.property("cairn.approximate-memory-usage"));
      assertThat(usage).as("an 8 MiB write buffer's filter is 1 MiB / 8").isGreaterThanOrEqualTo(WRITE_BUFFER / 64);
      assertThat(usage).isLessThan(WRITE_BUFFER / 64 + (64 << 10));
    }
  }
}
