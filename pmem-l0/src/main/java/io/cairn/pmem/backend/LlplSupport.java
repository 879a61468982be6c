package io.cairn.pmem.backend;

import com.intel.pmem.llpl.AnyHeap;
import io.cairn.common.NotSupportedException;
import io.cairn.ffi.Availability;
import io.cairn.ffi.NativeLibraries;
import java.util.List;
import java.util.Locale;

/**
 * Whether llpl can run here. llpl's JNI library ({@code libllpl.so}, shipped inside its jar for
 * Linux x86-64) links PMDK's {@code libpmemobj.so.1} and {@code libpmempool.so.1}; when either is
 * missing, initialising llpl fails with an {@link UnsatisfiedLinkError}. The libraries are
 * therefore looked up first, so the answer names the package to install.
 *
 * <p>Thread-safety: the answer is computed once per JVM.
 */
public final class LlplSupport {
  private static final List<String> LIBRARIES = List.of("libpmemobj.so.1", "libpmempool.so.1");

  private LlplSupport() {}

  private static final class Shared {
    static final Availability AVAILABILITY = probe();
  }

  /** Whether the llpl backend works here, and if not, why. Never throws. */
  public static Availability availability() {
    return Shared.AVAILABILITY;
  }

  /** @throws NotSupportedException "llpl not available: why" when it does not work here */
  public static void require() {
    Availability availability = availability();
    if (!availability.available()) {
      throw new NotSupportedException("llpl not available: " + availability.reason());
    }
  }

  private static Availability probe() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "");
    if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      return Availability.no("llpl ships its JNI library for Linux x86-64 only (this is "
          + System.getProperty("os.name") + " " + arch + ")");
    }
    for (String library : LIBRARIES) {
      Availability loadable = NativeLibraries.probe(library, "install PMDK: apt-get install libpmemobj1 libpmempool1");
      if (!loadable.available()) {
        return loadable;
      }
    }
    try {
      long minimum = AnyHeap.MINIMUM_HEAP_SIZE;
      return minimum > 0 ? Availability.yes() : Availability.no("llpl reports a minimum heap of " + minimum + " bytes");
    } catch (LinkageError | RuntimeException e) {
      return Availability.no("llpl failed to initialise: " + e);
    }
  }
}
