package io.cairn.chain.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.chain.EngineDbs;
import io.cairn.chain.Fixtures;
import io.cairn.chain.TestLedger;
import io.cairn.common.InvalidArgumentException;
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

/** The log-facing {@link Ledger#apply(long, byte[])}: ordered, deterministic, replay-safe. */
class LogApplyTest {
  private final Identity regulator = Fixtures.identity(1);
  private final Identity member = Fixtures.identity(7);
  @TempDir Path directory;
  private int databases;
  private final Genesis genesis = Genesis.create("log-chain", regulator.key(), Fixtures.T0);
  /** The block objects {@link #randomLog} encoded, by the identity of their entries (a leader holds them). */
  private final Map<byte[], Block> proposed = new IdentityHashMap<>();

  /**
   * A log of entries as a leader might commit them: genesis, admission, then blocks built on the
   * previous ones, mixed with entries every node must reject (garbage, stale or forged blocks).
   */
  private List<byte[]> randomLog(SplittableRandom random) {
    List<byte[]> log = new ArrayList<>();
    log.add(LedgerEntry.encode(genesis));
    log.add(LedgerEntry.encode(Admission.issue(regulator, member.key(), "acme", EnumSet.allOf(Role.class), Fixtures.T0)));
    Hash32 head = genesis.hash();
    long height = 0;
    long nonce = 0;
    int blocks = 1 + random.nextInt(8);
    for (int i = 0; i < blocks; i++) {
      switch (random.nextInt(5)) {
        case 0 -> {
          byte[] garbage = new byte[random.nextInt(40)];
          random.nextBytes(garbage);
          log.add(garbage);
        }
        case 1 -> log.add(encoded(Block.propose(member, height + 3, head, Fixtures.T0,
            List.of(Fixtures.anchor(member, nonce++, Fixtures.records(random, 2, 10))))));
        case 2 -> log.add(LedgerEntry.encode(Admission.issue(member, Fixtures.identity(20).key(), "x",
            EnumSet.of(Role.SUBMIT), Fixtures.T0)));
        default -> {
          Block block = Block.propose(member, height, head, Fixtures.T0 + i,
              List.of(Fixtures.anchor(member, nonce++, Fixtures.records(random, 1 + random.nextInt(5), 30))));
          log.add(encoded(block));
          head = block.hash();
          height++;
        }
      }
    }
    return log;
  }

  @Test
  void twoNodesApplyingTheSameLogReachTheSameState() {
    Property.of("same log, same ledger bytes", this::randomLog)
        .describeWith(log -> log.size() + " entries")
        .trials(20)
        .check(log -> {
          try (Db first = freshDb(); Db second = freshDb()) {
            List<ApplyResult> firstResults = applyAll(Ledger.open(first, LedgerOptions.defaults()), log, 1);
            List<ApplyResult> secondResults = applyAll(Ledger.open(second, LedgerOptions.defaults()), log, 1);
            assertThat(EngineDbs.contents(first)).isEqualTo(EngineDbs.contents(second));
            assertThat(firstResults).isEqualTo(secondResults);
          }
        });
  }

  private byte[] encoded(Block block) {
    byte[] entry = LedgerEntry.encode(block);
    proposed.put(entry, block);
    return entry;
  }

  /**
   * A leader applies the block objects it cut instead of decoding their entries (passed along, or
   * announced with {@link Ledger#proposed}); it must end in the state, with the results, of a
   * follower that decodes every entry, rejections included.
   */
  @Test
  void applyingTheProposedObjectsEqualsDecodingTheEntries() {
    Property.of("leader objects, follower bytes: same ledger", this::randomLog)
        .describeWith(log -> log.size() + " entries")
        .trials(20)
        .check(log -> {
          try (Db follower = freshDb(); Db leader = freshDb(); Db announcing = freshDb()) {
            List<ApplyResult> decoded = applyAll(Ledger.open(follower, LedgerOptions.defaults()), log, 1);
            Ledger passing = Ledger.open(leader, LedgerOptions.defaults());
            Ledger announced = Ledger.open(announcing, LedgerOptions.defaults());
            List<ApplyResult> passed = new ArrayList<>();
            List<ApplyResult> fromAnnounced = new ArrayList<>();
            for (int i = 0; i < log.size(); i++) {
              Block block = proposed.get(log.get(i));
              passed.add(passing.apply(i + 1, log.get(i), block));
              if (block != null) {
                announced.proposed(block);
              }
              fromAnnounced.add(announced.apply(i + 1, log.get(i)));
            }
            assertThat(passed).isEqualTo(decoded);
            assertThat(fromAnnounced).isEqualTo(decoded);
            assertThat(EngineDbs.contents(leader)).isEqualTo(EngineDbs.contents(follower));
            assertThat(EngineDbs.contents(announcing)).isEqualTo(EngineDbs.contents(follower));
          }
        });
  }

