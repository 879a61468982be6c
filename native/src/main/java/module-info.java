/**
 * Panama ({@code java.lang.foreign}) bindings to libpmem (map, flush, drain, persist,
 * memcpy_persist, is_pmem, msync, unmap, errormsg) and detection of the CPU's cache-flush
 * instructions. No C code: the system library {@code libpmem.so.1} is loaded at run time, and where
 * it is absent {@link io.cairn.ffi.LibPmem#availability()} says why. With the llpl backend of
 * {@code io.cairn.pmem}, the only Cairn code that needs native access
 * ({@code --enable-native-access=io.cairn.ffi}, or {@code ALL-UNNAMED} on the class path).
 */
module io.cairn.ffi {
  requires transitive io.cairn.common;
  requires org.slf4j;

  exports io.cairn.ffi;
}
