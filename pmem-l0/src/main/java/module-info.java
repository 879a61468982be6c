/**
 * Persistent-memory regions and the L0 NVMTables that live on them.
 *
 * <p>Exported: {@code io.cairn.pmem.api} (the region interface, directories, backend selection
 * and options, the latency model, {@code pmem check}), {@code io.cairn.pmem.l0} (NVMTables, their
 * builder and iterators, the L0 table set: what the engine uses) and {@code io.cairn.pmem.testing}
 * (the crash-simulating region and directory, for other modules' tests). The backends and the
 * NVMTable internals ({@code io.cairn.pmem.l0.internal}: formats, checks, search) are internal.
 * Native code is reached only through {@code io.cairn.ffi} and llpl's JNI library, so those two
 * need native access ({@code --enable-native-access=io.cairn.ffi,llpl}, or ALL-UNNAMED on the
 * class path, as {@code ./cairn} and the tests run).
 */
module io.cairn.pmem {
  requires transitive io.cairn.common;
  requires io.cairn.ffi;
  requires io.cairn.pgm;
  requires jdk.nio.mapmode;
  requires llpl;
  requires org.slf4j;

  exports io.cairn.pmem.api;
  exports io.cairn.pmem.l0;
  exports io.cairn.pmem.testing;
}
