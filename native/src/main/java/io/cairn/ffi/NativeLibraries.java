package io.cairn.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;

/**
 * Whether a system shared library can be loaded here, asked without keeping it loaded: how the
 * backends that depend on PMDK libraries (llpl's {@code libpmemobj.so.1}) explain their absence
 * before anything fails with an {@link UnsatisfiedLinkError}.
 *
 * <p>Thread-safety: stateless.
 */
public final class NativeLibraries {
  private NativeLibraries() {}

  /**
   * Opens and closes {@code library} ({@code dlopen} search rules).
   *
   * @param library e.g. {@code "libpmemobj.so.1"}
   * @param installHint what to install when absent, e.g. {@code "apt-get install libpmemobj1"}
   */
  @SuppressWarnings("restricted") // the point of this module: it is the one granted native access
  public static Availability probe(String library, String installHint) {
    try (Arena arena = Arena.ofConfined()) {
      SymbolLookup.libraryLookup(library, arena);
      return Availability.yes();
    } catch (IllegalArgumentException e) {
      return Availability.no(library + " not found (" + installHint + ")");
    } catch (IllegalCallerException e) {
      return Availability.no("native access is denied to io.cairn.ffi (run java with"
          + " --enable-native-access=io.cairn.ffi, or ALL-UNNAMED on the class path)");
    }
  }
}
