package io.cairn.chain.contract;

/**
 * What a call costs, in gas (see {@code docs/contracts.md}). Every call pays {@link #CALL_BASE}
 * (a deployment {@link #DEPLOY_BASE}); every state access pays a fixed part and a part per byte of
 * key and value, charged before the access happens (a read's value bytes right after it is read).
 * A call whose charges would pass its gas limit stops there with {@code OUT_OF_GAS}, and its
 * receipt records the whole limit as used. The costs depend only on the call and the bytes it
 * touches, never on timing, so every executor charges the same.
 *
 * <p>Gas bounds state accesses and bytes; it does not count the Java instructions a contract runs
 * between accesses. That is sound for the built-in contracts, whose work per access is bounded;
 * metering arbitrary code would need bytecode instrumentation (not done).
 */
public final class GasSchedule {
  /** Every call. */
  public static final long CALL_BASE = 1_000;
  /** Every deployment (the binding and the code look-up). */
  public static final long DEPLOY_BASE = 10_000;
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

  /** Gas of a read of a {@code keyBytes}-byte key, before its value is known. */
  public static long readCost(int keyBytes) {
    return READ_BASE + READ_PER_BYTE * keyBytes;
  }

  /** Gas of a put ({@code valueBytes} &gt;= 0) or a delete ({@code valueBytes} = 0). */
  public static long writeCost(int keyBytes, int valueBytes) {
    return WRITE_BASE + WRITE_PER_BYTE * ((long) keyBytes + valueBytes);
  }
}
