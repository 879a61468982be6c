package io.cairn.lsm.internal.db;

import io.cairn.lsm.api.Options;
import io.cairn.lsm.internal.fs.DirectIoFilesTest;
import io.cairn.lsm.internal.fs.DiskFileLayer;
import io.cairn.lsm.internal.fs.InMemoryFileLayer;
import io.cairn.testing.Property;
import io.cairn.testing.Shrinkers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine against a TreeMap model: random sequences of puts, deletes, batches, gets, iterator
 * walks, snapshots, reopens, simulated power cuts and compactions. Seeded: a failure prints the
 * seed, a replay command and the shrunk sequence.
 */
class ModelTest {
  /** A generated case: the options seed and the actions. */
  record Case(long optionsSeed, List<ModelAction> actions) {}

  @TempDir Path temporary;

  @Test
  void engineInMemoryBehavesLikeATreeMapAcrossCrashes() {
    Property.of("engine equals TreeMap model (in-memory files, power cuts)",
            random -> new Case(random.nextLong(), ModelAction.randomSequence(random, true)))
        .shrinkWith(shrinker())
        .describeWith(ModelTest::describe)
        .trials(1500)
        .check(testCase -> new ModelRun(new InMemoryFileLayer(), Path.of("/db"),
            ModelRun.randomOptions(testCase.optionsSeed())).run(testCase.actions()));
  }

  @Test
  void engineOnDiskBehavesLikeATreeMap() {
    Property.of("engine equals TreeMap model (real files)",
            random -> new Case(random.nextLong(), ModelAction.randomSequence(random, false)))
        .shrinkWith(shrinker())
        .describeWith(ModelTest::describe)
        .trials(60)
        .check(testCase -> {
          Path directory = temporary.resolve("db");
          deleteRecursively(directory);
          new ModelRun(DiskFileLayer.INSTANCE, directory, onDisk(ModelRun.randomOptions(testCase.optionsSeed())))
              .run(testCase.actions());
        });
  }

  @Test
  void pmemL0EngineInMemoryBehavesLikeATreeMapAcrossCrashes() {
    Property.of("pmem-L0 engine equals TreeMap model (in-memory files, simulated pmem, power cuts)",
            random -> new Case(random.nextLong(), ModelAction.randomSequence(random, true)))
        .shrinkWith(shrinker())
        .describeWith(ModelTest::describe)
        .trials(400)
        .check(testCase -> new ModelRun(new InMemoryFileLayer(), Path.of("/db"),
            ModelRun.randomPmemOptions(testCase.optionsSeed())).switchingWalAtEachOpen(switchesWal(testCase))
            .run(testCase.actions()));
  }

  @Test
  void pmemL0EngineOnDiskBehavesLikeATreeMap() {
    Property.of("pmem-L0 engine equals TreeMap model (real files, mapped-file pmem)",
            random -> new Case(random.nextLong(), ModelAction.randomSequence(random, false)))
        .shrinkWith(shrinker())
        .describeWith(ModelTest::describe)
        .trials(30)
        .check(testCase -> {
          Path directory = temporary.resolve("db");
          deleteRecursively(directory);
          new ModelRun(DiskFileLayer.INSTANCE, directory, onDisk(ModelRun.randomPmemOptions(testCase.optionsSeed())))
              .switchingWalAtEachOpen(switchesWal(testCase)).run(testCase.actions());
        });
  }

  /**
   * Whether a pmem case moves its WAL to the other place at every reopen and recovery (a user
   * switching walOnPmem; session 15): a quarter of the cases, decided by the options seed.
   */
  private static boolean switchesWal(Case testCase) {
    return (testCase.optionsSeed() & 3) == 0;
  }

  /** {@code options} as drawn (direct I/O on or off), or buffered where the temporary directory refuses O_DIRECT. */
  private Options onDisk(Options options) {
    return DirectIoFilesTest.supported(temporary) ? options : options.toBuilder().directIo(false).build();
  }

  private static io.cairn.testing.Shrinker<Case> shrinker() {
    io.cairn.testing.Shrinker<List<ModelAction>> actions = Shrinkers.list();
    return failing -> actions.candidates(failing.actions()).stream()
        .map(smaller -> new Case(failing.optionsSeed(), smaller)).toList();
  }

  private static String describe(Case testCase) {
    Options drawn = ModelRun.randomOptions(testCase.optionsSeed());
    StringBuilder text = new StringBuilder("options seed " + testCase.optionsSeed() + " (direct reads "
        + drawn.useDirectReads() + ", direct flush/compaction writes " + drawn.useDirectIoForFlushAndCompaction()
        + ", memtable " + drawn.memTableRep()
        + (switchesWal(testCase) ? "; pmem runs switch the WAL's place at every open" : "") + "), "
        + testCase.actions().size() + " actions:");
    for (ModelAction action : testCase.actions()) {
      text.append("\n    ").append(action);
    }
    return text.toString();
  }

  private static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
