package io.cairn.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The nice value of one thread, by its kernel thread id (Linux), through libc's {@code
 * setpriority(PRIO_PROCESS, tid, nice)} and {@code getpriority} (session 19): on Linux a {@code
 * PRIO_PROCESS} id names one thread, so this lowers the CPU weight of a background thread and of
 * nothing else (RocksDB's {@code Env::LowerThreadPoolCPUPriority} does the same for its pools).
 * Raising a thread's nice value needs no privilege; lowering it below its current value needs
 * {@code CAP_SYS_NICE}, so without it a change is one way.
 *
 * <p>Where libc or the symbols are missing (not Linux), {@link #available} is false and {@link
 * #set} reports a refusal; nothing throws.
 *
 * <p>Thread-safety: stateless (the handles are immutable).
 */
public final class ThreadNice {
  private static final int PRIO_PROCESS = 0;
  private static final MethodHandle SET;
  private static final MethodHandle GET;
  private static final StructLayout CALL_STATE;
  private static final VarHandle ERRNO;
  private static final String UNAVAILABLE;

  static {
    MethodHandle set = null;
    MethodHandle get = null;
    StructLayout state = null;
    VarHandle errno = null;
    String why = null;
    try {
      Linker linker = Linker.nativeLinker();
      Linker.Option capture = Linker.Option.captureCallState("errno");
      state = Linker.Option.captureStateLayout();
      errno = state.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
      Downcalls calls = new Downcalls("libc", linker.defaultLookup(), linker);
      set = calls.handle("setpriority", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
          ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), capture);
      get = calls.handle("getpriority", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
          ValueLayout.JAVA_INT), capture);
    } catch (RuntimeException | LinkageError e) {
      why = e.toString();
      set = null;
      get = null;
    }
    SET = set;
    GET = get;
    CALL_STATE = state;
    ERRNO = errno;
    UNAVAILABLE = why;
  }

  private ThreadNice() {}

  /** Whether the calls are linked (Linux libc). */
  public static boolean available() {
    return SET != null;
  }

  /** Why {@link #available} is false (null when it is true). */
  public static String unavailableReason() {
    return UNAVAILABLE;
  }

  /**
   * Sets thread {@code tid}'s nice value.
   *
   * @return 0 when set, else the {@code errno} of the refusal ({@code EPERM} 1, {@code EACCES} 13:
   *     a lower value without privilege; {@code ESRCH} 3: no such thread), or -1 when unavailable
   */
  public static int set(int tid, int nice) {
    if (SET == null) {
      return -1;
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      int result = (int) SET.invokeExact(state, PRIO_PROCESS, tid, nice);
      return result == 0 ? 0 : (int) ERRNO.get(state, 0L);
    } catch (Throwable thrown) {
      throw Downcalls.unchecked(thrown);
    }
  }

  /**
   * Thread {@code tid}'s nice value, or {@link Integer#MIN_VALUE} when it cannot be read (no such
   * thread, or unavailable). ({@code getpriority} returns the nice value itself; -1 is a legal
   * value, told from an error by {@code errno}.)
   */
  public static int get(int tid) {
    if (GET == null) {
      return Integer.MIN_VALUE;
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      state.fill((byte) 0);
      int result = (int) GET.invokeExact(state, PRIO_PROCESS, tid);
      return result == -1 && (int) ERRNO.get(state, 0L) != 0 ? Integer.MIN_VALUE : result;
    } catch (Throwable thrown) {
      throw Downcalls.unchecked(thrown);
    }
  }
}
