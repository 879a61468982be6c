package io.cairn.chain.contract;

/**
 * What a call costs, in gas (see {@code docs/contracts.md}). Every call pays {@link #CALL_BASE}
 * (a deployment {@link #DEPLOY_BASE}); every state access pays a fixed part and a part per byte of
 * key and value, charged before the access happens (a read's value bytes right after it is read).
 * A call whose charges would pass its gas limit stops there with {@code OUT_OF_GAS}, and its
 * receipt records the whole limit as used. The costs depend only on the call and the bytes it
 * touches, never on timing, so every executor charges the same.
 *
 * <p>Compute between state accesses is metered cooperatively: every call also pays {@link
 * #ARG_PER_BYTE} per byte of its arguments (parsing and copying them), and a contract that loops
 * pays {@link #STEP} per step it declares through {@link ContractState#meter(long)}, called in
 * every loop of its code. A step is an iteration of a small loop body (about a nanosecond to a few
 * of CPU on today's machines); with a transfer costing about 1.5 us and about 1,900 gas, one gas
 * is roughly one nanosecond of work, so step and access prices are in the same unit. The budget
 * is deterministic (counts, never time); it relies on the contract calling {@code meter}, which
 * holds for the built-ins (vetted code; see {@code docs/contracts.md}).
 */
public final class GasSchedule {
  /** Every call. */
  public static final long CALL_BASE = 1_000;
  /** Every deployment (the binding and the code look-up). */
  public static final long DEPLOY_BASE = 10_000;
  /** Per byte of a call's arguments, charged with the base. */
  public static final long ARG_PER_BYTE = 1;
  /** Per step a contract meters ({@link ContractState#meter(long)}). */
  public static final long STEP = 1;
  /** Each read, plus {@link #READ_PER_BYTE} per key byte and per value byte read. */
  public static final long READ_BASE = 100;
  public static final long READ_PER_BYTE = 1;
  /** Each put or delete, plus {@link #WRITE_PER_BYTE} per key and value byte. */
  public static final long WRITE_BASE = 200;
  public static final long WRITE_PER_BYTE = 2;
  /** Longest state key, in bytes. */
  public static final int KEY_BYTES_MAX = 1_024;
  /** Longest state value, in bytes. */
  public static final int VALUE_BYTES_MAX = 65_536;
  /** Largest gas limit a call may ask for. */
  public static final long LIMIT_MAX = 1L << 40;

  private GasSchedule() {}

  /** Gas of a call's start: its base and its argument bytes. */
  public static long callCost(boolean deployment, int argBytes) {
    return (deployment ? DEPLOY_BASE : CALL_BASE) + ARG_PER_BYTE * argBytes;
  }

  /** Gas of {@code steps} (&gt;= 0) metered steps, capped past any limit. */
  public static long stepsCost(long steps) {
    return steps > LIMIT_MAX ? LIMIT_MAX + 1 : STEP * steps;
  }

  /** Gas of a read of a {@code keyBytes}-byte key, before its value is known. */
  public static long readCost(int keyBytes) {
    return READ_BASE + READ_PER_BYTE * keyBytes;
  }

  /** Gas of a put ({@code valueBytes} &gt;= 0) or a delete ({@code valueBytes} = 0). */
  public static long writeCost(int keyBytes, int valueBytes) {
    return WRITE_BASE + WRITE_PER_BYTE * ((long) keyBytes + valueBytes);
  }
}
