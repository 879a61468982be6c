package io.cairn.lsm.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.DbIterator;
import io.cairn.lsm.api.L0Mode;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.ReadOptions;
import io.cairn.lsm.api.Snapshot;
import io.cairn.lsm.api.WriteBatch;
import io.cairn.lsm.api.WriteOptions;
import io.cairn.lsm.internal.fs.InMemoryFileLayer;
import io.cairn.pmem.api.Pmem;
import io.cairn.pmem.api.PmemBackend;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.RegionOptions;
import io.cairn.pmem.testing.CrashSimulatingDirectory;
import io.cairn.testing.Property;
import io.cairn.testing.Shrinkers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both L0 modes answer alike: the same random sequence of writes, deletes, batches, gets,
 * iterator walks (both directions), snapshots, reopens and compactions runs on an engine with L0
 * on SSD and on one with L0 on (simulated) pmem, and every answer of the one must equal the
 * other's, step by step.
 */
class L0ModeEquivalenceTest {
  record Case(long optionsSeed, List<ModelAction> actions) {}

  @Test
  void ssdAndPmemL0AnswerEveryReadAlike() {
    Property.of("SSD and PMEM L0 give identical answers",
            random -> new Case(random.nextLong(), ModelAction.randomSequence(random, false)))
        .shrinkWith(failing -> Shrinkers.<ModelAction>list().candidates(failing.actions()).stream()
            .map(smaller -> new Case(failing.optionsSeed(), smaller)).toList())
        .describeWith(testCase -> "options seed " + testCase.optionsSeed() + ", actions " + testCase.actions())
        .trials(150)
        .check(testCase -> {
          Options pmem = ModelRun.randomPmemOptions(testCase.optionsSeed());
          // The same tuning with L0 on SSD (a pmem-sized L0's options have its table triggers set out of reach).
          Options ssd = ModelRun.randomOptions(testCase.optionsSeed()).toBuilder().l0Mode(L0Mode.SSD).build();
          List<String> ssdAnswers = new Answers(ssd).run(testCase.actions());
          List<String> pmemAnswers = new Answers(pmem).run(testCase.actions());
          assertThat(pmemAnswers).isEqualTo(ssdAnswers);
        });
  }

