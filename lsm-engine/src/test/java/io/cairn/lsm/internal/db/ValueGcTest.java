package io.cairn.lsm.internal.db;

import static io.cairn.lsm.internal.db.ValueSeparationTest.bytes;
import static io.cairn.lsm.internal.db.ValueSeparationTest.checkReads;
import static io.cairn.lsm.internal.db.ValueSeparationTest.settle;
import static io.cairn.lsm.internal.db.ValueSeparationTest.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.CorruptionException;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.ReadOptions;
import io.cairn.lsm.internal.compaction.RelocationRule;
import io.cairn.lsm.internal.fs.InMemoryFileLayer;
import io.cairn.lsm.internal.iterator.InternalIterator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.ValueReference;
import io.cairn.lsm.internal.version.Version;
import io.cairn.pmem.api.PmemRegion;
import io.cairn.pmem.l0.NvmTable;
import io.cairn.pmem.testing.CrashSimulatingDirectory;
import io.cairn.testing.Property;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Garbage collection of pmem value Containers by relocation: compactions copy the live values of
 * the Containers the {@link RelocationRule} picks into new value Containers, so the Containers'
 * pmem bytes stay within {@code k = 1 / (1 - garbageThreshold)} times the live value bytes (plus
 * a fixed overhead per entry and per Container) after a {@code compactRange}, where without it
 * they grow with every write.
 */
class ValueGcTest {
  private static final Path DIRECTORY = Path.of("/db");
  /** Small tables and levels, key-value separation and relocation at their defaults. */
  private static final Options OPTIONS = ValueSeparationTest.OPTIONS;
  /** Hot keys overwritten and deleted again and again; every other key is written once and kept. */
  private static final int HOT_KEYS = 30;
  /**
   * Pmem bytes of a Container beyond its values, per entry: a slot (16 bytes of lengths and model
   * key, the inline key and value areas), the record padding to 8 bytes, the key's record when
   * the internal key is longer than the inline area, and its filter bits.
   */
  private static final long ENTRY_OVERHEAD = 16 + 64 + 8 + 64 + 2;
  /**
   * Pmem bytes of a Container beyond its entries: region header and super block (256 bytes each),
   * a meta block (272) per 64 entries, the model's segments and the filter; with room to spare.
   */
  private static final long CONTAINER_OVERHEAD = 4 << 10;

  @Test
  void relocationKeepsPmemWithinKTimesTheLiveValueBytes() {
    RelocationRule rule = new RelocationRule(OPTIONS.pmemValueGcAgeCutoff(), OPTIONS.pmemValueGcGarbageThreshold());
    long[] relocatedRounds = new long[1];
    Property.of("pmem bytes bounded under overwrites with relocation", random -> random.nextLong())
        .trials(6)
        .check(seed -> assertThat(run(seed, OPTIONS, rule.bound(), relocatedRounds)).as("worst pmem / bound").isLessThanOrEqualTo(1.0));
    assertThat(relocatedRounds[0]).as("rounds in which values were relocated into value Containers").isPositive();
  }

  @Test
  void withoutRelocationTheSameWorkloadOutgrowsTheBound() {
    double bound = new RelocationRule(OPTIONS.pmemValueGcAgeCutoff(), OPTIONS.pmemValueGcGarbageThreshold()).bound();
    double worst = run(11, OPTIONS.toBuilder().pmemValueGcOff().build(), bound, new long[1]);
    assertThat(worst).as("worst pmem / bound with garbage collection off").isGreaterThan(1.0);
  }

  /**
   * Rounds of writes (a few new keys kept for good, the rest overwrites and deletes of the hot
   * keys), each ended by a compactRange; sometimes a reopen. After each round every read returns
   * the model's value, and the Containers' pmem bytes are weighed against {@code k * live +
   * overhead}. Returns the worst ratio of the two.
   */
  private static double run(long seed, Options options, double k, long[] relocatedRounds) {
    SplittableRandom random = new SplittableRandom(seed);
    InMemoryFileLayer files = new InMemoryFileLayer();
    CrashSimulatingDirectory pmem = new CrashSimulatingDirectory("gc-" + seed);
    TreeMap<String, byte[]> model = new TreeMap<>();
    double worst = 0;
    int nextColdKey = 0;
    DbImpl db = DbImpl.open(DIRECTORY, options, files, pmem);
    try {
      for (int round = 0; round < 12; round++) {
        for (int i = 0; i < 150; i++) {
          if (random.nextInt(10) == 0) {
            ValueSeparationTest.put(db, model, "c" + nextColdKey++, value(random, random.nextInt(200, 1200)));
          } else {
            String key = "h" + random.nextInt(HOT_KEYS);
            if (random.nextInt(8) == 0) {
              db.delete(bytes(key));
              model.remove(key);
            } else {
              ValueSeparationTest.put(db, model, key, value(random, random.nextInt(200, 1200)));
            }
          }
        }
        if (random.nextInt(4) == 0) {
          db.close();
          db = DbImpl.open(DIRECTORY, options, files, pmem);
        }
        Set<Long> before = containers(db);
        db.compactRange(null, null);
        settle(db, pmem);
        checkReads(db, model, ReadOptions.DEFAULT);
        if (!before.containsAll(containers(db))) {
          relocatedRounds[0]++;
        }
        worst = Math.max(worst, (double) db.nvmTables.bytes() / bound(db, model, k));
      }
    } finally {
      db.close();
    }
    return worst;
  }

