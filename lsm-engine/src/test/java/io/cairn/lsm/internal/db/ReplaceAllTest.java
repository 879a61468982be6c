package io.cairn.lsm.internal.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.CairnException;
import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.DbIterator;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.SortedPairs;
import io.cairn.lsm.api.WriteOptions;
import io.cairn.lsm.internal.fs.AppendFile;
import io.cairn.lsm.internal.fs.ForwardingFileLayer;
import io.cairn.lsm.internal.fs.InMemoryFileLayer;
import io.cairn.testing.Property;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code Db.replaceAll}: the contents after it are exactly the pairs given, with tiny tables and
 * levels so the old contents span memtables, L0 and deeper levels; a bad source leaves the
 * database as it was; writes racing with it land wholly before (dropped) or after (kept); and a
 * crash before any of its syncs leaves the old contents or the new after reopening.
 */
class ReplaceAllTest {
  private static final Path DIRECTORY = Path.of("/db");

  /** A case: the engine options' seed and the contents before and after. */
  record Case(long seed, TreeMap<String, byte[]> before, TreeMap<String, byte[]> after) {}

  @Test
  void theContentsAreExactlyThePairsGivenAndSurviveAReopen() {
    Property.of("replaceAll leaves exactly the given pairs", ReplaceAllTest::randomCase)
        .trials(40)
        .check(testCase -> {
          InMemoryFileLayer files = new InMemoryFileLayer();
          Options options = ModelRun.randomOptions(testCase.seed());
          try (Db db = DbImpl.open(DIRECTORY, options, files)) {
            fill(db, testCase.before());
            try (DbIterator old = db.newIterator()) {
              db.replaceAll(pairs(testCase.after()));
              assertThat(ModelRun.sameContents(ModelRun.contents(db, null), testCase.after())).isTrue();
              old.seekToFirst();
              assertThat(old.isValid()).as("an iterator opened before reads the old contents")
                  .isEqualTo(!testCase.before().isEmpty());
            }
            db.put(bytes("zz-after"), bytes("1"));
          }
          TreeMap<String, byte[]> expected = new TreeMap<>(testCase.after());
          expected.put("zz-after", bytes("1"));
          try (Db db = DbImpl.open(DIRECTORY, options, files)) {
            assertThat(ModelRun.sameContents(ModelRun.contents(db, null), expected)).as("after a reopen").isTrue();
          }
        });
  }

  @Test
  void keysOutOfOrderOrAFailingSourceLeaveTheDatabaseUnchanged() {
    InMemoryFileLayer files = new InMemoryFileLayer();
    Options options = ModelRun.randomOptions(7);
    TreeMap<String, byte[]> before = randomContents(new SplittableRandom(7), 300);
    try (Db db = DbImpl.open(DIRECTORY, options, files)) {
      fill(db, before);
      db.compactRange(null, null);
      int tables = tableCount(files);
      TreeMap<String, byte[]> pairs = randomContents(new SplittableRandom(8), 500);
      List<Map.Entry<String, byte[]>> swapped = new ArrayList<>(pairs.entrySet());
      java.util.Collections.swap(swapped, 400, 401);
      assertThatThrownBy(() -> db.replaceAll(pairs(swapped.iterator())))
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("does not sort after");
      Iterator<Map.Entry<String, byte[]>> failing = failingAfter(pairs, 450);
      assertThatThrownBy(() -> db.replaceAll(pairs(failing))).isInstanceOf(CorruptionException.class);
      assertThat(ModelRun.sameContents(ModelRun.contents(db, null), before)).isTrue();
      assertThat(tableCount(files)).as("the tables written are deleted").isEqualTo(tables);
    }
  }

