package io.cairn.replication.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.lsm.api.L0Mode;
import io.cairn.lsm.api.Options;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The options of a node's three databases (session 16: the record store without bloom filters). */
class NodeStoresTest {
  @Test
  void theRecordStoreAloneKeepsNoBloomFilters() {
    for (Path pmem : new Path[] {null, Path.of("/pmem")}) {
      assertThat(NodeStores.options(pmem, "records").bloomBitsPerKey()).isZero();
      assertThat(NodeStores.options(pmem, "ledger").bloomBitsPerKey()).isEqualTo(Options.defaults().bloomBitsPerKey());
      assertThat(NodeStores.options(pmem, "log").bloomBitsPerKey()).isEqualTo(Options.defaults().bloomBitsPerKey());
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
