package io.cairn.kraft.lincheck;

/**
 * One client operation on a key-value register, as observed from outside: when it was invoked,
 * when its answer arrived ({@link #UNKNOWN_RETURN} when it never did: the operation may or may
 * not have taken effect), what it asked and what it got.
 *
 * <p>Values are longs; {@link #ABSENT} stands for "no value" (a key never written).
 *
 * @param client the client that issued it (for messages)
 * @param key the register
 * @param kind what it does
 * @param value PUT and CAS: the value written
 * @param expected CAS: the value compared against
 * @param result GET: the value read; CAS: 1 if it swapped, 0 if not; ignored when unknown
 * @param callMicros invocation time
 * @param returnMicros response time, or {@link #UNKNOWN_RETURN}
 */
public record Operation(
    int client, long key, Kind kind, long value, long expected, long result, long callMicros, long returnMicros) {
  /** The value of a key that was never written. */
  public static final long ABSENT = -1;
  /** Return time of an operation whose outcome is unknown. */
  public static final long UNKNOWN_RETURN = Long.MAX_VALUE;

  /** Register operations. */
  public enum Kind { PUT, GET, CAS }

  /** Checks the times. */
  public Operation {
    if (returnMicros < callMicros) {
      throw new IllegalArgumentException("operation returns before it is called");
    }
  }

  /** True when the response never arrived. */
  public boolean outcomeUnknown() {
    return returnMicros == UNKNOWN_RETURN;
  }

  @Override
  public String toString() {
    String what = switch (kind) {
      case PUT -> "put(" + key + ", " + value + ")";
      case GET -> "get(" + key + ") -> " + (outcomeUnknown() ? "?" : result);
      case CAS -> "cas(" + key + ", " + expected + " -> " + value + ") -> "
          + (outcomeUnknown() ? "?" : result == 1 ? "ok" : "fail");
    };
    return "client " + client + " " + what + " [" + callMicros + ", "
        + (outcomeUnknown() ? "inf" : Long.toString(returnMicros)) + "]us";
  }
}
