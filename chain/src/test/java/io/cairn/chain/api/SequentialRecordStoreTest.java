package io.cairn.chain.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.chain.Fixtures;
import io.cairn.common.CorruptionException;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.WriteOptions;
import io.cairn.testing.Property;
import io.cairn.testing.Shrinkers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RecordStore#sequential}: records keyed by a counter ({@link RecordSequence}), never one
 * over another, across reopenings and beside hash keys written before; read back and verified by
 * their read parameters.
 */
class SequentialRecordStoreTest {
  @TempDir
  Path directory;

  private int cases;

  /** One step of a sequence: reopen, put a legacy hash key, or store a batch; drawn from {@code seed}. */
  record Step(int kind, long seed) {}

  /**
   * Seeded sequences of batches, reopenings and legacy hash keys (some starting with the
   * sequence's tag byte, some above every sequence key): every key handed out is new and above
   * every earlier one, and every record reads back by its parameters and not by its hash.
   */
  @Test
  void keysAreNewAscendingAndReadableAcrossReopenings() {
    Property.of("sequence keys are new, ascending and readable", random -> {
      List<Step> steps = new ArrayList<>();
      for (int i = 1 + random.nextInt(8); i > 0; i--) {
        steps.add(new Step(random.nextInt(4), random.nextLong()));
      }
      return steps;
    }).shrinkWith(Shrinkers.list()).trials(12).check(steps -> run(steps, directory.resolve("case-" + cases++)));
  }

  private static void run(List<Step> steps, Path dir) {
    List<StoredRecord> all = new ArrayList<>();
    List<byte[]> raws = new ArrayList<>();
    Db db = Cairn.open(dir, Options.defaults());
    try {
      RecordStore store = RecordStore.sequential("seq", db, WriteOptions.DEFAULT);
      byte[] last = null;
      for (Step step : steps) {
        SplittableRandom random = new SplittableRandom(step.seed());
        if (step.kind() == 0) {
          db.close();
          db = Cairn.open(dir, Options.defaults());
          store = RecordStore.sequential("seq", db, WriteOptions.DEFAULT);
        } else if (step.kind() == 1) {
          byte[] legacy = new byte[32];
          random.nextBytes(legacy);
          legacy[0] = random.nextBoolean() ? RecordSequence.TAG : legacy[0];
          if (random.nextInt(4) == 0) {
            Arrays.fill(legacy, 1, 32, (byte) 0xff);
          }
          db.put(legacy, new byte[] {1}, WriteOptions.DEFAULT);
        } else {
          List<byte[]> batch = new ArrayList<>();
          int count = 1 + random.nextInt(step.kind() == 2 ? 3 : 100);
          for (int i = 0; i < count; i++) {
            byte[] raw = new byte[1 + random.nextInt(40)];
            random.nextBytes(raw);
            batch.add(i > 0 && random.nextInt(8) == 0 ? batch.get(i - 1) : raw); // a record stored twice
          }
          for (StoredRecord record : store.storeAll(batch, HashAlgorithm.SHA_256)) {
            byte[] key = record.read().key();
            assertTrue(last == null || Arrays.compareUnsigned(key, last) > 0,
                () -> "key " + Arrays.toString(key) + " is not above an earlier one");
            last = key;
            all.add(record);
          }
          raws.addAll(batch);
        }
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < all.size(); i++) {
        StoredRecord record = all.get(i);
        assertTrue(seen.add(Arrays.toString(record.read().key())), "a key handed out twice");
        byte[] read = store.read(record.read().key());
        assertArrayEquals(raws.get(i), read, "record " + i + " by its parameters");
        assertEquals(record.key(), HashAlgorithm.SHA_256.hash(read));
        assertNull(store.read(record.key()), "record " + i + " by its hash");
      }
    } finally {
      db.close();
    }
  }

  @Test
  void keyLayoutIsTheTagAndTheBigEndianNumber() {
    byte[] key = RecordSequence.key(0x0102030405060708L);
    assertArrayEquals(new byte[] {1, 1, 2, 3, 4, 5, 6, 7, 8}, key);
    assertEquals(0x0102030405060708L, RecordSequence.numberOf(key));
    assertThrows(CorruptionException.class, () -> RecordSequence.numberOf(new byte[32]));
    assertThrows(CorruptionException.class, () -> RecordSequence.numberOf(new byte[9]));
  }

  /** Any input is refused as corrupt or is a sequence key whose encoding is the input. */
  @FuzzTest(maxDuration = "10s")
  void keyDecoderIsCanonical(byte[] input) {
    long number;
    try {
      number = RecordSequence.numberOf(input);
    } catch (CorruptionException expected) {
      return;
    }
    assertArrayEquals(input, RecordSequence.key(number));
  }

  @Test
  void anExhaustedSequenceRefusesToOpen() {
    try (var dbs = io.cairn.chain.EngineDbs.open(directory)) {
      dbs.records.put(RecordSequence.key(-1L), new byte[] {1}, WriteOptions.DEFAULT);
      assertThrows(CorruptionException.class, () -> RecordStore.sequential("seq", dbs.records, WriteOptions.DEFAULT));
    }
  }

  /** Records anchored from a sequential store verify, and the anchor names their numbered key. */
  @Test
  void anchoredRecordsVerifyByTheirNumberedKeys() {
    Identity regulator = Fixtures.identity(1);
    Identity member = Fixtures.identity(7);
    try (var dbs = io.cairn.chain.EngineDbs.open(directory)) {
      RecordStore records = RecordStore.sequential(RecordStore.DEFAULT_NAME, dbs.records, WriteOptions.SYNC);
      try (Ledger ledger = Ledger.open(dbs.ledger, LedgerOptions.defaults().withSources(records))) {
        ledger.apply(Genesis.create("seq-chain", regulator.key(), Fixtures.T0));
        ledger.apply(Admission.issue(regulator, member.key(), "acme", EnumSet.of(Role.SUBMIT, Role.PROPOSE),
            Fixtures.T0));
        LedgerNode node = new LedgerNode(member, ledger, records, new AtomicLong(Fixtures.T0)::get, 16);
        List<byte[]> raws = List.of(new byte[] {1, 2, 3}, new byte[] {4, 5}, new byte[] {6});
        List<AnchorReceipt> receipts = node.anchor(raws, HashAlgorithm.SHA_256);
        for (AnchorReceipt receipt : receipts) {
          Verdict verdict = ledger.verify(receipt.key());
          assertEquals(VerdictCode.VERIFIED, verdict.code(), verdict.toString());
          byte[] readKey = ledger.proof(receipt.key()).orElseThrow().entry().read().key();
          assertEquals(RecordSequence.KEY_BYTES, readKey.length);
          assertEquals(RecordSequence.TAG, readKey[0]);
        }
        assertNull(records.read(receipts.getFirst().key()));
        assertTrue(RecordSequence.numberOf(ledger.proof(receipts.getLast().key()).orElseThrow().entry().read().key()) >= 3);
      }
    }
  }
}