  @Test
  void anObjectThatIsNotTheEntryIsNotApplied() {
    try (TestLedger t = TestLedger.create(directory.resolve("ledger"))) {
      Block block = Block.propose(t.member, 0, t.ledger.headHash(), Fixtures.T0,
          List.of(Fixtures.anchor(t.member, 0, List.of(new byte[] {1}))));
      Block other = Block.propose(t.member, 0, t.ledger.headHash(), Fixtures.T0,
          List.of(Fixtures.anchor(t.member, 0, List.of(new byte[] {2}))));
      ApplyResult result = t.ledger.apply(t.ledger.lastAppliedIndex() + 1, LedgerEntry.encode(block), other);
      assertThat(result.outcome()).isEqualTo(ApplyResult.Outcome.APPLIED);
      assertThat(t.ledger.block(0)).contains(block);
      assertThat(block.isEntry(LedgerEntry.encode(block))).isTrue();
      assertThat(block.encodedBytes()).isEqualTo(block.encode().length);
      assertThat(block.transactions().getFirst().encodedBytes()).isEqualTo(block.transactions().getFirst().encode().length);
      assertThat(other.isEntry(LedgerEntry.encode(block))).isFalse();
    }
  }

  @Test
  void replayAfterRestartSkipsWhatWasApplied() {
    List<byte[]> log = randomLog(new SplittableRandom(8));
    Path restartedDirectory = directory.resolve("restarted");
    Map<String, String> before;
    try (Db db = Cairn.open(restartedDirectory, Options.defaults())) {
      applyAll(Ledger.open(db, LedgerOptions.defaults()), log.subList(0, log.size() / 2), 1);
      before = EngineDbs.contents(db);
    }
    try (Db db = Cairn.open(restartedDirectory, Options.defaults()); Db straight = freshDb()) {
      Ledger restarted = Ledger.open(db, LedgerOptions.defaults());
      List<ApplyResult> replay = applyAll(restarted, log.subList(0, log.size() / 2), 1);
      assertThat(replay).allMatch(r -> r.outcome() == ApplyResult.Outcome.SKIPPED);
      assertThat(EngineDbs.contents(db)).isEqualTo(before);
      applyAll(restarted, log.subList(log.size() / 2, log.size()), log.size() / 2 + 1);
      applyAll(Ledger.open(straight, LedgerOptions.defaults()), log, 1);
      assertThat(EngineDbs.contents(db)).isEqualTo(EngineDbs.contents(straight));
    }
  }

  @Test
  void rejectedEntryOnlyAdvancesTheAppliedIndex() {
    try (TestLedger t = TestLedger.create(directory.resolve("ledger"))) {
      long blocks = t.ledger.blockCount();
      long index = t.ledger.lastAppliedIndex() + 1;
      ApplyResult garbage = t.ledger.apply(index, new byte[] {1, 2, 3});
      assertThat(garbage.outcome()).isEqualTo(ApplyResult.Outcome.REJECTED);
      assertThat(garbage.rejection()).isEqualTo(Rejection.MALFORMED);
      assertThat(t.ledger.lastAppliedIndex()).isEqualTo(index);
      assertThat(t.ledger.blockCount()).isEqualTo(blocks);
      t.reopen().close(); // the advanced index is durable too
    }
  }

  @Test
  void oversizedEntryIsRejectedAsOversized() {
    try (TestLedger t = TestLedger.create(directory.resolve("ledger"))) {
      Block block = Block.propose(t.member, 0, t.ledger.headHash(), Fixtures.T0,
          List.of(Fixtures.anchor(t.member, 0, List.of(new byte[] {1}))));
      byte[] encoded = LedgerEntry.encode(block);
      // Claim an 8 MiB + 1 transaction in the first length field after the header.
      io.cairn.common.Varints.putFixed32(encoded, 6 + io.cairn.chain.codec.BlockFormat.HEADER_BYTES,
          io.cairn.chain.codec.TransactionFormat.TRANSACTION_BYTES_MAX + 1);
      ApplyResult result = t.ledger.apply(t.ledger.lastAppliedIndex() + 1, encoded);
      assertThat(result.rejection()).isEqualTo(Rejection.OVERSIZED);
    }
  }

  @Test
  void aGapInTheLogIsRefused() {
    try (TestLedger t = TestLedger.create(directory.resolve("ledger"))) {
      assertThatThrownBy(() -> t.ledger.apply(t.ledger.lastAppliedIndex() + 2, LedgerEntry.encode(genesis)))
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("gap");
    }
  }

  private Db freshDb() {
    return Cairn.open(directory.resolve("db-" + databases++), Options.defaults());
  }

  /** Applies {@code log} to {@code ledger} from log index {@code firstIndex} on; the results in order. */
  static List<ApplyResult> applyAll(Ledger ledger, List<byte[]> log, long firstIndex) {
    List<ApplyResult> results = new ArrayList<>();
    long index = firstIndex;
    for (byte[] entry : log) {
      results.add(ledger.apply(index++, entry));
    }
    return results;
  }
}
