package io.cairn.chain.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.EngineDbs;
import io.cairn.chain.Fixtures;
import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.contract.ContractTransaction;
import io.cairn.chain.contract.builtin.TokenContract;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import io.cairn.testing.Property;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Ledger#applyAll}: a run of committed entries applied together (consecutive blocks checked
 * one after the other and written as one batch, their anchor rows in one sorted pass) gives the
 * results, and leaves the engine holding the bytes, of {@link Ledger#apply(long, byte[])} of each
 * entry in turn, over random logs whose blocks depend on each other within a run: records anchored
 * again (in the same block, a block of the same run, an earlier run), nonces used again (stale
 * within a run), blocks at the wrong height, garbage and empty entries, admissions and contract
 * blocks between blocks (each a run of its own), state transactions for the wrong organisation,
 * and replayed (overlapping) hand-overs.
 */
class GroupApplyTest {
  private static final long GAS = 1_000_000;
  private final Identity regulator = Fixtures.identity(1);
  private final Identity proposer = Fixtures.identity(7);
  private final Identity submitter = Fixtures.identity(8);
  private final Identity late = Fixtures.identity(9);
  private final Genesis genesis = Genesis.create("group-chain", regulator.key(), Fixtures.T0);
  @TempDir Path directory;
  private int databases;

  /** A log and the block objects its entries encode (a leader holds them). */
  private record Log(List<byte[]> entries, Map<byte[], Block> blocks) {}

  private Log randomLog(SplittableRandom random) {
    List<byte[]> log = new ArrayList<>();
    Map<byte[], Block> blocks = new IdentityHashMap<>();
    if (random.nextInt(10) > 0) { // sometimes the blocks come before the genesis: all rejected
      log.add(LedgerEntry.encode(genesis));
    }
    log.add(LedgerEntry.encode(Admission.issue(regulator, proposer.key(), "acme", EnumSet.allOf(Role.class), Fixtures.T0)));
    log.add(LedgerEntry.encode(Admission.issue(regulator, submitter.key(), "beta", EnumSet.of(Role.SUBMIT), Fixtures.T0)));
    List<byte[]> pool = Fixtures.records(random, 6 + random.nextInt(30), 20); // records anchored again and again
    Identity[] requesters = {proposer, submitter, late};
    long[] nonces = new long[requesters.length];
    boolean lateAdmitted = false;
    Hash32 head = genesis.hash();
    long height = 0;
    int entries = 3 + random.nextInt(30);
    for (int e = 0; e < entries; e++) {
      int kind = random.nextInt(20);
      if (kind == 0) {
        byte[] garbage = new byte[random.nextInt(40)];
        random.nextBytes(garbage);
        log.add(garbage);
        continue;
      }
      if (kind == 1) {
        log.add(new byte[0]); // a leader's no-op or a configuration entry
        continue;
      }
      if (kind == 2 && !lateAdmitted) {
        log.add(LedgerEntry.encode(Admission.issue(regulator, late.key(), "late", EnumSet.of(Role.SUBMIT), Fixtures.T0)));
        lateAdmitted = true;
        continue;
      }
      boolean contract = kind == 3;
      boolean wrongHeight = kind == 4;
      boolean stale = kind == 5;
      boolean wrongOrganisation = kind == 6;
      List<Transaction> transactions = new ArrayList<>();
      long[] used = nonces.clone();
      int count = 1 + random.nextInt(3);
      for (int t = 0; t < count; t++) {
        int who = random.nextInt(lateAdmitted ? 3 : 2);
        long nonce = stale && t == 0 && used[who] > 0 ? used[who] - 1 : used[who]++;
        if (contract && t == 0) {
          transactions.add(ContractTransaction.sign(requesters[who], nonce, ContractCall.deploy(
              requesters[who].key(), "coin-" + e, TokenContract.CODE, new byte[0], GAS, null)));
        } else if (random.nextInt(4) == 0) {
          String organisation = wrongOrganisation && t == 0 ? "elsewhere" : switch (who) {
            case 0 -> "acme";
            case 1 -> "beta";
            default -> "late";
          };
          transactions.add(StateTransaction.sign(requesters[who], nonce, organisation, new byte[] {(byte) e}));
        } else {
          List<byte[]> raws = new ArrayList<>();
          int records = 1 + random.nextInt(12);
          for (int r = 0; r < records; r++) {
            raws.add(random.nextInt(3) == 0 ? Fixtures.records(random, 1, 20).getFirst()
                : pool.get(random.nextInt(pool.size())));
          }
          transactions.add(Fixtures.anchor(requesters[who], nonce, raws));
        }
      }
      Block block = Block.propose(proposer, wrongHeight ? height + 1 + random.nextInt(3) : height, head,
          Fixtures.T0 + e, transactions);
      byte[] entry = LedgerEntry.encode(block);
      log.add(entry);
      blocks.put(entry, block);
      boolean rejected = wrongHeight || (stale && stalePossible(nonces, transactions))
          || wrongOrganisation && transactions.getFirst() instanceof StateTransaction;
      if (!rejected) {
        head = block.hash();
        height++;
        nonces = used;
      }
    }
    return new Log(log, blocks);
  }

  /** Whether the block's first transaction reuses a nonce its requester already used. */
  private boolean stalePossible(long[] nonces, List<Transaction> transactions) {
    Transaction first = transactions.getFirst();
    Identity[] requesters = {proposer, submitter, late};
    for (int i = 0; i < requesters.length; i++) {
      if (requesters[i].key().equals(first.requester())) {
        return first.nonce() < nonces[i];
      }
    }
    return false;
  }

  @Test
  void applyingRunsTogetherEqualsApplyingEachEntry() {
    Property.of("runs applied together, entries one by one: same results, same bytes",
            (SplittableRandom random) -> new Object[] {randomLog(random), random.nextLong()})
        .describeWith(c -> ((Log) c[0]).entries().size() + " entries, split seed " + c[1])
        .trials(30)
        .check(c -> {
          Log log = (Log) c[0];
          SplittableRandom split = new SplittableRandom((Long) c[1]);
          try (Db oneByOne = freshDb(); Db together = freshDb()) {
            List<ApplyResult> expected = LogApplyTest.applyAll(Ledger.open(oneByOne, LedgerOptions.defaults()),
                log.entries(), 1);
            Ledger ledger = Ledger.open(together, LedgerOptions.defaults());
            if (split.nextBoolean()) { // a leader: its blocks announced, so they are not decoded
              log.blocks().values().stream().sorted(java.util.Comparator.comparingLong(Block::height))
                  .limit(60).forEach(ledger::proposed);
            }
            List<ApplyResult> actual = new ArrayList<>();
            int next = 0;
            while (next < log.entries().size()) {
              int back = next > 0 && split.nextInt(5) == 0 ? 1 + split.nextInt(Math.min(next, 3)) : 0;
              int from = next - back; // a hand-over that repeats entries already applied
              int to = Math.min(log.entries().size(), next + 1 + split.nextInt(8));
              List<ApplyResult> results = ledger.applyAll(from + 1, log.entries().subList(from, to));
              assertThat(results).hasSize(to - from);
              for (int i = 0; i < back; i++) {
                assertThat(results.get(i).outcome()).isEqualTo(ApplyResult.Outcome.SKIPPED);
              }
              actual.addAll(results.subList(back, results.size()));
              next = to;
            }
            assertThat(actual).isEqualTo(expected);
            assertThat(ledger.lastAppliedIndex()).isEqualTo(log.entries().size());
            assertThat(EngineDbs.contents(together)).isEqualTo(EngineDbs.contents(oneByOne));
            try (Ledger reopened = Ledger.open(together, LedgerOptions.defaults())) {
              assertThat(reopened.blockCount()).isEqualTo(ledger.blockCount());
              assertThat(reopened.headHash()).isEqualTo(ledger.headHash());
            }
          }
        });
  }

  /** The generator makes every kind of outcome: blocks applied, and each kind of rejection. */
  @Test
  void theLogsRejectAndApply() {
    SplittableRandom random = new SplittableRandom(5);
    java.util.Set<Object> seen = new java.util.HashSet<>();
    boolean anchoredElsewhere = false;
    for (int i = 0; i < 40; i++) {
      try (Db db = freshDb()) {
        for (ApplyResult result : LogApplyTest.applyAll(Ledger.open(db, LedgerOptions.defaults()),
            randomLog(random).entries(), 1)) {
          seen.add(result.rejection() == null ? result.outcome() : result.rejection());
          anchoredElsewhere |= !result.anchoredElsewhere().isEmpty();
        }
      }
    }
    assertThat(seen).contains(ApplyResult.Outcome.APPLIED, Rejection.MALFORMED, Rejection.WRONG_HEIGHT,
        Rejection.STALE_NONCE, Rejection.NOT_PERMITTED);
    assertThat(anchoredElsewhere).isTrue();
  }

  private Db freshDb() {
    return Cairn.open(directory.resolve("db-" + databases++), Options.defaults());
  }
}
