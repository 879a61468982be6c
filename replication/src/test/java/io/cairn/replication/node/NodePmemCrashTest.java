package io.cairn.replication.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.chain.api.HashAlgorithm;
import io.cairn.chain.api.RecordStore;
import io.cairn.chain.api.StoredRecord;
import io.cairn.common.InvalidArgumentException;
import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.EntryType;
import io.cairn.lsm.api.L0Mode;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.WriteOptions;
import io.cairn.lsm.api.Cairn;
import io.cairn.pmem.testing.CrashSimulatingDirectory;
import io.cairn.replication.log.EngineLogStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session 18: a node whose databases have a pmem directory ({@code pmem.dir}) keeps its L0 and its
 * WAL on pmem, and what a leader acknowledges survives a power cut of pmem. The node's three
 * databases are opened by {@link NodeStores} with the node's own options, each on a crash-simulating
 * pmem directory ({@code io.cairn.pmem.testing}); a leader's rounds are the node's writes in the
 * node's order: the round's raw records in one synced write ({@code RecordStore}, as the anchor
 * batcher stores them), then the block's log entries written unsynced and made durable beside the
 * writer ({@code EngineLogStorage.syncWal}, the {@code LogSyncer}'s call), a follower's entries
 * with {@code sync()}. Then pmem is cut at a seeded crash image (every line not yet flushed kept,
 * dropped or torn) and the node reopens on the image: every record whose round returned reads
 * back, and the log holds every entry whose sync returned, byte for byte.
 *
 * <p>The disk side is a real folder copied at the instant of the cut (a process crash for the
 * disk: with the WAL on pmem and memtables far from full, the disk holds only what the open
 * wrote, so the cut is pmem's alone). Seeds are printed; each is replayed by its number.
 */
class NodePmemCrashTest {
  private static final int SEEDS = 12;

  @TempDir Path folder;

  @Test
  void theNodesDatabasesPutTheirL0AndWalOnPmemWithTheNodesBudget() {
    for (String name : NodeStores.NAMES) {
      Options options = NodeStores.options(Path.of("/pmem"), name);
      assertThat(options.l0Mode()).isEqualTo(L0Mode.PMEM);
      assertThat(options.walOnPmem()).as("%s: the WAL on pmem (the engine's default with the pmem L0)", name).isTrue();
      assertThat(options.pmemBudgetBytes()).isEqualTo(NodeStores.PMEM_BUDGET_BYTES).isEqualTo(1L << 30);
      assertThat(NodeStores.options(null, name).walOnPmem()).isFalse();
    }
  }

  @Test
  void aPmemDirectoryThatIsTheDataDirectoryIsRefused() {
    Path data = folder.resolve("data");
    for (Path pmem : List.of(data, data.resolve("log"), data.resolve("records"), data.resolve("./ledger"))) {
      assertThatThrownBy(() -> NodeStores.checkPlacement(data, pmem)).isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("is the data directory");
    }
    NodeStores.checkPlacement(data, folder.resolve("pmem"));
    NodeStores.checkPlacement(data, null);
  }

  @Test
  void everyAcknowledgedRoundSurvivesAPowerCutOfPmem() throws IOException {
    for (long seed = 1; seed <= SEEDS; seed++) {
      System.out.println("NodePmemCrashTest seed " + seed);
      runOnce(seed);
    }
  }

  private void runOnce(long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    Path run = folder.resolve("seed-" + seed);
    Path data = run.resolve("data");
    Path pmemPath = run.resolve("pmem"); // named in the options; the regions are the simulator's
    Map<String, CrashSimulatingDirectory> pmem = new HashMap<>();
    NodeStores.NAMES.forEach(name -> pmem.put(name, new CrashSimulatingDirectory(name)));

    List<byte[]> acknowledgedRecords = new ArrayList<>();
    List<StoredRecord> acknowledgedKeys = new ArrayList<>();
    long acknowledgedIndex;
    List<Entry> written = new ArrayList<>();
    Map<String, CrashSimulatingDirectory> images = new HashMap<>();
    Path copy = run.resolve("data-at-cut");
    NodeStores stores = open(data, pmemPath, pmem);
    try {
      RecordStore records = RecordStore.sequential("node-1", stores.records(), WriteOptions.SYNC);
      EngineLogStorage log = EngineLogStorage.open(stores.log(), data.resolve("snapshots"));
      long index = log.lastIndex();
      int rounds = 3 + random.nextInt(8);
      acknowledgedIndex = index;
      for (int round = 0; round < rounds; round++) {
        // the round's records: one synced write, before its block is proposed
        List<byte[]> raws = new ArrayList<>();
        for (int i = 1 + random.nextInt(40); i > 0; i--) {
          byte[] raw = new byte[1 + random.nextInt(600)];
          random.nextBytes(raw);
          raws.add(raw);
        }
        List<StoredRecord> stored = records.storeAll(raws, HashAlgorithm.SHA_256);
        acknowledgedRecords.addAll(raws);
        acknowledgedKeys.addAll(stored);
        // the block's entries, unsynced, then the leader's sync beside the driver (or a follower's sync)
        List<Entry> entries = new ArrayList<>();
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
          byte[] block = new byte[100 + random.nextInt(4000)];
          random.nextBytes(block);
          entries.add(new Entry(++index, 1, EntryType.NORMAL, block));
        }
        log.append(entries);
        written.addAll(entries);
        if (random.nextBoolean()) {
          log.syncWal();
        } else {
          log.sync();
        }
        acknowledgedIndex = index;
        // the ledger's apply: unsynced (it replays from the log)
        stores.ledger().put(("block-" + round).getBytes(), entries.getFirst().data());
      }
      // a round cut short: its entry appended, no sync returned (it may or may not survive, as a prefix)
      List<Entry> tail = List.of(new Entry(++index, 1, EntryType.NORMAL, new byte[] {1, 2, 3}));
      log.append(tail);
      written.addAll(tail);

      assertThat(walOnDisk(data)).as("no WAL segment in the data directory: each is on pmem").isEmpty();
      for (String name : NodeStores.NAMES) {
        assertThat(pmem.get(name).list()).as("%s's pmem holds its WAL", name).anyMatch(region -> region.contains(".log"));
      }
      // the power cut: pmem to a crash image, the disk as it is now
      for (String name : NodeStores.NAMES) {
        images.put(name, pmem.get(name).crash(seed * 31 + name.hashCode()));
      }
      copyTree(data, copy);
    } finally {
      stores.close(); // the old machine's instance; its writes go to the old pmem and folder only
    }

    NodeStores reopened = open(copy, pmemPath, images);
    try {
      RecordStore records = RecordStore.sequential("node-1", reopened.records(), WriteOptions.SYNC);
      for (int i = 0; i < acknowledgedKeys.size(); i++) {
        assertThat(records.read(acknowledgedKeys.get(i).read().key()))
            .as("record %d of %d (seed %d)", i, acknowledgedKeys.size(), seed).isEqualTo(acknowledgedRecords.get(i));
      }
      EngineLogStorage log = EngineLogStorage.open(reopened.log(), copy.resolve("snapshots"));
      assertThat(log.lastIndex()).as("the log after the cut (seed %d)", seed).isGreaterThanOrEqualTo(acknowledgedIndex);
      List<Entry> found = log.entries(written.getFirst().index(), log.lastIndex() + 1, Long.MAX_VALUE);
      for (int i = 0; i < found.size(); i++) {
        Entry expected = written.get(i);
        assertThat(found.get(i).index()).isEqualTo(expected.index());
        assertThat(Arrays.equals(found.get(i).data(), expected.data()))
            .as("entry %d's bytes (seed %d)", expected.index(), seed).isTrue();
      }
    } finally {
      reopened.close();
    }
  }

  /** The node's stores with each database's pmem on its simulated directory. */
  private static NodeStores open(Path data, Path pmemPath, Map<String, CrashSimulatingDirectory> pmem) {
    return NodeStores.open(data, pmemPath,
        (name, directory, options) -> Cairn.open(directory, options, pmem.get(name)));
  }

  private static List<Path> walOnDisk(Path data) throws IOException {
    try (Stream<Path> files = Files.walk(data)) {
      return files.filter(file -> file.getFileName().toString().endsWith(".log")).toList();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      files.forEach(source -> {
        Path target = to.resolve(from.relativize(source).toString());
        try {
          if (Files.isDirectory(source)) {
            Files.createDirectories(target);
          } else if (!source.getFileName().toString().equals("LOCK")) {
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
