package io.cairn.lsm.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several writer and reader threads on one database while it flushes, compacts and stalls:
 * readers see each key's versions in order, batches atomically (in snapshots and iterators), and
 * iterators in sorted order; at the end every key holds its last write, also after a reopen.
 */
class ConcurrencyTest {
  private static final int WRITERS = 4;
  private static final int READERS = 3;
  private static final int OPS_PER_WRITER = 4000;
  private static final int KEYS_PER_WRITER = 199;
  private static final int PAIRS_PER_WRITER = 50;

  @TempDir Path directory;

  private static Options options() {
    return Options.builder().writeBufferBytes(32 << 10).targetFileBytes(32 << 10).level1MaxBytes(128 << 10)
        .l0CompactionTrigger(2).l0SlowdownTrigger(4).l0StopTrigger(8).blockCacheBytes(256 << 10).build();
  }

  @Test
  void writersAndReadersRunTogetherConsistently() throws InterruptedException {
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    try (Db db = Cairn.open(directory, options())) {
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        writers.add(Thread.ofPlatform().start(() -> guard(failures, () -> write(db, writer))));
      }
      List<Thread> readers = new ArrayList<>();
      for (int r = 0; r < READERS; r++) {
        long seed = r;
        readers.add(Thread.ofPlatform().start(() -> guard(failures, () -> read(db, seed, writing))));
      }
      for (Thread writer : writers) {
        writer.join();
      }
      writing.set(false);
      for (Thread reader : readers) {
        reader.join();
      }
      assertThat(failures).isEmpty();
      checkFinalState(db);
      DbStats stats = db.stats();
      assertThat(stats.flushes()).isPositive();
      assertThat(stats.compactions()).isPositive();
    }
    try (Db db = Cairn.open(directory, options())) {
      checkFinalState(db);
    }
  }

  private static void write(Db db, int writer) {
    for (int i = 0; i < OPS_PER_WRITER; i++) {
      WriteOptions sync = new WriteOptions(i % 50 == 0);
      if (i % 10 == 0) {
        String value = writer + ":" + i;
        int pair = (i / 10) % PAIRS_PER_WRITER;
        db.write(new WriteBatch().put(pairKey(writer, pair, "A"), bytes(value)).put(pairKey(writer, pair, "B"), bytes(value)),
            sync);
      } else {
        db.put(key(writer, i % KEYS_PER_WRITER), value(writer, i), sync);
      }
    }
  }

  private static void read(Db db, long seed, AtomicBoolean writing) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, Integer> lastSeen = new HashMap<>();
    while (writing.get()) {
      int writer = random.nextInt(WRITERS);
      int slot = random.nextInt(KEYS_PER_WRITER);
      byte[] found = db.get(key(writer, slot));
      if (found != null) {
        int version = versionOf(found);
        assertThat(version % KEYS_PER_WRITER).isEqualTo(slot);
        String name = writer + "/" + slot;
        assertThat(version).as("versions of %s only move forward", name).isGreaterThanOrEqualTo(lastSeen.getOrDefault(name, -1));
        lastSeen.put(name, version);
      }
      if (random.nextInt(20) == 0) {
        checkPairsAndOrder(db);
      }
    }
  }

  /** In a snapshot, both keys of every pair hold the same value; keys come in strict order. */
  private static void checkPairsAndOrder(Db db) {
    try (Snapshot snapshot = db.getSnapshot();
        DbIterator iterator = db.newIterator(ReadOptions.DEFAULT.withSnapshot(snapshot))) {
      Map<String, String> pairs = new HashMap<>();
      byte[] previous = null;
      for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
        byte[] key = iterator.key();
        if (previous != null) {
          assertThat(KeyComparator.BYTEWISE.compare(previous, key)).isNegative();
        }
        previous = key;
        String name = new String(key, StandardCharsets.UTF_8);
        if (name.startsWith("pair")) {
          pairs.put(name, new String(iterator.value(), StandardCharsets.UTF_8));
        }
      }
      for (Map.Entry<String, String> entry : pairs.entrySet()) {
        if (entry.getKey().endsWith("A")) {
          String other = entry.getKey().substring(0, entry.getKey().length() - 1) + "B";
          assertThat(pairs.get(other)).as("the batch partner of %s", entry.getKey()).isEqualTo(entry.getValue());
        }
      }
    }
  }

  private static void checkFinalState(Db db) {
    for (int writer = 0; writer < WRITERS; writer++) {
      for (int slot = 0; slot < KEYS_PER_WRITER; slot++) {
        int last = lastPutAt(slot);
        assertThat(db.get(key(writer, slot))).as("writer %d slot %d", writer, slot).isEqualTo(value(writer, last));
      }
    }
    checkPairsAndOrder(db);
  }

  private static int lastPutAt(int slot) {
    for (int i = OPS_PER_WRITER - 1; i >= 0; i--) {
      if (i % 10 != 0 && i % KEYS_PER_WRITER == slot) {
        return i;
      }
    }
    throw new AssertionError("slot " + slot + " never written");
  }

  private static void guard(ConcurrentLinkedQueue<Throwable> failures, Runnable body) {
    try {
      body.run();
    } catch (Throwable e) {
      failures.add(e);
    }
  }

  private static byte[] key(int writer, int slot) {
    return bytes(String.format("w%d-k%04d", writer, slot));
  }

  private static byte[] pairKey(int writer, int pair, String side) {
    return bytes(String.format("pair-%d-%03d-%s", writer, pair, side));
  }

  private static byte[] value(int writer, int version) {
    return bytes(version + ":" + writer + ":" + "c".repeat(version % 97));
  }

  private static int versionOf(byte[] value) {
    String text = new String(value, StandardCharsets.UTF_8);
    return Integer.parseInt(text.substring(0, text.indexOf(':')));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