  /**
   * As above with the pmem L0 in region files (the FFM backend), where compactions copy container
   * values with positional file reads rather than through the mapping.
   */
  @Test
  void ssdAndFileBackedPmemL0AnswerEveryReadAlike(@TempDir Path folder) {
    int[] trial = {0};
    Property.of("SSD and file-backed PMEM L0 give identical answers",
            random -> new Case(random.nextLong(), ModelAction.randomSequence(random, false)))
        .describeWith(testCase -> "options seed " + testCase.optionsSeed() + ", actions " + testCase.actions())
        .trials(25)
        .check(testCase -> {
          Options pmem = ModelRun.randomPmemOptions(testCase.optionsSeed());
          Options ssd = ModelRun.randomOptions(testCase.optionsSeed()).toBuilder().l0Mode(L0Mode.SSD).build();
          List<String> ssdAnswers = new Answers(ssd).run(testCase.actions());
          Path regions = folder.resolve("trial-" + trial[0]++);
          try {
            Files.createDirectories(regions);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          PmemDirectory files = Pmem.directory(regions, RegionOptions.defaults().withBackend(PmemBackend.FFM));
          assertThat(new Answers(pmem, files).run(testCase.actions())).isEqualTo(ssdAnswers);
        });
  }

  /** Runs actions on one engine and writes down every answer it gives. */
  private static final class Answers {
    private final Options options;
    private final InMemoryFileLayer files = new InMemoryFileLayer();
    private final PmemDirectory pmem;
    private final Map<Integer, Snapshot> snapshots = new HashMap<>();
    private final List<String> answers = new ArrayList<>();
    private Db db;

    Answers(Options options) {
      this(options, new CrashSimulatingDirectory("equivalence"));
    }

    Answers(Options options, PmemDirectory pmem) {
      this.options = options;
      this.pmem = pmem;
    }

    List<String> run(List<ModelAction> actions) {
      db = open();
      try {
        for (ModelAction action : actions) {
          apply(action);
        }
        walkAll(null);
      } finally {
        snapshots.values().forEach(Snapshot::close);
        db.close();
      }
      return answers;
    }

    private Db open() {
      Path directory = Path.of("/db");
      return options.l0Mode() == L0Mode.PMEM ? DbImpl.open(directory, options, files, pmem)
          : DbImpl.open(directory, options, files);
    }

    private void apply(ModelAction action) {
      switch (action) {
        case ModelAction.Put put -> db.put(bytes(put.key()), ModelAction.valueBytes(put.valueSeed(), put.valueLength()),
            new WriteOptions(put.sync()));
        case ModelAction.Delete delete -> db.delete(bytes(delete.key()), new WriteOptions(delete.sync()));
        case ModelAction.Batch batch -> {
          WriteBatch writes = new WriteBatch();
          batch.puts().forEach(put -> writes.put(bytes(put.key()), ModelAction.valueBytes(put.valueSeed(),
              put.valueLength())));
          batch.deletes().forEach(key -> writes.delete(bytes(key)));
          db.write(writes, new WriteOptions(batch.sync()));
        }
        case ModelAction.Get get -> answers.add("get " + get.key() + " = " + text(db.get(bytes(get.key()))));
        case ModelAction.Walk walk -> walk(walk, null);
        case ModelAction.TakeSnapshot take -> {
          Snapshot previous = snapshots.put(take.id(), db.getSnapshot());
          if (previous != null) {
            previous.close();
          }
        }
        case ModelAction.ReadSnapshot read -> {
          Snapshot snapshot = snapshots.get(read.id());
          if (snapshot != null) {
            answers.add("snapshot " + read.id() + " get " + read.key() + " = "
                + text(db.get(bytes(read.key()), ReadOptions.DEFAULT.withSnapshot(snapshot))));
            walkAll(snapshot);
          }
        }
        case ModelAction.ReleaseSnapshot release -> {
          Snapshot snapshot = snapshots.remove(release.id());
          if (snapshot != null) {
            snapshot.close();
          }
        }
        case ModelAction.Reopen reopen -> {
          snapshots.values().forEach(Snapshot::close);
          snapshots.clear();
          db.close();
          db = open();
        }
        case ModelAction.Crash crash -> throw new IllegalStateException("no crashes in this test");
        case ModelAction.Compact compact -> db.compactRange(compact.begin() == null ? null : bytes(compact.begin()),
            compact.end() == null ? null : bytes(compact.end()));
      }
    }

    private void walk(ModelAction.Walk walk, Snapshot snapshot) {
      try (DbIterator iterator = db.newIterator(ReadOptions.DEFAULT.withSnapshot(snapshot))) {
        if (walk.fromLast()) {
          iterator.seekToLast();
        } else if (walk.start() == null) {
          iterator.seekToFirst();
        } else {
          iterator.seek(bytes(walk.start()));
        }
        StringBuilder path = new StringBuilder("walk " + walk.start() + ":");
        for (boolean forward : walk.moves()) {
          if (!iterator.isValid()) {
            break;
          }
          path.append(' ').append(text(iterator.key())).append('=').append(text(iterator.value()));
          if (forward) {
            iterator.next();
          } else {
            iterator.prev();
          }
        }
        answers.add(path.toString());
      }
    }

    private void walkAll(Snapshot snapshot) {
      StringBuilder all = new StringBuilder("all:");
      try (DbIterator iterator = db.newIterator(ReadOptions.DEFAULT.withSnapshot(snapshot))) {
        for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
          all.append(' ').append(text(iterator.key())).append('=').append(text(iterator.value()));
        }
      }
      answers.add(all.toString());
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return bytes == null ? "(none)" : HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 12)) + "/" + bytes.length;
  }
}
