package io.cairn.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.cairn.common.CairnIoException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.common.NotSupportedException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downcalls to the system's libpmem ({@code libpmem.so.1}, Debian package {@code libpmem1}) through
 * the foreign function API: {@code pmem_map_file}, {@code pmem_unmap}, {@code pmem_flush}, {@code
 * pmem_drain}, {@code pmem_persist}, {@code pmem_memcpy_persist}, {@code pmem_is_pmem}, {@code
 * pmem_msync}, {@code pmem_has_auto_flush} and {@code pmem_errormsg}. See libpmem(7).
 *
 * <p>Loading: {@link #load()} opens the library once per JVM; where it is absent (or native access
 * is denied) it throws {@link NotSupportedException} with the reason, and {@link #availability()}
 * reports the same reason without throwing. The library name can be replaced with the system
 * property {@value #LIBRARY_PROPERTY} (a file name or an absolute path).
 *
 * <p>Memory safety: every address passed to libpmem is a {@link MemorySegment} whose bounds and
 * arena the JDK checks before the call, and whose arena it keeps alive during the call, so a range
 * outside a mapping or an unmapped mapping raises an exception instead of a fault. The mappings
 * themselves belong to the arena given to {@link #mapFile}.
 *
 * <p>Thread-safety: stateless after loading; every method may be called from any thread. libpmem
 * keeps its last error message per thread, so {@link #errorMessage()} describes the last failure on
 * the calling thread.
 */
public final class LibPmem {
  /** System property naming the library to load instead of {@value #DEFAULT_LIBRARY}. */
  public static final String LIBRARY_PROPERTY = "cairn.libpmem.library";
  /** The shared object loaded by default: libpmem's stable ABI (PMDK 1.x). */
  public static final String DEFAULT_LIBRARY = "libpmem.so.1";

  /** {@code PMEM_FILE_CREATE}: create the file if absent, sized to {@code length}. */
  public static final int FILE_CREATE = 1;
  /** {@code PMEM_FILE_EXCL}: with {@link #FILE_CREATE}, fail if the file exists. */
  public static final int FILE_EXCL = 1 << 1;
  /** {@code PMEM_FILE_SPARSE}: with {@link #FILE_CREATE}, do not preallocate blocks. */
  public static final int FILE_SPARSE = 1 << 2;
  /** {@code PMEM_FILE_TMPFILE}: map an unnamed temporary file in the directory {@code path}. */
  public static final int FILE_TMPFILE = 1 << 3;

  private static final Logger LOG = LoggerFactory.getLogger(LibPmem.class);

  private final String library;
  private final MethodHandle mapFile;
  private final MethodHandle unmap;
  private final MethodHandle flush;
  private final MethodHandle drain;
  private final MethodHandle persist;
  private final MethodHandle memcpyPersist;
  private final MethodHandle isPmem;
  private final MethodHandle msync;
  private final MethodHandle hasAutoFlush;
  private final MethodHandle errormsg;

  private LibPmem(String library, SymbolLookup symbols) {
    this.library = library;
    Linker linker = Linker.nativeLinker();
    // Short, non-blocking calls that may take heap segments (memcpy_persist's source) run as
    // critical downcalls: no thread-state transition, and heap arrays are passed in place.
    Linker.Option critical = Linker.Option.critical(true);
    Downcalls calls = new Downcalls(library, symbols, linker);
    mapFile = calls.handle("pmem_map_file",
        FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    unmap = calls.handle("pmem_unmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    flush = calls.handle("pmem_flush", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG), critical);
    drain = calls.handle("pmem_drain", FunctionDescriptor.ofVoid(), critical);
    persist = calls.handle("pmem_persist", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG), critical);
    memcpyPersist = calls.handle("pmem_memcpy_persist",
        FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG), critical);
    isPmem = calls.handle("pmem_is_pmem", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), critical);
    msync = calls.handle("pmem_msync", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    hasAutoFlush = calls.handle("pmem_has_auto_flush", FunctionDescriptor.of(JAVA_INT));
    errormsg = calls.handle("pmem_errormsg", FunctionDescriptor.of(ADDRESS));
  }

  /** Loaded once, on first use, from the library named by {@value #LIBRARY_PROPERTY}. */
  private static final class Shared {
    static final Object LOADED = tryLoad(System.getProperty(LIBRARY_PROPERTY, DEFAULT_LIBRARY));
  }

  /**
   * The JVM-wide libpmem, loaded on first use.
   *
   * @throws NotSupportedException "libpmem not available: why" when it cannot be loaded
   */
  public static LibPmem load() {
    return unwrap(Shared.LOADED);
  }

  /**
   * Loads libpmem from {@code library} (a file name searched like {@code dlopen} does, or an
   * absolute path); each call opens the library again. For tests and for users with PMDK in an
   * unusual place; everyone else calls {@link #load()}.
   *
   * @throws NotSupportedException "libpmem not available: why" when it cannot be loaded
   */
  public static LibPmem load(String library) {
    return unwrap(tryLoad(Objects.requireNonNull(library, "library")));
  }

  /** Whether {@link #load()} succeeds here, and if not, why. Never throws. */
  public static Availability availability() {
    return Shared.LOADED instanceof LibPmem ? Availability.yes() : Availability.no((String) Shared.LOADED);
  }

  private static LibPmem unwrap(Object loaded) {
    if (loaded instanceof LibPmem libPmem) {
      return libPmem;
    }
    throw new NotSupportedException("libpmem not available: " + loaded);
  }

  /** The loaded library, or a String saying why it could not be loaded. */
  @SuppressWarnings("restricted") // loading native code is this class's job
  private static Object tryLoad(String library) {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (!os.contains("linux")) {
      return "libpmem is only used on Linux (this is " + System.getProperty("os.name") + ")";
    }
    try {
      SymbolLookup symbols = SymbolLookup.libraryLookup(library, Arena.global());
      LibPmem loaded = new LibPmem(library, symbols);
      LOG.debug("loaded {}", library);
      return loaded;
    } catch (IllegalArgumentException e) {
      return library + " not found (install PMDK's libpmem, e.g. apt-get install libpmem1): "
          + e.getMessage();
    } catch (IllegalCallerException e) {
      return "native access is denied to io.cairn.ffi (run java with"
          + " --enable-native-access=io.cairn.ffi, or ALL-UNNAMED on the class path)";
    } catch (MissingSymbolException e) {
      return e.getMessage();
    }
  }

  /** The library this instance was loaded from. */
  public String library() {
    return library;
  }

  /**
   * {@code pmem_map_file(path, length, flags, mode, &mappedLength, &isPmem)}: maps a file (or,
   * with {@link #FILE_CREATE}, creates it first) and ties the mapping to {@code arena}; closing
   * the arena calls {@code pmem_unmap}. With {@code flags == 0} and {@code length == 0} it maps
   * the whole existing file.
   *
   * @param path the file, or with {@link #FILE_TMPFILE} the directory
   * @param length bytes to create or map; 0 maps an existing file whole
   * @param flags a bitwise or of the {@code FILE_*} constants
   * @param mode permission bits of a created file, e.g. {@code 0644}
   * @param arena owns the mapping: a shared arena lets other threads use it
   * @throws CairnIoException with libpmem's message when the file cannot be mapped
   * @throws InvalidArgumentException for a negative length
   */
  @SuppressWarnings("restricted") // the mapping's true length comes from pmem_map_file
  public PmemMapping mapFile(Path path, long length, int flags, int mode, Arena arena) {
    if (length < 0) {
      throw new InvalidArgumentException("cannot map a negative length " + length + " of " + path);
    }
    try (Arena call = Arena.ofConfined()) {
      MemorySegment pathString = call.allocateFrom(path.toString());
      MemorySegment mappedLength = call.allocate(JAVA_LONG);
      MemorySegment isPmemFlag = call.allocate(JAVA_INT);
      MemorySegment address = (MemorySegment)
          mapFile.invokeExact(pathString, length, flags, mode, mappedLength, isPmemFlag);
      if (address.address() == 0) {
        throw new CairnIoException("pmem_map_file(" + path + ") failed: " + errorMessage());
      }
      long bytes = mappedLength.get(JAVA_LONG, 0);
      long start = address.address();
      MemorySegment mapping = address.reinterpret(bytes, arena, ignored -> unmapQuietly(start, bytes, path));
      return new PmemMapping(mapping, isPmemFlag.get(JAVA_INT, 0) != 0);
    } catch (Throwable e) {
      throw Downcalls.unchecked(e);
    }
  }

  private void unmapQuietly(long address, long bytes, Path path) {
    try {
      int result = (int) unmap.invokeExact(MemorySegment.ofAddress(address), bytes);
      if (result != 0) {
        LOG.warn("pmem_unmap of {} failed: {}", path, errorMessage());
      }
    } catch (Throwable e) {
      LOG.warn("pmem_unmap of {} failed", path, e);
    }
  }

  /**
   * {@code pmem_flush}: writes back the CPU cache lines of {@code range} (CLWB, CLFLUSHOPT or
   * CLFLUSH, whichever the CPU has). Not durable until {@link #drain()}. Only meaningful on real
   * pmem ({@link PmemMapping#isPmem()}); elsewhere use {@link #msync}.
   */
  public void flush(MemorySegment range) {
    try {
      flush.invokeExact(range, range.byteSize());
    } catch (Throwable e) {
      throw Downcalls.unchecked(e);
    }
  }

  /** {@code pmem_drain}: waits until every earlier {@link #flush} of this thread is durable (SFENCE). */
  public void drain() {
    try {
      drain.invokeExact();
    } catch (Throwable e) {
      throw Downcalls.unchecked(e);
    }
  }

  /** {@code pmem_persist}: {@link #flush} then {@link #drain}; on real pmem, durable on return. */
  public void persist(MemorySegment range) {
    try {
      persist.invokeExact(range, range.byteSize());
    } catch (Throwable e) {
      throw Downcalls.unchecked(e);
    }
  }

  /**
   * {@code pmem_memcpy_persist}: copies {@code source} into {@code target} (non-temporal stores for
   * large copies) and makes it durable on real pmem. {@code source} may be a heap segment.
   *
   * @throws InvalidArgumentException when the lengths differ
   */
  public void memcpyPersist(MemorySegment target, MemorySegment source) {
    if (target.byteSize() != source.byteSize()) {
      throw new InvalidArgumentException("memcpy_persist of " + source.byteSize()
          + " bytes into a range of " + target.byteSize() + " bytes");
    }
    if (target.isReadOnly()) {
      throw new InvalidArgumentException("memcpy_persist into a read-only segment");
    }
    try {
      MemorySegment ignored = (MemorySegment) memcpyPersist.invokeExact(target, source, source.byteSize());
    } catch (Throwable e) {
      throw Downcalls.unchecked(e);
    }
  }

  /** {@code pmem_is_pmem}: whether the whole range is persistent memory that CPU flushes make durable. */
  public boolean isPmem(MemorySegment range) {
    try {
      return (int) isPmem.invokeExact(range, range.byteSize()) != 0;
    } catch (Throwable e) {
      throw Downcalls.unchecked(e);
    }
  }

  /**
   * {@code pmem_msync}: {@code msync(MS_SYNC)} of the pages covering {@code range}; durable on
   * return on any file system (the way to persist a mapping that is not real pmem).
   *
   * @throws CairnIoException with libpmem's message when msync fails
   */
  public void msync(MemorySegment range) {
    int result;
    try {
      result = (int) msync.invokeExact(range, range.byteSize());
    } catch (Throwable e) {
      throw Downcalls.unchecked(e);
    }
    if (result != 0) {
      throw new CairnIoException("pmem_msync of " + range.byteSize() + " bytes failed: " + errorMessage());
    }
  }

  /**
   * {@code pmem_has_auto_flush}: 1 when the platform flushes CPU caches on power failure (eADR),
   * 0 when not, -1 when libpmem cannot tell.
   */
  public int hasAutoFlush() {
    try {
      return (int) hasAutoFlush.invokeExact();
    } catch (Throwable e) {
      throw Downcalls.unchecked(e);
    }
  }

  /** {@code pmem_errormsg}: libpmem's last error message on this thread, or "" when none. */
  @SuppressWarnings("restricted") // a NUL-terminated string of unknown length, owned by libpmem
  public String errorMessage() {
    try {
      MemorySegment message = (MemorySegment) errormsg.invokeExact();
      return message.address() == 0 ? "" : message.reinterpret(Long.MAX_VALUE).getString(0);
    } catch (Throwable e) {
      throw Downcalls.unchecked(e);
    }
  }

  @Override
  public String toString() {
    return "LibPmem[" + library + "]";
  }
}
