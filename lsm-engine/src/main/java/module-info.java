/** The LSM-tree key-value engine: public API in {@code io.cairn.lsm.api}, everything else internal. */
module io.cairn.lsm {
  requires transitive io.cairn.common;
  requires transitive io.cairn.pmem;
  requires org.slf4j;
  requires org.lz4.java;

  exports io.cairn.lsm.api;
}
