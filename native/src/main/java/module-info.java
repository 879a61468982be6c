/** Panama bindings to libpmem (map, persist, memcpy_persist, is_pmem) and CPU flush detection. The only Cairn module besides the llpl backend that needs native access. */
module io.cairn.ffi {
  requires transitive io.cairn.common;
  requires org.slf4j;
}