  /**
   * The source's {@code beforeCommit} runs once the new tables are written and synced, while the
   * database still holds the old contents; throwing there leaves the database as it was and deletes
   * the new tables; returning commits them.
   */
  @Test
  void beforeCommitSeesTheNewTablesWrittenAndTheOldContentsAndMayStillRefuse() {
    InMemoryFileLayer files = new InMemoryFileLayer();
    Options options = ModelRun.randomOptions(11);
    TreeMap<String, byte[]> before = randomContents(new SplittableRandom(11), 300);
    TreeMap<String, byte[]> after = randomContents(new SplittableRandom(12), 500);
    try (Db db = DbImpl.open(DIRECTORY, options, files)) {
      fill(db, before);
      db.compactRange(null, null);
      int tables = tableCount(files);
      int[] seenTables = new int[1];
      assertThatThrownBy(() -> db.replaceAll(pairs(after.entrySet().iterator(), () -> {
        seenTables[0] = tableCount(files);
        assertThat(ModelRun.sameContents(ModelRun.contents(db, null), before)).as("not committed yet").isTrue();
        throw new CorruptionException("refused before the commit");
      }))).isInstanceOf(CorruptionException.class).hasMessageContaining("refused before the commit");
      assertThat(seenTables[0]).as("the new tables were written before the decision").isGreaterThan(tables);
      assertThat(ModelRun.sameContents(ModelRun.contents(db, null), before)).isTrue();
      assertThat(tableCount(files)).as("the tables written are deleted").isEqualTo(tables);

      boolean[] asked = new boolean[1];
      db.replaceAll(pairs(after.entrySet().iterator(), () -> asked[0] = true));
      assertThat(asked[0]).isTrue();
      assertThat(ModelRun.sameContents(ModelRun.contents(db, null), after)).isTrue();
    }
  }

  @Test
  void writesRacingWithItLandBeforeOrAfterIt() throws Exception {
    InMemoryFileLayer files = new InMemoryFileLayer();
    try (Db db = DbImpl.open(DIRECTORY, ModelRun.randomOptions(11), files)) {
      fill(db, randomContents(new SplittableRandom(11), 200));
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger written = new AtomicInteger();
      Thread writer = Thread.ofPlatform().start(() -> {
        for (int i = 0; !stop.get(); i++) {
          db.put(bytes(String.format("w%06d", i)), bytes("v"));
          written.set(i + 1);
        }
      });
      while (written.get() < 200) {
        Thread.onSpinWait();
      }
      TreeMap<String, byte[]> after = randomContents(new SplittableRandom(12), 400);
      db.replaceAll(pairs(after));
      int returned = written.get();
      while (written.get() < returned + 200) {
        Thread.onSpinWait();
      }
      stop.set(true);
      writer.join();
      List<String> kept = new ArrayList<>(ModelRun.contents(db, null).keySet());
      kept.removeIf(key -> !key.startsWith("w"));
      int first = Integer.parseInt(kept.getFirst().substring(1));
      // The writer counts a put after it returns: put number `returned` may have finished (and
      // been replaced) before the call returned, with its count set only after.
      assertThat(first).as("every write finished after the call is kept").isLessThanOrEqualTo(returned + 1);
      assertThat(kept).as("the writes kept are one unbroken suffix").hasSize(written.get() - first);
    }
  }

  @Test
  void aCrashBeforeAnyOfItsSyncsLeavesTheOldContentsOrTheNew() {
    TreeMap<String, byte[]> before = randomContents(new SplittableRandom(21), 400);
    TreeMap<String, byte[]> after = randomContents(new SplittableRandom(22), 900);
    boolean sawOld = false;
    boolean sawNew = false;
    for (int crashAt = 1; ; crashAt++) {
      InMemoryFileLayer memory = new InMemoryFileLayer();
      CrashingLayer files = new CrashingLayer(memory);
      Options options = ModelRun.randomOptions(23).toBuilder().writeBufferBytes(64 << 10).build();
      Db db = DbImpl.open(DIRECTORY, options, files);
      fill(db, before);
      db.write(new io.cairn.lsm.api.WriteBatch(), WriteOptions.SYNC);
      files.crashAtSync(crashAt);
      boolean crashed;
      try {
        db.replaceAll(pairs(after));
      } catch (CairnException expected) {
        // The disk died under it.
      } finally {
        crashed = files.crashed();
        try {
          db.close();
        } catch (CairnException expected) {
          // The disk is down: the final sync fails, as in a crash.
        }
      }
      memory.restart();
      try (Db reopened = DbImpl.open(DIRECTORY, options, memory)) {
        TreeMap<String, byte[]> found = ModelRun.contents(reopened, null);
        boolean isOld = ModelRun.sameContents(found, before);
        boolean isNew = ModelRun.sameContents(found, after);
        assertThat(isOld || isNew).as("crash before sync %d: the old contents or the new, %d keys found",
            crashAt, found.size()).isTrue();
        sawOld |= isOld;
        sawNew |= isNew;
      }
      if (!crashed) {
        break;
      }
    }
    assertThat(sawOld && sawNew).as("the sweep crossed the commit point").isTrue();
  }

