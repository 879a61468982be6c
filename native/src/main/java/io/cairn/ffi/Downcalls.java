package io.cairn.ffi;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/** Builds downcall handles for one library and turns a failed lookup into a clear message. */
final class Downcalls {
  private final String library;
  private final SymbolLookup symbols;
  private final Linker linker;

  Downcalls(String library, SymbolLookup symbols, Linker linker) {
    this.library = library;
    this.symbols = symbols;
    this.linker = linker;
  }

  /** @throws MissingSymbolException when the library lacks {@code name} */
  @SuppressWarnings("restricted") // linking native functions is this class's job
  MethodHandle handle(String name, FunctionDescriptor descriptor, Linker.Option... options) {
    MemorySegment address = symbols.find(name).orElseThrow(() -> new MissingSymbolException(
        library + " has no symbol " + name + " (a libpmem older than PMDK 1.5?)"));
    return linker.downcallHandle(address, descriptor, options);
  }

  /**
   * What {@code invokeExact} threw, as an unchecked exception: runtime exceptions and errors pass
   * through unchanged; a checked one (which a downcall never throws) is wrapped.
   */
  static RuntimeException unchecked(Throwable thrown) {
    if (thrown instanceof RuntimeException runtime) {
      return runtime;
    }
    if (thrown instanceof Error error) {
      throw error;
    }
    return new IllegalStateException("unexpected checked exception from a downcall", thrown);
  }
}
