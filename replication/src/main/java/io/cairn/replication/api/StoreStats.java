package io.cairn.replication.api;

import io.cairn.lsm.api.DbStats;
import io.cairn.lsm.api.Options;

/**
 * The counters of one of a node's engine databases ({@code log}, {@code ledger} or {@code
 * records}) and the options it runs with (where its L0 lives, its limits).
 *
 * <p>Thread-safety: immutable.
 *
 * @param name the database's name under the node's data directory
 * @param stats its counters, read now
 * @param options its options
 */
public record StoreStats(String name, DbStats stats, Options options) {}