  /** Kills the disk just before the n-th sync of any file from the moment it is armed. */
  private static final class CrashingLayer extends ForwardingFileLayer {
    private final InMemoryFileLayer memory;
    private final AtomicInteger syncsLeft = new AtomicInteger(Integer.MAX_VALUE);
    private volatile boolean crashed;

    CrashingLayer(InMemoryFileLayer memory) {
      super(memory);
      this.memory = memory;
    }

    void crashAtSync(int n) {
      syncsLeft.set(n);
    }

    boolean crashed() {
      return crashed;
    }

    @Override
    public AppendFile createAppendFile(Path path) {
      return counting(super.createAppendFile(path));
    }

    @Override
    public AppendFile createTableFile(Path path, boolean direct) {
      return counting(super.createTableFile(path, direct));
    }

    @Override
    public void syncDirectory(Path directory) {
      beforeSync();
      super.syncDirectory(directory);
    }

    private void beforeSync() {
      if (syncsLeft.decrementAndGet() == 0) {
        crashed = true;
        memory.crash();
      }
    }

    private AppendFile counting(AppendFile file) {
      return new AppendFile() {
        @Override public Path path() { return file.path(); }
        @Override public void append(byte[] bytes, int offset, int length) { file.append(bytes, offset, length); }
        @Override public void truncate(long bytes) { file.truncate(bytes); }
        @Override public long size() { return file.size(); }
        @Override public void close() { file.close(); }

        @Override
        public void sync() {
          beforeSync();
          file.sync();
        }
      };
    }
  }

  private static Case randomCase(SplittableRandom random) {
    return new Case(random.nextLong(), randomContents(random, random.nextInt(0, 600)),
        randomContents(random, random.nextInt(0, 900)));
  }

  private static TreeMap<String, byte[]> randomContents(SplittableRandom random, int count) {
    TreeMap<String, byte[]> contents = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      byte[] value = new byte[random.nextInt(0, 200)];
      random.nextBytes(value);
      contents.put(String.format("k%06d", random.nextInt(0, 5_000)), value);
    }
    return contents;
  }

  /** Writes {@code contents} with some overwrites and deletes on the way, so older versions sit below. */
  private static void fill(Db db, TreeMap<String, byte[]> contents) {
    for (Map.Entry<String, byte[]> entry : contents.entrySet()) {
      db.put(bytes(entry.getKey()), new byte[] {1});
      db.put(bytes(entry.getKey() + "-gone"), entry.getValue());
      db.put(bytes(entry.getKey()), entry.getValue());
      db.delete(bytes(entry.getKey() + "-gone"));
    }
  }

  private static SortedPairs pairs(TreeMap<String, byte[]> contents) {
    return pairs(contents.entrySet().iterator());
  }

  private static SortedPairs pairs(Iterator<Map.Entry<String, byte[]>> entries) {
    return pairs(entries, () -> { });
  }

  /** The pairs of {@code entries}, whose {@code beforeCommit} runs {@code beforeCommit}. */
  private static SortedPairs pairs(Iterator<Map.Entry<String, byte[]>> entries, Runnable beforeCommit) {
    return new SortedPairs() {
      private Map.Entry<String, byte[]> current;

      @Override
      public boolean next() {
        current = entries.hasNext() ? entries.next() : null;
        return current != null;
      }

      @Override
      public byte[] key() {
        return bytes(current.getKey());
      }

      @Override
      public byte[] value() {
        return current.getValue();
      }

      @Override
      public void beforeCommit() {
        beforeCommit.run();
      }
    };
  }

  private static Iterator<Map.Entry<String, byte[]>> failingAfter(TreeMap<String, byte[]> pairs, int count) {
    Iterator<Map.Entry<String, byte[]>> inner = pairs.entrySet().iterator();
    return new Iterator<>() {
      private int given;

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Map.Entry<String, byte[]> next() {
        if (++given > count) {
          throw new CorruptionException("the source failed after " + count + " pairs");
        }
        return inner.next();
      }
    };
  }

  private static int tableCount(InMemoryFileLayer files) {
    return (int) files.list(DIRECTORY).stream().filter(name -> name.endsWith(".sst")).count();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
