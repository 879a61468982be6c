/** The LSM-tree key-value engine: public API in {@code io.cairn.lsm.api}, everything else internal. */
module io.cairn.lsm {
  requires transitive io.cairn.common;
  requires transitive io.cairn.pmem;
  requires org.slf4j;
  requires org.lz4.java;
  requires jdk.management; // com.sun.management.HotSpotDiagnosticMXBean: the G1 region size (memtable arena)
  requires jdk.unsupported; // com.sun.nio.file.ExtendedOpenOption.DIRECT: O_DIRECT table I/O

  exports io.cairn.lsm.api;
}
