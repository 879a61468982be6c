package io.cairn.pmem.backend;

import com.intel.pmem.llpl.AnyHeap;
import com.intel.pmem.llpl.Heap;
import com.intel.pmem.llpl.HeapException;
import io.cairn.common.CairnIoException;
import io.cairn.common.CorruptionException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The llpl heaps this JVM has open, counted by user. llpl keeps one {@link Heap} per path for the
 * life of the process and returns it again from {@code openHeap}, so two regions open on one file
 * share a heap; it is closed when the last of them closes.
 *
 * <p>llpl 1.2 has no public way to close a heap. Leaving heaps open would keep every deleted L0
 * table's pmem mapped until the JVM exits, so the package-private {@code AnyHeap.close()} is called
 * reflectively (llpl's packages are open: it is on the class path or an automatic module). If
 * that ever fails the heap is left open and the failure logged; correctness does not depend on it.
 *
 * <p>Thread-safety: all methods synchronise on the class.
 */
final class LlplHeaps {
  private static final Logger LOG = LoggerFactory.getLogger(LlplHeaps.class);
  private static final Map<String, Entry> OPEN = new HashMap<>();

  private record Entry(Heap heap, int users) {}

  private LlplHeaps() {}

  /** Creates a heap file of {@code heapBytes} and holds it for one user. */
  static synchronized Heap create(Path file, long heapBytes) {
    String key = key(file);
    try {
      Heap heap = Heap.createHeap(key, heapBytes);
      OPEN.put(key, new Entry(heap, 1));
      return heap;
    } catch (HeapException e) {
      throw new CairnIoException("llpl could not create heap " + file + " of " + heapBytes + " bytes: " + e.getMessage(), e);
    }
  }

  /** Opens (or shares) the heap in {@code file} for one more user. */
  static synchronized Heap open(Path file) {
    String key = key(file);
    Entry entry = OPEN.get(key);
    if (entry != null) {
      OPEN.put(key, new Entry(entry.heap(), entry.users() + 1));
      return entry.heap();
    }
    try {
      Heap heap = Heap.openHeap(key);
      OPEN.put(key, new Entry(heap, 1));
      return heap;
    } catch (HeapException | IllegalArgumentException e) {
      throw CorruptionException.at(file, 0, "not an llpl heap, or a damaged one (llpl: " + e.getMessage() + ")");
    }
  }

  /** Drops one user of the heap in {@code file}; the last one closes it. */
  static synchronized void release(Path file) {
    String key = key(file);
    Entry entry = OPEN.get(key);
    if (entry == null) {
      return;
    }
    if (entry.users() > 1) {
      OPEN.put(key, new Entry(entry.heap(), entry.users() - 1));
      return;
    }
    OPEN.remove(key);
    closeHeap(entry.heap(), file);
  }

  private static void closeHeap(Heap heap, Path file) {
    try {
      Method close = AnyHeap.class.getDeclaredMethod("close");
      close.setAccessible(true);
      close.invoke(heap);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("llpl heap {} stays mapped until the JVM exits: cannot close it ({})", file, e.toString());
    }
  }

  private static String key(Path file) {
    return file.toAbsolutePath().normalize().toString();
  }
}
