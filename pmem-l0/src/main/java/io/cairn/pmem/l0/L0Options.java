package io.cairn.pmem.l0;

import io.cairn.common.InvalidArgumentException;
import java.util.Objects;

/**
 * Limits and settings of an {@link L0TableSet}.
 *
 * <p>Thread-safety: immutable.
 *
 * @param maxTables most tables L0 holds, those being built included (default 10, the paper's L0
 *     limit); {@link L0TableSet#newTable} refuses one more
 * @param maxBytes most pmem bytes L0 holds: live tables (table + container regions) plus the
 *     container capacity reserved by builds in progress (default 4 GiB)
 * @param tableOptions how new tables are built
 * @param order the key order of every table
 * @param verification when container records are checked (default {@link
 *     ContainerVerification#ON_OPEN})
 */
public record L0Options(
    int maxTables, long maxBytes, NvmTableOptions tableOptions, KeyOrder order, ContainerVerification verification) {
  /** The paper's L0 limit. */
  public static final int DEFAULT_MAX_TABLES = 10;
  /** Default pmem budget: 4 GiB. */
  public static final long DEFAULT_MAX_BYTES = 4L << 30;

  /** @throws InvalidArgumentException when a limit is below 1 */
  public L0Options {
    if (maxTables < 1) {
      throw new InvalidArgumentException("maxTables must be at least 1: " + maxTables);
    }
    if (maxBytes < 1) {
      throw new InvalidArgumentException("maxBytes must be at least 1: " + maxBytes);
    }
    Objects.requireNonNull(tableOptions, "tableOptions");
    Objects.requireNonNull(order, "order");
    Objects.requireNonNull(verification, "verification");
  }

  /** 10 tables, 4 GiB, default table options, bytewise order, container checked at open. */
  public static L0Options defaults() {
    return new L0Options(DEFAULT_MAX_TABLES, DEFAULT_MAX_BYTES, NvmTableOptions.defaults(), KeyOrder.BYTEWISE,
        ContainerVerification.ON_OPEN);
  }

  /** The same options with another table limit. */
  public L0Options withMaxTables(int newMaxTables) {
    return new L0Options(newMaxTables, maxBytes, tableOptions, order, verification);
  }

  /** The same options with another byte budget. */
  public L0Options withMaxBytes(long newMaxBytes) {
    return new L0Options(maxTables, newMaxBytes, tableOptions, order, verification);
  }

  /** The same options with other table options. */
  public L0Options withTableOptions(NvmTableOptions newTableOptions) {
    return new L0Options(maxTables, maxBytes, newTableOptions, order, verification);
  }

  /** The same options with another key order. */
  public L0Options withOrder(KeyOrder newOrder) {
    return new L0Options(maxTables, maxBytes, tableOptions, newOrder, verification);
  }

  /** The same options with another container verification. */
  public L0Options withVerification(ContainerVerification newVerification) {
    return new L0Options(maxTables, maxBytes, tableOptions, order, newVerification);
  }
}
