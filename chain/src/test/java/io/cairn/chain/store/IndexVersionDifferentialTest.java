package io.cairn.chain.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.Fixtures;
import io.cairn.chain.api.Admission;
import io.cairn.chain.api.AnchorEntry;
import io.cairn.chain.api.AnchorPosition;
import io.cairn.chain.api.AnchorTransaction;
import io.cairn.chain.api.Block;
import io.cairn.chain.api.Genesis;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.HashAlgorithm;
import io.cairn.chain.api.Identity;
import io.cairn.chain.api.Ledger;
import io.cairn.chain.api.LedgerEntry;
import io.cairn.chain.api.LedgerOptions;
import io.cairn.chain.api.ReadParameters;
import io.cairn.chain.api.RecordSource;
import io.cairn.chain.api.Role;
import io.cairn.chain.api.Transaction;
import io.cairn.chain.api.Verdict;
import io.cairn.chain.api.VerdictCode;
import io.cairn.chain.codec.TransactionFormat;
import io.cairn.chain.merkle.MerkleTree;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import io.cairn.testing.Property;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Index version 6 (no path start) against version 5 (session 16's, with the start of the path),
 * differentially: random ledgers of version 2 transactions (one to three stores, hash-keyed and
 * sequence-keyed records, records anchored twice), every record's index value written in either
 * version, then one record's value changed the same way in both forms (its position, its store
 * index, its record key to a missing key or to an alias holding the same bytes, its hash algorithm,
 * a byte flipped, another record's value copied over it) and verified on a fresh ledger, after its
 * own verification, or after a neighbour's (its transaction remembered). Both versions must give
 * the same verdict code, and an untouched record VERIFIED. A value that still names the entry
 * stored at its position, byte for byte (a position moved to a twin of the target's entry: its
 * record anchored again with the same read parameters), names a true anchor of the record: its
 * version 5 form holds that position's path start, and both versions must verify it. Seeded: the
 * failure names the seed.
 */
class IndexVersionDifferentialTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String[] STORES = {"records", "cairn:" + "ab".repeat(32), "third"};

  @TempDir Path directory;

  /** How the target's index value is changed (the same change in both versions). */
  enum Change {
    NONE, ENTRY_INDEX, TRANSACTION_INDEX, HEIGHT, STORE_INDEX, RECORD_KEY_MISSING, RECORD_KEY_ALIAS, ALGORITHM,
    BYTE_FLIPPED, OTHER_RECORDS_VALUE
  }

  /** What was verified before the change: nothing, the target itself, or another record of its transaction. */
  enum Before { NOTHING, TARGET, NEIGHBOUR }

  /** One case: the ledger's shape (transactions per block, entries per transaction) and what is done to it. */
  record Case(long seed, List<List<Integer>> blocks, Change change, Before before, int target, int pick) {
    @Override
    public String toString() {
      return "Case[seed=" + seed + ", blocks=" + blocks + ", change=" + change + ", before=" + before + ", target="
          + target + ", pick=" + pick + "]";
    }
  }

  private static Case generate(SplittableRandom random) {
    List<List<Integer>> blocks = new ArrayList<>();
    int blockCount = 1 + random.nextInt(3);
    for (int b = 0; b < blockCount; b++) {
      List<Integer> transactions = new ArrayList<>();
      int count = 1 + random.nextInt(3);
      for (int t = 0; t < count; t++) {
        transactions.add(1 + random.nextInt(random.nextBoolean() ? 9 : 70));
      }
      blocks.add(transactions);
    }
    Change[] changes = Change.values();
    return new Case(random.nextLong(), blocks, changes[random.nextInt(changes.length)],
        Before.values()[random.nextInt(3)], random.nextInt(1 << 20), random.nextInt(1 << 20));
  }

  /** Shrinks by dropping blocks and transactions and halving transactions. */
  private static List<Case> shrink(Case c) {
    List<Case> smaller = new ArrayList<>();
    for (int b = 0; b < c.blocks().size(); b++) {
      for (int t = 0; t < c.blocks().get(b).size(); t++) {
        List<List<Integer>> blocks = new ArrayList<>();
        for (List<Integer> block : c.blocks()) {
          blocks.add(new ArrayList<>(block));
        }
        int entries = blocks.get(b).get(t);
        if (entries > 1) {
          blocks.get(b).set(t, entries / 2);
          smaller.add(new Case(c.seed(), blocks, c.change(), c.before(), c.target(), c.pick()));
        } else if (blocks.get(b).size() > 1) {
          blocks.get(b).remove(t);
          smaller.add(new Case(c.seed(), blocks, c.change(), c.before(), c.target(), c.pick()));
        } else if (blocks.size() > 1) {
          blocks.remove(b);
          smaller.add(new Case(c.seed(), blocks, c.change(), c.before(), c.target(), c.pick()));
        }
      }
    }
    return smaller;
  }

  /** An anchored record: its key, where its first anchor is, and the store and key it is read from. */
  private record Anchored(Hash32 key, int height, int transaction, int entry) {}

  /** The ledger of one case, with every index value of version 6 as applied, and its records. */
  private static final class Scene implements AutoCloseable {
    final Db db;
    final Map<String, Map<String, byte[]>> records;
    final List<Anchored> anchored = new ArrayList<>();
    final Map<String, byte[]> applied = new HashMap<>(); // index key (hex) -> value as applied (version 6)

    /** The ledger of case {@code c}: its shape filled with records drawn from the case's seed. */
    static Scene of(Path path, Case c) {
      SplittableRandom random = new SplittableRandom(c.seed());
      Map<String, Map<String, byte[]>> records = new HashMap<>();
      List<List<List<AnchorEntry>>> blocks = new ArrayList<>();
      long sequence = 1;
      List<byte[]> raws = new ArrayList<>();
      for (int b = 0; b < c.blocks().size(); b++) {
        List<List<AnchorEntry>> transactions = new ArrayList<>();
        for (int t = 0; t < c.blocks().get(b).size(); t++) {
          int stores = 1 + random.nextInt(STORES.length);
          List<AnchorEntry> entries = new ArrayList<>();
          for (int e = 0; e < c.blocks().get(b).get(t); e++) {
            byte[] raw;
            if (!raws.isEmpty() && random.nextInt(10) == 0) {
              raw = raws.get(random.nextInt(raws.size())); // anchored again: the index keeps the first anchor
            } else {
              raw = new byte[1 + random.nextInt(100)];
              random.nextBytes(raw);
              raws.add(raw);
            }
            Hash32 hash = HashAlgorithm.SHA_256.hash(raw);
            String store = STORES[random.nextInt(stores)];
            byte[] key = store.equals("records") ? hash.bytes() : sequenceKey(sequence++);
            records.computeIfAbsent(store, s -> new HashMap<>()).put(HEX.formatHex(key), raw);
            entries.add(AnchorEntry.of(HashAlgorithm.SHA_256, hash, ReadParameters.of(store, key)));
          }
          transactions.add(entries);
        }
        blocks.add(transactions);
      }
      return new Scene(path, blocks, records);
    }

    /**
     * The ledger that applies {@code blocks} (each a list of transactions, each the list of its
     * entries) signed by one member, its records {@code records} (store, then hex key, to raw bytes).
     */
    Scene(Path path, List<List<List<AnchorEntry>>> blocks, Map<String, Map<String, byte[]>> records) {
      this.records = records;
      db = Cairn.open(path, Options.defaults());
      Identity regulator = Fixtures.identity(1);
      Identity member = Fixtures.identity(7);
      Ledger ledger = Ledger.open(db, LedgerOptions.defaults());
      Genesis genesis = Genesis.create("differential", regulator.key(), Fixtures.T0);
      ledger.apply(1, LedgerEntry.encode(genesis));
      ledger.apply(2, LedgerEntry.encode(Admission.issue(regulator, member.key(), "acme", EnumSet.allOf(Role.class),
          Fixtures.T0)));
      Hash32 previous = genesis.hash();
      long nonce = 0;
      Map<Hash32, Boolean> seen = new HashMap<>();
      for (int b = 0; b < blocks.size(); b++) {
        List<Transaction> transactions = new ArrayList<>();
        for (int t = 0; t < blocks.get(b).size(); t++) {
          List<AnchorEntry> entries = blocks.get(b).get(t);
          for (int e = 0; e < entries.size(); e++) {
            if (seen.putIfAbsent(entries.get(e).recordHash(), true) == null) {
              anchored.add(new Anchored(entries.get(e).recordHash(), b, t, e));
            }
          }
          AnchorTransaction transaction = AnchorTransaction.sign(member, nonce++, entries);
          assertThat(transaction.version()).isEqualTo(TransactionFormat.VERSION_STORE_TABLE);
          transactions.add(transaction);
        }
        Block block = Block.propose(member, b, previous, Fixtures.T0 + 1 + b, transactions);
        ledger.apply(3 + b, LedgerEntry.encode(block));
        previous = block.hash();
      }
      for (Anchored a : anchored) {
        byte[] value = db.get(LedgerKeys.anchor(a.key()));
        assertThat(value[0]).isEqualTo((byte) ChainIndexesFormat.ANCHOR_VERSION_PATHLESS);
        applied.put(a.key().hex(), value);
      }
    }

    LedgerOptions options() {
      List<RecordSource> sources = new ArrayList<>();
      for (String store : STORES) {
        Map<String, byte[]> held = records.computeIfAbsent(store, s -> new HashMap<>());
        sources.add(new RecordSource() {
          @Override
          public String name() {
            return store;
          }

          @Override
          public byte[] read(byte[] key) {
            return held.get(HEX.formatHex(key));
          }
        });
      }
      return LedgerOptions.defaults().withSources(sources.toArray(RecordSource[]::new));
    }

    /**
     * The index value in {@code version} (5 or 6) naming entry {@code entry} (its store the {@code
     * storeIndex}th of its transaction's table) at {@code at}; a version 5 value holds the start of
     * the path of the entry stored at {@code pathOf}.
     */
    byte[] encode(int version, ChainIndexesFormat.Position pathOf, ChainIndexesFormat.Position at, byte[] entry,
        int storeIndex) {
      if (version == ChainIndexesFormat.ANCHOR_VERSION_PATHLESS) {
        return ChainIndexesFormat.encodePathlessAnchor(at.height(), at.transaction(), at.entry(), entry, storeIndex);
      }
      return ChainIndexesFormat.encodeIndexedAnchor(at.height(), at.transaction(), at.entry(), entry, storeIndex,
          pathStart(pathOf));
    }

    /** The start of the path of the entry at {@code at} (an index value of version 5 holds it), cut from its transaction's entries. */
    byte[][] pathStart(ChainIndexesFormat.Position at) {
      List<byte[]> entries = ChainIndexesFormat.decodeStoredEntries(db.get(LedgerKeys.entries(at.height(), at.transaction())),
          () -> "entries").entries();
      byte[][] leaves = entries.stream().map(MerkleTree::leafHash).toArray(byte[][]::new);
      return MerkleTree.path(MerkleTree.levels(leaves), at.entry(), ChainIndexesFormat.ANCHOR_PATH_LEVELS);
    }

    /**
     * Whether the entry stored at {@code at} is the one that an index value under {@code key} names
     * with {@code entry} and store index {@code storeIndex}: the same bytes once the index is read
     * through that transaction's store table, so the same leaf. Where a change moved the position,
     * the entry there is a twin of the target's (its record anchored again, with the same read
     * parameters): the value then names a true anchor of the record, as the apply would write it
     * had that been the first.
     */
    boolean holds(Hash32 key, ChainIndexesFormat.Position at, byte[] entry, int storeIndex) {
      byte[] value = db.get(LedgerKeys.entries(at.height(), at.transaction()));
      if (value == null) {
        return false;
      }
      ChainIndexesFormat.StoredEntries stored = ChainIndexesFormat.decodeStoredEntries(value, () -> "entries");
      if (at.entry() >= stored.entries().size()) {
        return false;
      }
      ChainIndexesFormat.Piece named = ChainIndexesFormat.decodeAnchor(ChainIndexesFormat.encodePathlessAnchor(
          at.height(), at.transaction(), at.entry(), entry, storeIndex), key.bytes(), () -> "named")
          .resolve(key.bytes(), stored.stores());
      return named != null && Arrays.equals(named.bytes(), stored.entries().get(at.entry()));
    }

    ChainIndexesFormat.Anchor decoded(Anchored a) {
      return ChainIndexesFormat.decodeAnchor(applied.get(a.key().hex()), a.key().bytes(), () -> "applied");
    }

    byte[][] stores(Anchored a) {
      return ChainIndexesFormat.decodeStoredEntries(db.get(LedgerKeys.entries(a.height(), a.transaction())),
          () -> "entries").stores();
    }

    /** Writes every record's index value in {@code version}, as applied (version 6) or with its path start (5). */
    void writeAll(int version) {
      for (Anchored a : anchored) {
        ChainIndexesFormat.Anchor anchor = decoded(a);
        db.put(LedgerKeys.anchor(a.key()), encode(version, anchor.position(), anchor.position(),
            anchor.resolve(a.key().bytes(), stores(a)).bytes(), anchor.storeIndex()));
      }
    }

    @Override
    public void close() {
      db.close();
    }
  }

  private static byte[] sequenceKey(long n) {
    byte[] key = new byte[9];
    key[0] = 1;
    for (int i = 0; i < 8; i++) {
      key[1 + i] = (byte) (n >>> (56 - 8 * i));
    }
    return key;
  }

  /**
   * The verdicts on a case's target in one index version ({@code codes}: on the running ledger,
   * asked again, on a fresh ledger), and whether its changed value names, byte for byte, the entry
   * stored at its position ({@link Scene#holds}).
   */
  record Outcome(List<VerdictCode> codes, boolean namesStoredEntry) {}

  /**
   * The verdicts on the case's target with every index value in {@code version}, after the case's
   * change: on the running ledger (after what the case verifies before the change), asked again, and
   * on a ledger opened fresh over the same rows (which checks the transaction in full first: for
   * some changes it names another check than the running ledger does, in either version).
   */
  private static Outcome verdict(Scene scene, Case c, int version) {
    scene.writeAll(version);
    Anchored target = scene.anchored.get(c.target() % scene.anchored.size());
    List<Anchored> neighbours = scene.anchored.stream()
        .filter(a -> a != target && a.height() == target.height() && a.transaction() == target.transaction()).toList();
    Ledger ledger = Ledger.open(scene.db, scene.options());
    if (c.before() == Before.TARGET) {
      assertThat(ledger.verify(target.key()).code()).isEqualTo(VerdictCode.VERIFIED);
    } else if (c.before() == Before.NEIGHBOUR && !neighbours.isEmpty()) {
      assertThat(ledger.verify(neighbours.get(c.pick() % neighbours.size()).key()).code())
          .isEqualTo(VerdictCode.VERIFIED);
    }
    ChainIndexesFormat.Anchor anchor = scene.decoded(target);
    ChainIndexesFormat.Position at = anchor.position();
    byte[] entry = anchor.resolve(target.key().bytes(), scene.stores(target)).bytes();
    int storeIndex = anchor.storeIndex();
    byte[] indexKey = LedgerKeys.anchor(target.key());
    Map<String, byte[]> alias = null;
    String aliasKey = null;
    switch (c.change()) {
      case NONE -> { }
      case ENTRY_INDEX -> at = new ChainIndexesFormat.Position(at.height(), at.transaction(), at.entry() + 1 + c.pick() % 3);
      case TRANSACTION_INDEX -> at = new ChainIndexesFormat.Position(at.height(), (at.transaction() + 1 + c.pick() % 3) % 4,
          at.entry());
      case HEIGHT -> at = new ChainIndexesFormat.Position((at.height() + 1 + c.pick() % 3) % 4, at.transaction(), at.entry());
      case STORE_INDEX -> storeIndex = (storeIndex + 1 + c.pick() % 3) % 4;
      case RECORD_KEY_MISSING, RECORD_KEY_ALIAS -> {
        int keyAt = TransactionFormat.ENTRY_STORE_AT + 1 + (entry[TransactionFormat.ENTRY_STORE_AT] & 0xff) + 2;
        String store = new String(entry, TransactionFormat.ENTRY_STORE_AT + 1, entry[TransactionFormat.ENTRY_STORE_AT] & 0xff,
            java.nio.charset.StandardCharsets.UTF_8);
        byte[] raw = scene.records.get(store).get(HEX.formatHex(entry, keyAt, entry.length));
        entry[entry.length - 1 - c.pick() % (entry.length - keyAt)] ^= (byte) (1 + c.pick() % 255);
        if (c.change() == Change.RECORD_KEY_ALIAS) {
          alias = scene.records.get(store);
          aliasKey = HEX.formatHex(entry, keyAt, entry.length);
          alias.put(aliasKey, raw);
        }
      }
      case ALGORITHM -> entry[0] = (byte) (entry[0] == 1 ? 2 : 1);
      case BYTE_FLIPPED, OTHER_RECORDS_VALUE -> { }
    }
    // A value that still names the entry stored at its position (unchanged, or moved to a twin of the
    // target's entry) names a true anchor of the record; its version 5 form then holds that position's
    // path start, as written for an anchor there. Any other change leaves the target's path start in
    // a version 5 value: the change is made to the value's entry or position, not to the path start,
    // which version 6 does not hold.
    boolean namesStoredEntry = c.change() != Change.BYTE_FLIPPED && c.change() != Change.OTHER_RECORDS_VALUE
        && scene.holds(target.key(), at, entry, storeIndex);
    byte[] value = scene.encode(version, namesStoredEntry ? at : anchor.position(), at, entry, storeIndex);
    if (c.change() == Change.BYTE_FLIPPED) {
      // a byte both versions hold at the same place: the version, the position or the entry's short form
      byte[] six = ChainIndexesFormat.encodePathlessAnchor(at.height(), at.transaction(), at.entry(), entry, storeIndex);
      value[c.pick() % (six.length - 4)] ^= (byte) (1 << (c.pick() % 8));
    } else if (c.change() == Change.OTHER_RECORDS_VALUE) {
      Anchored other = scene.anchored.get((c.target() + 1 + c.pick() % Math.max(1, scene.anchored.size() - 1))
          % scene.anchored.size());
      value = scene.db.get(LedgerKeys.anchor(other.key()));
    }
    scene.db.put(indexKey, value);
    Verdict verdict = ledger.verify(target.key());
    Verdict again = ledger.verify(target.key());
    Verdict fresh = Ledger.open(scene.db, scene.options()).verify(target.key());
    if (alias != null) {
      alias.remove(aliasKey);
    }
    return new Outcome(List.of(verdict.code(), again.code(), fresh.code()), namesStoredEntry);
  }

  @Test
  void version6GivesVersion5sVerdictOnEveryChange() {
    Property.of("index version 6 == version 5, verdict by verdict", IndexVersionDifferentialTest::generate)
        .shrinkWith(IndexVersionDifferentialTest::shrink)
        .trials(60)
        .check(this::check);
  }

  /**
   * The case the property drew with seed 0x1e97f751dee8a930: record c14369… is anchored twice in
   * transaction 1 of block 0, at entries 1 and 3, both times in the hash-keyed store "records" under
   * its hash, so the two entries are the same bytes, the same leaf. Its index value moved from entry
   * 1 to entry 3 names a true anchor of the record, and both versions verify it; version 5 was
   * refused only while the test kept entry 1's path start in a value naming entry 3.
   */
  @Test
  void aPositionMovedToATwinOfTheEntryVerifiesInBothVersions() {
    check(new Case(312599817654418477L, List.of(List.of(1, 29)), Change.ENTRY_INDEX, Before.NOTHING, 471148, 579676));
  }

  /**
   * Spelled out: record A is anchored at entries 0 and 2 of one transaction with the same read
   * parameters (twins: the same bytes, the same leaf), and at entry 3 under another key of a
   * sequence-keyed store (another leaf); B at entry 1. A's index value (first anchor: entry 0) moved
   * to entry 2 names a true anchor of A, and verifies in version 6 and in version 5 (holding entry
   * 2's path start), the verdict naming entry 2; moved to entry 3 it names A with read parameters
   * the entry there does not hold, so its leaf is not entry 3's: BAD_PROOF in both; moved to entry 1
   * it names B's entry: BAD_INDEX in both. Each on a fresh ledger and on a running one that has
   * verified A before (its transaction's leaves remembered).
   */
  @Test
  void aMovedPositionVerifiesOnlyWhereTheEntryThereIsTheSameLeaf() throws IOException {
    byte[] a = "record A, anchored three times".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] b = "record B".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Hash32 aHash = HashAlgorithm.SHA_256.hash(a);
    Hash32 bHash = HashAlgorithm.SHA_256.hash(b);
    String sequenced = STORES[1];
    Map<String, Map<String, byte[]>> records = new HashMap<>();
    records.put("records", new HashMap<>(Map.of(aHash.hex(), a, bHash.hex(), b)));
    records.put(sequenced, new HashMap<>(Map.of(HEX.formatHex(sequenceKey(1)), a)));
    AnchorEntry aTwin = AnchorEntry.of(HashAlgorithm.SHA_256, aHash, ReadParameters.of("records", aHash.bytes()));
    List<AnchorEntry> entries = List.of(aTwin,
        AnchorEntry.of(HashAlgorithm.SHA_256, bHash, ReadParameters.of("records", bHash.bytes())),
        aTwin,
        AnchorEntry.of(HashAlgorithm.SHA_256, aHash, ReadParameters.of(sequenced, sequenceKey(1))));
    try (Scene scene = new Scene(Files.createTempDirectory(directory, "twins"), List.of(List.of(entries)), records)) {
      Anchored first = scene.anchored.getFirst();
      assertThat(first).isEqualTo(new Anchored(aHash, 0, 0, 0));
      byte[] aEntry = scene.decoded(first).resolve(aHash.bytes(), scene.stores(first)).bytes();
      int storeIndex = scene.decoded(first).storeIndex();
      ChainIndexesFormat.Position entry0 = new ChainIndexesFormat.Position(0, 0, 0);
      for (int version : new int[] {ChainIndexesFormat.ANCHOR_VERSION_STORE_INDEX, ChainIndexesFormat.ANCHOR_VERSION_PATHLESS}) {
        for (int moved = 1; moved <= 3; moved++) {
          ChainIndexesFormat.Position at = new ChainIndexesFormat.Position(0, 0, moved);
          assertThat(scene.holds(aHash, at, aEntry, storeIndex)).as("entry %d is A's twin", moved).isEqualTo(moved == 2);
          VerdictCode expected = moved == 1 ? VerdictCode.BAD_INDEX : moved == 2 ? VerdictCode.VERIFIED : VerdictCode.BAD_PROOF;
          for (boolean running : new boolean[] {false, true}) {
            scene.db.put(LedgerKeys.anchor(aHash), scene.encode(version, entry0, entry0, aEntry, storeIndex));
            Ledger ledger = Ledger.open(scene.db, scene.options());
            if (running) {
              assertThat(ledger.verify(aHash).code()).isEqualTo(VerdictCode.VERIFIED);
            }
            scene.db.put(LedgerKeys.anchor(aHash), scene.encode(version, at, at, aEntry, storeIndex));
            Verdict verdict = ledger.verify(aHash);
            assertThat(verdict.code()).as("version %d, moved to entry %d, %s: %s", version, moved,
                running ? "running" : "fresh", verdict.detail()).isEqualTo(expected);
            if (expected == VerdictCode.VERIFIED) {
              assertThat(verdict.position()).isEqualTo(new AnchorPosition(0, 0, 2));
            }
          }
        }
      }
      // A version 5 value that names entry 2 with entry 0's path start contradicts itself: refused,
      // for the path start alone (version 6 holds none, so cannot).
      scene.db.put(LedgerKeys.anchor(aHash), scene.encode(ChainIndexesFormat.ANCHOR_VERSION_STORE_INDEX, entry0,
          new ChainIndexesFormat.Position(0, 0, 2), aEntry, storeIndex));
      assertThat(Ledger.open(scene.db, scene.options()).verify(aHash).code()).isEqualTo(VerdictCode.BAD_PROOF);
    }
  }

  /** Runs case {@code c} in both versions and compares their verdicts. */
  private void check(Case c) {
    Path path;
    try {
      path = Files.createTempDirectory(directory, "case");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Scene scene = Scene.of(path, c)) {
      Outcome five = verdict(scene, c, ChainIndexesFormat.ANCHOR_VERSION_STORE_INDEX);
      Outcome six = verdict(scene, c, ChainIndexesFormat.ANCHOR_VERSION_PATHLESS);
      assertThat(six.codes()).as("version 6 against version 5 (running, again, fresh)").isEqualTo(five.codes());
      if (c.change() == Change.NONE) {
        assertThat(six.codes()).containsOnly(VerdictCode.VERIFIED);
      }
      if (six.namesStoredEntry()) {
        assertThat(six.codes()).as("the value names the entry stored at its position: a true anchor of the record")
            .containsOnly(VerdictCode.VERIFIED);
      }
      if (c.change() == Change.RECORD_KEY_ALIAS) {
        assertThat(six.codes()).as("the alias reads back the same bytes: only the leaf tells")
            .containsOnly(VerdictCode.BAD_PROOF);
      }
      if (c.change() == Change.BYTE_FLIPPED) {
        assertThat(six.codes()).containsOnly(VerdictCode.BAD_INDEX);
      }
    }
  }
}
