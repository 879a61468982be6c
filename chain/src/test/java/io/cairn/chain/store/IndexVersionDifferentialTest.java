package io.cairn.chain.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.Fixtures;
import io.cairn.chain.api.Admission;
import io.cairn.chain.api.AnchorEntry;
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
 * the same verdict code, and an untouched record VERIFIED. Seeded: the failure names the seed.
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
    final Map<String, Map<String, byte[]>> records = new HashMap<>();
    final List<Anchored> anchored = new ArrayList<>();
    final Map<String, byte[]> applied = new HashMap<>(); // index key (hex) -> value as applied (version 6)

    Scene(Path path, Case c) {
      db = Cairn.open(path, Options.defaults());
      SplittableRandom random = new SplittableRandom(c.seed());
      Identity regulator = Fixtures.identity(1);
      Identity member = Fixtures.identity(7);
      Ledger ledger = Ledger.open(db, LedgerOptions.defaults());
      Genesis genesis = Genesis.create("differential", regulator.key(), Fixtures.T0);
      ledger.apply(1, LedgerEntry.encode(genesis));
      ledger.apply(2, LedgerEntry.encode(Admission.issue(regulator, member.key(), "acme", EnumSet.allOf(Role.class),
          Fixtures.T0)));
      Hash32 previous = genesis.hash();
      long sequence = 1;
      long nonce = 0;
      List<byte[]> raws = new ArrayList<>();
      Map<Hash32, Boolean> seen = new HashMap<>();
      for (int b = 0; b < c.blocks().size(); b++) {
        List<Transaction> transactions = new ArrayList<>();
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
            if (seen.putIfAbsent(hash, true) == null) {
              anchored.add(new Anchored(hash, b, t, e));
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

    /** The index value of {@code a} in {@code version} (5 or 6), its entry {@code entry} at {@code at}. */
    byte[] encode(int version, Anchored a, ChainIndexesFormat.Position at, byte[] entry, int storeIndex) {
      if (version == ChainIndexesFormat.ANCHOR_VERSION_PATHLESS) {
        return ChainIndexesFormat.encodePathlessAnchor(at.height(), at.transaction(), at.entry(), entry, storeIndex);
      }
      return ChainIndexesFormat.encodeIndexedAnchor(at.height(), at.transaction(), at.entry(), entry, storeIndex,
          pathStart(a));
    }

    /** The start of {@code a}'s path (the index value of version 5 holds it), cut from its transaction's entries. */
    byte[][] pathStart(Anchored a) {
      List<byte[]> entries = ChainIndexesFormat.decodeStoredEntries(db.get(LedgerKeys.entries(a.height(), a.transaction())),
          () -> "entries").entries();
      byte[][] leaves = entries.stream().map(MerkleTree::leafHash).toArray(byte[][]::new);
      return MerkleTree.path(MerkleTree.levels(leaves), a.entry(), ChainIndexesFormat.ANCHOR_PATH_LEVELS);
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
        db.put(LedgerKeys.anchor(a.key()), encode(version, a, anchor.position(),
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
   * The verdicts on the case's target with every index value in {@code version}, after the case's
   * change: on the running ledger (after what the case verifies before the change), asked again, and
   * on a ledger opened fresh over the same rows (which checks the transaction in full first: for
   * some changes it names another check than the running ledger does, in either version).
   */
  private static List<VerdictCode> verdict(Scene scene, Case c, int version) {
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
    byte[] value = scene.encode(version, target, at, entry, storeIndex);
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
    return List.of(verdict.code(), again.code(), fresh.code());
  }

  @Test
  void version6GivesVersion5sVerdictOnEveryChange() {
    Property.of("index version 6 == version 5, verdict by verdict", IndexVersionDifferentialTest::generate)
        .shrinkWith(IndexVersionDifferentialTest::shrink)
        .trials(60)
        .check(c -> {
          Path path;
          try {
            path = Files.createTempDirectory(directory, "case");
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          try (Scene scene = new Scene(path, c)) {
            List<VerdictCode> five = verdict(scene, c, ChainIndexesFormat.ANCHOR_VERSION_STORE_INDEX);
            List<VerdictCode> six = verdict(scene, c, ChainIndexesFormat.ANCHOR_VERSION_PATHLESS);
            assertThat(six).as("version 6 against version 5 (running, again, fresh)").isEqualTo(five);
            if (c.change() == Change.NONE) {
              assertThat(six).containsOnly(VerdictCode.VERIFIED);
            }
            if (c.change() == Change.RECORD_KEY_ALIAS) {
              assertThat(six).as("the alias reads back the same bytes: only the leaf tells").containsOnly(VerdictCode.BAD_PROOF);
            }
            if (c.change() == Change.BYTE_FLIPPED) {
              assertThat(six).containsOnly(VerdictCode.BAD_INDEX);
            }
          }
        });
  }
}
