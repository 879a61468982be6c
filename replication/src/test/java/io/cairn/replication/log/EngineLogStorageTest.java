package io.cairn.replication.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.kraft.api.Configuration;
import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.EntryType;
import io.cairn.kraft.api.HardState;
import io.cairn.kraft.api.LogStorage;
import io.cairn.kraft.api.MemoryLogStorage;
import io.cairn.kraft.api.NodeId;
import io.cairn.kraft.api.Snapshot;
import io.cairn.kraft.api.SnapshotMetadata;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import io.cairn.testing.Property;
import io.cairn.testing.Shrinkers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine-backed log against {@link MemoryLogStorage}, the reference: the same random sequence
 * of writes (appends that overwrite suffixes, hard states, snapshots saved and installed,
 * compactions, reopens of the database) must leave both answering every query alike, with no
 * entry cache, a tiny one that evicts all the time, and the default one.
 */
class EngineLogStorageTest {
  @TempDir Path dir;
  private final AtomicInteger runs = new AtomicInteger();

  private static final NodeId A = NodeId.fromPublicKey(new byte[] {1});
  private static final NodeId B = NodeId.fromPublicKey(new byte[] {2});

  /** One operation: a kind and three random numbers interpreted against the current log. */
  record Op(int kind, long a, long b, long c) {
    @Override
    public String toString() {
      return List.of("append", "hard", "save", "compact", "install", "reopen").get(kind) + "(" + a + "," + b + "," + c + ")";
    }
  }

