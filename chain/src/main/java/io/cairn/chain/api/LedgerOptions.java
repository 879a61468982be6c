package io.cairn.chain.api;

import java.util.List;
import java.util.Objects;

/**
 * How a {@link Ledger} is opened.
 *
 * @param sources the off-chain stores that verification reads records back from, by name
 * @param syncWrites whether each applied entry is made durable before {@code apply} returns
 *     (default true: an applied block survives a crash or {@code kill -9})
 * @param regulator the regulator this node trusts, or null to trust the one named by the stored
 *     genesis; when set, a ledger whose genesis names another regulator is refused at open and a
 *     genesis naming another regulator is rejected
 * @param contractThreads threads that execute a block's contract transactions: 1 (default) runs
 *     them serially, more runs them with Block-STM; the result is the same either way, so members
 *     of one ledger may differ in it
 */
public record LedgerOptions(List<RecordSource> sources, boolean syncWrites, MemberKey regulator,
    int contractThreads) {
  public LedgerOptions {
    sources = List.copyOf(sources);
    for (RecordSource source : sources) {
      Objects.requireNonNull(source.name(), "source name");
    }
    if (contractThreads < 1) {
      throw new io.cairn.common.InvalidArgumentException("contract threads must be at least 1, was " + contractThreads);
    }
  }

  /** Options executing contracts serially. */
  public LedgerOptions(List<RecordSource> sources, boolean syncWrites, MemberKey regulator) {
    this(sources, syncWrites, regulator, 1);
  }

  /** No record sources, synced writes, regulator taken from the genesis. */
  public static LedgerOptions defaults() {
    return new LedgerOptions(List.of(), true, null);
  }

  /** These options reading records from {@code sources}. */
  public LedgerOptions withSources(RecordSource... sources) {
    return new LedgerOptions(List.of(sources), syncWrites, regulator, contractThreads);
  }

  /** These options with {@code syncWrites} set. */
  public LedgerOptions withSyncWrites(boolean syncWrites) {
    return new LedgerOptions(sources, syncWrites, regulator, contractThreads);
  }

  /** These options trusting only {@code regulator}. */
  public LedgerOptions withRegulator(MemberKey regulator) {
    return new LedgerOptions(sources, syncWrites, regulator, contractThreads);
  }

  /** These options executing contract transactions on {@code threads} threads (Block-STM above 1). */
  public LedgerOptions withContractThreads(int threads) {
    return new LedgerOptions(sources, syncWrites, regulator, threads);
  }
}
