package io.cairn.replication.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.lsm.api.L0Mode;
import io.cairn.lsm.api.Options;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The options of a node's three databases (session 16: the record store without bloom filters;
 * session 17: the ledger's L0 merged into L1 at 8 tables).
 */
class NodeStoresTest {
  @Test
  void theRecordStoreAloneKeepsNoBloomFilters() {
    for (Path pmem : new Path[] {null, Path.of("/pmem")}) {
      assertThat(NodeStores.options(pmem, "records").bloomBitsPerKey()).isZero();
      assertThat(NodeStores.options(pmem, "ledger").bloomBitsPerKey()).as("the ledger's filters (session 19)")
          .isEqualTo(NodeStores.LEDGER_BLOOM_BITS_PER_KEY).isGreaterThan(Options.defaults().bloomBitsPerKey());
      assertThat(NodeStores.options(pmem, "log").bloomBitsPerKey()).isEqualTo(Options.defaults().bloomBitsPerKey());
    }
  }

  @Test
  void theLedgerAloneHoldsEightL0TablesBeforeItsL0IsMergedIntoL1() {
    for (Path pmem : new Path[] {null, Path.of("/pmem")}) {
      assertThat(NodeStores.options(pmem, "ledger").l0CompactionTrigger())
          .isEqualTo(NodeStores.LEDGER_L0_COMPACTION_TRIGGER).isEqualTo(8);
      assertThat(NodeStores.options(pmem, "log").l0CompactionTrigger()).isEqualTo(Options.defaults().l0CompactionTrigger());
      assertThat(NodeStores.options(pmem, "records").l0CompactionTrigger()).isEqualTo(Options.defaults().l0CompactionTrigger());
      // writes are slowed and stopped at the engine's counts, well above the new trigger
      assertThat(NodeStores.options(pmem, "ledger").l0SlowdownTrigger()).isEqualTo(Options.defaults().l0SlowdownTrigger())
          .isGreaterThan(NodeStores.LEDGER_L0_COMPACTION_TRIGGER);
    }
  }

  @Test
  void aPmemDirectoryPutsEachDatabasesL0InItsOwnFolder() {
    for (String name : new String[] {"log", "ledger", "records"}) {
      Options options = NodeStores.options(Path.of("/pmem"), name);
      assertThat(options.l0Mode()).isEqualTo(L0Mode.PMEM);
      assertThat(options.pmemDirectory()).isEqualTo(Path.of("/pmem", name));
      assertThat(NodeStores.options(null, name).l0Mode()).isEqualTo(L0Mode.SSD);
    }
  }
}