  private static List<Op> operations(SplittableRandom random) {
    int count = 1 + random.nextInt(60);
    List<Op> ops = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int kind = random.nextInt(100);
      kind = kind < 45 ? 0 : kind < 60 ? 1 : kind < 72 ? 2 : kind < 84 ? 3 : kind < 90 ? 4 : 5;
      ops.add(new Op(kind, random.nextLong(1000), random.nextLong(1000), random.nextLong(1000)));
    }
    return ops;
  }

  @Test
  void behavesLikeTheMemoryStorageUnderRandomWritesAndReopens() {
    Property.of("engine log = memory log", EngineLogStorageTest::operations)
        .shrinkWith(Shrinkers.list())
        .trials(30)
        .check(this::run);
  }

  private void run(List<Op> ops) {
    Path path = dir.resolve("run-" + runs.incrementAndGet());
    MemoryLogStorage model = new MemoryLogStorage();
    Db db = Cairn.open(path, Options.defaults());
    // No entry cache, one small enough to evict all the time, or the default.
    long cacheBytes = List.of(0L, 200L, EngineLogStorage.CACHE_BYTES).get(ops.size() % 3);
    try {
      EngineLogStorage engine = EngineLogStorage.open(db, snapshots(path), cacheBytes);
      long maxTerm = 1;
      for (Op op : ops) {
        switch (op.kind()) {
          case 0 -> maxTerm = append(op, model, engine, maxTerm);
          case 1 -> {
            HardState state = new HardState(op.a(), op.b() % 3 == 0 ? null : op.b() % 3 == 1 ? A : B, op.c());
            model.setHardState(state);
            engine.setHardState(state);
          }
          case 2 -> save(op, model, engine);
          case 3 -> compact(op, model, engine);
          case 4 -> {
            Snapshot snapshot = snapshot(Math.max(1, model.lastIndex() + op.a() % 5 - 2), maxTerm, op.b());
            if (snapshot.index() >= model.snapshotMetadata().index()) {
              model.applySnapshot(snapshot);
              engine.applySnapshot(snapshot);
            }
          }
          default -> {
            engine.sync();
            db.close();
            db = Cairn.open(path, Options.defaults());
            engine = EngineLogStorage.open(db, snapshots(path), cacheBytes);
          }
        }
        assertSame(model, engine, op);
      }
    } finally {
      db.close();
    }
  }

  private static long append(Op op, MemoryLogStorage model, EngineLogStorage engine, long maxTerm) {
    long span = model.lastIndex() + 2 - model.firstIndex();
    long first = model.firstIndex() + op.a() % span;
    int count = 1 + (int) (op.b() % 6);
    long term = Math.max(first > model.firstIndex() - 1 ? model.term(first - 1) : 1, 1) + op.c() % 2;
    long newMax = Math.max(maxTerm, term);
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] data = new byte[(int) ((op.c() + i) % 40)];
      java.util.Arrays.fill(data, (byte) op.a());
      entries.add(new Entry(first + i, term, i % 7 == 3 ? EntryType.CONFIG : EntryType.NORMAL, data));
    }
    model.append(entries);
    engine.append(entries);
    return newMax;
  }

  private static void save(Op op, MemoryLogStorage model, EngineLogStorage engine) {
    long low = Math.max(model.snapshotMetadata().index(), model.firstIndex() - 1);
    long high = model.lastIndex();
    if (high < low || high == 0) {
      return;
    }
    long index = low + op.a() % (high - low + 1);
    if (index == 0) {
      return;
    }
    Snapshot snapshot = snapshot(index, model.term(index), op.b());
    model.saveSnapshot(snapshot);
    engine.saveSnapshot(snapshot);
  }

  private static void compact(Op op, MemoryLogStorage model, EngineLogStorage engine) {
    long high = Math.min(model.snapshotMetadata().index(), model.lastIndex());
    long low = model.firstIndex();
    if (high < low) {
      return;
    }
    long through = low + op.a() % (high - low + 1);
    model.compact(through);
    engine.compact(through);
  }

  private static Path snapshots(Path db) {
    return db.resolveSibling(db.getFileName() + "-snapshots");
  }

  @Test
  void snapshotDataLivesInOneFileNamedByTheDurableRecord() throws IOException {
    Path path = dir.resolve("files");
    Path snapshots = snapshots(path);
    Snapshot first = snapshot(2, 1, 64);
    Snapshot second = snapshot(4, 1, 98);
    try (Db db = Cairn.open(path, Options.defaults())) {
      EngineLogStorage engine = EngineLogStorage.open(db, snapshots);
      engine.append(List.of(new Entry(1, 1, EntryType.NORMAL, null), new Entry(2, 1, EntryType.NORMAL, null),
          new Entry(3, 1, EntryType.NORMAL, null), new Entry(4, 1, EntryType.NORMAL, null)));
      engine.saveSnapshot(first);
      engine.sync();
      assertThat(db.get(LogFormat.SNAPSHOT_KEY)).isNull();
      assertThat(Files.readAllBytes(snapshots.resolve(name(first)))).isEqualTo(first.data());
      engine.saveSnapshot(second);
      // Until the record naming the new file is durable, the old file stays.
      assertThat(Files.exists(snapshots.resolve(name(first)))).isTrue();
      engine.sync();
      assertThat(fileNames(snapshots)).containsExactly(name(second));
    }
    // A file whose record a crash lost (or a half-written temporary) is deleted on opening.
    Files.write(snapshots.resolve("9-2-00000000.snap"), new byte[] {1, 2});
    Files.write(snapshots.resolve("9-2-00000000.snap.tmp"), new byte[] {3});
    try (Db db = Cairn.open(path, Options.defaults())) {
      assertThat(EngineLogStorage.open(db, snapshots).snapshot()).isEqualTo(second);
      assertThat(fileNames(snapshots)).containsExactly(name(second));
    }
    byte[] damaged = second.data().clone();
    damaged[damaged.length / 2] ^= 1;
    Files.write(snapshots.resolve(name(second)), damaged);
    try (Db db = Cairn.open(path, Options.defaults())) {
      assertThatThrownBy(() -> EngineLogStorage.open(db, snapshots)).isInstanceOf(io.cairn.common.CorruptionException.class)
          .hasMessageContaining("checksum");
    }
    Files.delete(snapshots.resolve(name(second)));
    try (Db db = Cairn.open(path, Options.defaults())) {
      assertThatThrownBy(() -> EngineLogStorage.open(db, snapshots)).isInstanceOf(io.cairn.common.CorruptionException.class)
          .hasMessageContaining("missing");
    }
  }

  @Test
  void readsASnapshotStoredInlineByEarlierVersionsAndMovesItToAFileOnTheNextSave() {
    Path path = dir.resolve("inline");
    Snapshot inline = snapshot(1, 1, 37);
    try (Db db = Cairn.open(path, Options.defaults())) {
      db.put(LogFormat.SNAPSHOT_KEY, LogFormat.encodeSnapshot(inline));
      db.put(LogFormat.entryKey(1), LogFormat.encodeEntry(new Entry(1, 1, EntryType.NORMAL, null)));
      db.put(LogFormat.entryKey(2), LogFormat.encodeEntry(new Entry(2, 1, EntryType.NORMAL, null)));
      EngineLogStorage engine = EngineLogStorage.open(db, snapshots(path));
      assertThat(engine.snapshot()).isEqualTo(inline);
      Snapshot next = snapshot(2, 1, 41);
      engine.saveSnapshot(next);
      engine.sync();
      assertThat(db.get(LogFormat.SNAPSHOT_KEY)).isNull();
      assertThat(EngineLogStorage.open(db, snapshots(path)).snapshot()).isEqualTo(next);
    }
  }

  /** The file name of {@code snapshot}'s data. */
  private static String name(Snapshot snapshot) {
    return snapshot.index() + "-" + snapshot.term() + "-"
        + String.format("%08x", io.cairn.common.Crc32c.of(snapshot.data())) + ".snap";
  }

  private static List<String> fileNames(Path directory) throws IOException {
    try (var files = Files.list(directory)) {
      return files.map(file -> file.getFileName().toString()).sorted().toList();
    }
  }

  private static Snapshot snapshot(long index, long term, long seed) {
    byte[] data = new byte[(int) (seed % 100)];
    new SplittableRandom(seed).nextBytes(data);
    Configuration configuration = seed % 2 == 0 ? Configuration.ofVoters(List.of(A)) : Configuration.of(List.of(A), List.of(B));
    return new Snapshot(new SnapshotMetadata(index, term, configuration), data);
  }

  private static void assertSame(LogStorage model, LogStorage engine, Op after) {
    String where = "after " + after;
    assertThat(engine.firstIndex()).as(where).isEqualTo(model.firstIndex());
    assertThat(engine.lastIndex()).as(where).isEqualTo(model.lastIndex());
    assertThat(engine.hardState()).as(where).isEqualTo(model.hardState());
    assertThat(engine.snapshot()).as(where).isEqualTo(model.snapshot());
    for (long index = model.firstIndex() - 1; index <= model.lastIndex(); index++) {
      assertThat(engine.term(index)).as(where + " term(" + index + ")").isEqualTo(model.term(index));
    }
    long from = model.firstIndex();
    long to = model.lastIndex() + 1;
    for (long maxBytes : new long[] {1, 60, Long.MAX_VALUE}) {
      assertThat(engine.entries(from, to, maxBytes)).as(where).isEqualTo(model.entries(from, to, maxBytes));
    }
  }

  @Test
  void outOfRangeRequestsAreRefusedLikeTheReference() {
    try (Db db = Cairn.open(dir.resolve("range"), Options.defaults())) {
      EngineLogStorage engine = EngineLogStorage.open(db, snapshots(dir.resolve("range")));
      engine.append(List.of(new Entry(1, 1, EntryType.NORMAL, new byte[1]), new Entry(2, 1, EntryType.NORMAL, null)));
      assertThatThrownBy(() -> engine.append(List.of(new Entry(4, 1, EntryType.NORMAL, null))))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> engine.term(3)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> engine.entries(1, 4, 100)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> engine.compact(1)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void syncedWritesSurviveAReopenAndACorruptValueIsDetected() throws IOException {
    Path path = dir.resolve("reopen");
    HardState state = new HardState(7, A, 2);
    try (Db db = Cairn.open(path, Options.defaults())) {
      EngineLogStorage engine = EngineLogStorage.open(db, snapshots(path));
      engine.append(List.of(new Entry(1, 3, EntryType.NORMAL, new byte[] {9}), new Entry(2, 7, EntryType.NORMAL, null)));
      engine.setHardState(state);
      engine.sync();
    }
    try (Db db = Cairn.open(path, Options.defaults())) {
      EngineLogStorage engine = EngineLogStorage.open(db, snapshots(path));
      assertThat(engine.hardState()).isEqualTo(state);
      assertThat(engine.lastIndex()).isEqualTo(2);
      assertThat(engine.term(1)).isEqualTo(3);
      byte[] value = db.get(LogFormat.entryKey(2));
      value[1] ^= 1;
      db.put(LogFormat.entryKey(2), value);
      assertThatThrownBy(() -> EngineLogStorage.open(db, snapshots(path))).isInstanceOf(io.cairn.common.CorruptionException.class);
    }
    assertThat(Files.exists(path)).isTrue();
  }
}
