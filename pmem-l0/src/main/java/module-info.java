/** Persistent-memory regions and the L0 NVMTables that live on them. */
module io.cairn.pmem {
  requires transitive io.cairn.common;
  requires io.cairn.ffi;
  requires io.cairn.pgm;
  requires org.slf4j;
}