  /** {@code k * live value bytes + overhead per live entry and per Container} of {@code db} now. */
  private static double bound(DbImpl db, TreeMap<String, byte[]> model, double k) {
    long live = 0;
    long entries = 0;
    for (byte[] value : model.values()) {
      live += value.length;
      entries++;
    }
    return k * (live + entries * ENTRY_OVERHEAD) + containers(db).size() * CONTAINER_OVERHEAD;
  }

  /** The Containers the current version's SSTables reference. */
  private static Set<Long> containers(DbImpl db) {
    Version version = db.versions.refCurrent();
    try {
      return new HashSet<>(version.referencedContainerBytes().keySet());
    } finally {
      version.unref();
    }
  }

  @Test
  void aDamagedRelocatedRecordIsCorruptionNamingItsContainer() {
    InMemoryFileLayer files = new InMemoryFileLayer();
    CrashSimulatingDirectory pmem = new CrashSimulatingDirectory("gc-damage");
    SplittableRandom random = new SplittableRandom(5);
    ValueReference relocated;
    String key;
    try (DbImpl db = DbImpl.open(DIRECTORY, OPTIONS, files, pmem)) {
      for (int i = 0; i < 200; i++) {
        db.put(bytes("k" + i), value(random, 600));
      }
      db.compactRange(null, null);
      Set<Long> flushed = containers(db);
      for (int i = 0; i < 200; i += 4) {
        db.put(bytes("k" + i), value(random, 600));
      }
      db.compactRange(null, null);
      relocated = null;
      key = null;
      for (Map.Entry<String, ValueReference> entry : references(db).entrySet()) {
        if (!flushed.contains(entry.getValue().container())) {
          relocated = entry.getValue();
          key = entry.getKey();
          break;
        }
      }
      assertThat(relocated).as("a value of a Container mostly overwritten was relocated").isNotNull();
    }
    PmemRegion region = pmem.open(NvmTable.tableName(relocated.container()));
    region.writeByte(relocated.offset() + 1, (byte) (region.readByte(relocated.offset() + 1) ^ 0x10));
    region.persist(relocated.offset(), 8);
    region.close();
    String damagedKey = key;
    long container = relocated.container();
    assertThatThrownBy(() -> {
      try (DbImpl db = DbImpl.open(DIRECTORY, OPTIONS, files, pmem)) {
        db.get(bytes(damagedKey));
      }
    }).isInstanceOf(CorruptionException.class).hasMessageContaining(NvmTable.tableName(container));
  }

  /** The newest value reference of each user key in the current version. */
  private static Map<String, ValueReference> references(DbImpl db) {
    Map<String, ValueReference> references = new TreeMap<>();
    SuperVersion view = db.acquireSuperVersion();
    try (InternalIterator entries = db.internalIterator(view, ReadOptions.DEFAULT)) {
      for (entries.seekToFirst(); entries.isValid(); entries.next()) {
        byte[] key = entries.keyBytes();
        long tag = InternalKeyFormat.tagOf(key, entries.keyOffset(), entries.keyLength());
        String user = new String(key, entries.keyOffset(), entries.keyLength() - InternalKeyFormat.TAG_BYTES,
            StandardCharsets.UTF_8);
        if (InternalKeyFormat.type(tag) == InternalKeyFormat.TYPE_VALUE_REFERENCE && !references.containsKey(user)) {
          references.put(user, ValueReference.decode(entries.valueBytes(), entries.valueOffset(), entries.valueLength(),
              "test"));
        }
      }
    } finally {
      view.unref();
    }
    return references;
  }

  @Test
  void theRulePicksTheOldestFractionAndTheMostlyDead() {
    RelocationRule rule = new RelocationRule(0.25, 0.5);
    Map<Long, Long> referenced = Map.of(10L, 900L, 11L, 900L, 12L, 400L, 13L, 1000L, 14L, 1000L, 15L, 1000L,
        16L, 1000L, 17L, 1000L);
    assertThat(rule.pick(referenced, container -> 1000)).as("oldest 2 of 8, and 12 (60 %% dead)")
        .containsExactlyInAnyOrder(10L, 11L, 12L);
    assertThat(new RelocationRule(0, 1).pick(referenced, container -> 1000)).isEmpty();
    assertThat(new RelocationRule(0, 0.5).pick(referenced, container -> -1)).as("unknown size: age only").isEmpty();
    assertThat(rule.bound()).isEqualTo(2.0);
  }
}
