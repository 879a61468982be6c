package io.cairn.lsm.internal.pmem;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.lsm.internal.fs.AppendFile;
import io.cairn.lsm.internal.fs.InMemoryFileLayer;
import io.cairn.lsm.internal.fs.SequentialReadFile;
import io.cairn.lsm.internal.log.LogFormat;
import io.cairn.lsm.internal.log.LogReader;
import io.cairn.lsm.internal.log.LogWriter;
import io.cairn.lsm.internal.log.TailPolicy;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.PmemRegion;
import io.cairn.pmem.api.RegionOptions;
import io.cairn.pmem.testing.CrashSimulatingDirectory;
import io.cairn.pmem.testing.CrashSweep;
import io.cairn.pmem.testing.PersistPoint;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The pmem WAL's prepared extents (session 13): claimed by rename, the next one prepared, an
 * unclaimed one deleted at close and after a crash, and power cuts at every step of prepare,
 * claim and retire losing no synced byte.
 */
class WalExtentPreparerTest {
  private static final Path DB = Path.of("/db");
  private static final long CAPACITY = 4096;

  private static List<String> prepared(PmemDirectory directory) {
    return directory.list().stream().filter(WalExtentPreparer::isPrepared).toList();
  }

  @Test
  void aClaimRenamesTheReadyExtentAndThePreparerKeepsOneReady() {
    CrashSimulatingDirectory pmem = new CrashSimulatingDirectory("claim");
    PmemWalFileLayer layer = new PmemWalFileLayer(new InMemoryFileLayer(), pmem, DB, CAPACITY, true, Runnable::run);
    assertThat(pmem.list()).containsExactly("walprep-0.extent");
    AppendFile segment = layer.createAppendFile(DB.resolve("000005.log"));
    assertThat(pmem.list()).containsExactly("000005.log", "walprep-1.extent");
    // The claim wrote the extent's header before the rename: the segment reads as empty, not damaged.
    assertThat(layer.fileBytes(DB.resolve("000005.log"))).isZero();
    assertThat(layer.list(DB)).containsExactly("000005.log");
    segment.close();
    layer.close();
    assertThat(pmem.list()).containsExactly("000005.log");
    assertThat(pmem.persistPoints()).extracting(PersistPoint::kind).containsExactly(PersistPoint.Kind.CREATE,
        PersistPoint.Kind.FENCE, PersistPoint.Kind.RENAME, PersistPoint.Kind.CREATE, PersistPoint.Kind.DELETE);
  }

  @Test
  void aSegmentThatOutgrowsItsExtentClaimsPreparedExtentsInOrder() {
    CrashSimulatingDirectory pmem = new CrashSimulatingDirectory("roll");
    PmemWalFileLayer layer = new PmemWalFileLayer(new InMemoryFileLayer(), pmem, DB, CAPACITY, true, Runnable::run);
    byte[] bytes = new byte[(int) (CAPACITY * 2 + 100)];
    new SplittableRandom(3).nextBytes(bytes);
    try (AppendFile segment = layer.createAppendFile(DB.resolve("000009.log"))) {
      segment.append(bytes, 0, bytes.length);
      segment.sync();
    }
    assertThat(pmem.list()).containsExactly("000009.log", "000009.log-1", "000009.log-2", "walprep-3.extent");
    assertThat(read(layer, "000009.log")).isEqualTo(bytes);
    layer.close();
    assertThat(prepared(pmem)).isEmpty();
  }

  @Test
  void aDatabaseOpenedAgainDeletesWhatACrashLeftPreparedAndNeverReadsIt() {
    CrashSimulatingDirectory pmem = new CrashSimulatingDirectory("leftover");
    // Left by a crash between the claim's header and its rename: a valid header, stale log bytes.
    try (PmemRegion stale = pmem.create("walprep-0.extent", PmemLogFormat.DATA_OFFSET + CAPACITY)) {
      PmemLogFormat.writeHeader(stale, 0, CAPACITY, 0);
      stale.write(PmemLogFormat.DATA_OFFSET, new byte[] {1, 2, 3}, 0, 3);
      stale.storeLongAtomic(PmemLogFormat.LENGTH_OFFSET, 3);
      stale.persist(0, PmemLogFormat.DATA_OFFSET + 8);
    }
    PmemWalFileLayer layer = new PmemWalFileLayer(new InMemoryFileLayer(), pmem, DB, CAPACITY, false, Runnable::run);
    assertThat(pmem.list()).isEmpty();
    assertThat(layer.list(DB)).isEmpty();
    layer.close();
  }

  @Test
  void aFailedPreparationLeavesTheWriterToCreateTheExtent() {
    CrashSimulatingDirectory inner = new CrashSimulatingDirectory("refusing");
    PmemDirectory refusing = new RefusingPreparations(inner);
    PmemWalFileLayer layer = new PmemWalFileLayer(new InMemoryFileLayer(), refusing, DB, CAPACITY, true, Runnable::run);
    byte[] record = {9, 8, 7};
    try (AppendFile segment = layer.createAppendFile(DB.resolve("000002.log"))) {
      segment.append(record, 0, record.length);
      segment.sync();
    }
    assertThat(inner.list()).containsExactly("000002.log");
    assertThat(read(layer, "000002.log")).isEqualTo(record);
    layer.close();
  }

  /**
   * A power cut at every persist point of: the preparer's first extent, a segment claimed and
   * synced across three extents (two more claims), a second segment, and the first retired
   * (deleted). After each cut (4 crash images per point, seeded), the layer opened again holds no
   * prepared extent, and every live segment reads back at least its synced bytes, unchanged.
   */
  @Test
  void powerCutsAtEveryStepOfPrepareClaimAndRetireLoseNoSyncedByte() {
    TreeMap<String, byte[]> synced = new TreeMap<>();
    TreeMap<String, byte[]> written = new TreeMap<>();
    CrashSweep.Result result = CrashSweep.of(pmem -> {
      synced.clear();
      written.clear();
      PmemWalFileLayer layer = new PmemWalFileLayer(new InMemoryFileLayer(), pmem, DB, CAPACITY, true, Runnable::run);
      SplittableRandom random = new SplittableRandom(11);
      for (String name : List.of("000003.log", "000004.log")) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        written.put(name, new byte[0]);
        try (AppendFile segment = layer.createAppendFile(DB.resolve(name))) {
          synced.put(name, new byte[0]);
          for (int record = 0; record < (name.equals("000003.log") ? 5 : 2); record++) {
            byte[] chunk = new byte[1500 + random.nextInt(1000)];
            random.nextBytes(chunk);
            bytes.writeBytes(chunk);
            written.put(name, bytes.toByteArray());
            segment.append(chunk, 0, chunk.length);
            segment.sync();
            synced.put(name, bytes.toByteArray());
          }
        }
      }
      synced.remove("000003.log");
      layer.delete(DB.resolve("000003.log"));
      layer.close();
    }).seedsPerPoint(4).run((crash, recovered) -> {
      PmemWalFileLayer layer = new PmemWalFileLayer(new InMemoryFileLayer(), recovered, DB, CAPACITY, false, null);
      assertThat(prepared(recovered)).as("prepared extents after reopening").isEmpty();
      for (var segment : synced.entrySet()) {
        byte[] found = read(layer, segment.getKey());
        byte[] limit = written.get(segment.getKey());
        assertThat(found.length).as("bytes of %s", segment.getKey()).isBetween(segment.getValue().length, limit.length);
        // Past the synced bytes an unpersisted length word may cover torn lines; the log
        // records' CRCs find them (docs/formats/pmem-wal.md). The synced bytes are exact.
        int durable = segment.getValue().length;
        assertThat(Arrays.equals(found, 0, durable, segment.getValue(), 0, durable)).as("%s holds its synced bytes",
            segment.getKey()).isTrue();
      }
      for (String name : layer.list(DB)) {
        assertThat(written).as("segments on pmem").containsKey(name);
      }
      layer.close();
    });
    assertThat(result.persistPoints()).isGreaterThan(20);
  }

  @Test
  void aRetiredSegmentsExtentIsReusedByTheNextClaimWithoutCreatingOne() {
    CrashSimulatingDirectory pmem = new CrashSimulatingDirectory("recycle");
    PmemWalFileLayer layer = new PmemWalFileLayer(new InMemoryFileLayer(), pmem, DB, CAPACITY, true, Runnable::run);
    byte[] bytes = new byte[1000];
    new SplittableRandom(5).nextBytes(bytes);
    try (AppendFile segment = layer.createAppendFile(DB.resolve("000005.log"))) {
      segment.append(bytes, 0, bytes.length);
      segment.sync();
    }
    assertThat(layer.delete(DB.resolve("000005.log"))).isTrue();
    assertThat(layer.exists(DB.resolve("000005.log"))).isFalse();
    assertThat(pmem.list()).containsExactlyInAnyOrder("walprep-1.extent", "walprep-2.extent");
    int pointsBefore = pmem.persistPoints().size();
    try (AppendFile segment = layer.createAppendFile(DB.resolve("000006.log"))) {
      // The recycled extent was claimed (header, rename): no region created, the fresh one still ready.
      assertThat(pmem.persistPoints().subList(pointsBefore, pmem.persistPoints().size()))
          .extracting(PersistPoint::kind).containsExactly(PersistPoint.Kind.FENCE, PersistPoint.Kind.RENAME);
      assertThat(pmem.list()).containsExactlyInAnyOrder("000006.log", "walprep-1.extent");
      // Its old log bytes are still there, past a length of 0.
      assertThat(layer.fileBytes(DB.resolve("000006.log"))).isZero();
    }
    assertThat(preparerOf(layer).reusedCount()).isEqualTo(1);
    layer.close();
    assertThat(pmem.list()).containsExactly("000006.log");
  }

  @Test
  void thePoolKeepsAtMostTwoRetiredExtentsAndDeletesTheRest() {
    CrashSimulatingDirectory pmem = new CrashSimulatingDirectory("pool");
    PmemWalFileLayer layer = new PmemWalFileLayer(new InMemoryFileLayer(), pmem, DB, CAPACITY, true, Runnable::run);
    byte[] bytes = new byte[(int) CAPACITY * 3];
    try (AppendFile segment = layer.createAppendFile(DB.resolve("000007.log"))) {
      segment.append(bytes, 0, bytes.length);
      segment.sync();
    }
    assertThat(pmem.list()).hasSize(4);
    layer.delete(DB.resolve("000007.log"));
    assertThat(pmem.list()).as("the ready extent and two recycled ones").hasSize(3).allMatch(WalExtentPreparer::isPrepared);
    assertThat(preparerOf(layer).recycledCount()).isEqualTo(WalExtentPreparer.POOL_MAX);
    layer.close();
    assertThat(pmem.list()).isEmpty();
  }

  /**
   * Session 15: a retired segment's extent goes back to the pool with the mapping its writer used
   * (parked at the segment's close), so it is never opened (mapped) or prefaulted again; the next
   * segment written through that mapping reads back as its own bytes only.
   */
  @Test
  void aRetiredExtentIsPooledWithTheMappingItWasWrittenThroughAndNeverOpenedAgain() {
    Tracking pmem = new Tracking(new CrashSimulatingDirectory("parked"));
    PmemWalFileLayer layer = new PmemWalFileLayer(new InMemoryFileLayer(), pmem, DB, CAPACITY, true, Runnable::run);
    byte[] first = new byte[1500];
    new SplittableRandom(21).nextBytes(first);
    try (AppendFile segment = layer.createAppendFile(DB.resolve("000005.log"))) {
      segment.append(first, 0, first.length);
      segment.sync();
    }
    assertThat(pmem.open).as("regions open after the segment's close: its parked mapping and the ready extent")
        .filteredOn(region -> !region.isClosed()).hasSize(2);
    long prefaulted = preparerOf(layer).counts().prefaultedBytes();
    layer.delete(DB.resolve("000005.log"));
    assertThat(pmem.opens).as("regions opened (mapped again) by the recycle").isZero();
    assertThat(preparerOf(layer).counts().recycledMapped()).isEqualTo(1);
    assertThat(preparerOf(layer).counts().prefaultedBytes()).as("bytes prefaulted by the recycle").isEqualTo(prefaulted);
    byte[] second = new byte[700];
    new SplittableRandom(22).nextBytes(second);
    try (AppendFile segment = layer.createAppendFile(DB.resolve("000006.log"))) {
      segment.append(second, 0, second.length);
      segment.sync();
    }
    assertThat(preparerOf(layer).reusedCount()).isEqualTo(1);
    assertThat(read(layer, "000006.log")).isEqualTo(second);
    layer.close();
  }

  /**
   * Session 15: a parked mapping is unmapped, never leaked, when its extent is deleted because the
   * pool is full, and at close, where the segment it belongs to (closed, not retired) stays on pmem
   * and reads back whole.
   */
  @Test
  void parkedMappingsAreUnmappedWhenThePoolRefusesTheirExtentAndAtCloseKeepingLiveSegments() {
    Tracking pmem = new Tracking(new CrashSimulatingDirectory("unmapped"));
    PmemWalFileLayer layer = new PmemWalFileLayer(new InMemoryFileLayer(), pmem, DB, CAPACITY, true, Runnable::run);
    byte[] bytes = new byte[(int) CAPACITY * 3];
    new SplittableRandom(23).nextBytes(bytes);
    try (AppendFile segment = layer.createAppendFile(DB.resolve("000007.log"))) {
      segment.append(bytes, 0, bytes.length);
      segment.sync();
    }
    layer.delete(DB.resolve("000007.log"));
    assertThat(preparerOf(layer).counts().refused()).as("extents beyond the pool of two").isEqualTo(1);
    assertThat(pmem.open).as("regions still mapped: the ready extent and the two pooled")
        .filteredOn(region -> !region.isClosed()).hasSize(3);
    byte[] live = new byte[900];
    new SplittableRandom(24).nextBytes(live);
    try (AppendFile segment = layer.createAppendFile(DB.resolve("000008.log"))) {
      segment.append(live, 0, live.length);
      segment.sync();
    }
    layer.close();
    assertThat(pmem.open).as("regions left mapped after close").filteredOn(region -> !region.isClosed()).isEmpty();
    assertThat(pmem.list()).containsExactly("000008.log");
    PmemWalFileLayer reopened = new PmemWalFileLayer(new InMemoryFileLayer(), pmem, DB, CAPACITY, false, null);
    assertThat(read(reopened, "000008.log")).isEqualTo(live);
    reopened.close();
  }

  /**
   * Session 15: a segment retired while still open (its extent recycled by reopening) and closed
   * afterwards has its mapping unmapped at once, not parked where no recycle would take it back.
   */
  @Test
  void aSegmentClosedAfterItRetiredIsUnmappedAtOnce() {
    Tracking pmem = new Tracking(new CrashSimulatingDirectory("late-close"));
    PmemWalFileLayer layer = new PmemWalFileLayer(new InMemoryFileLayer(), pmem, DB, CAPACITY, true, Runnable::run);
    AppendFile segment = layer.createAppendFile(DB.resolve("000009.log"));
    segment.append(new byte[100], 0, 100);
    segment.sync();
    layer.delete(DB.resolve("000009.log"));
    assertThat(pmem.opens).as("the retired extent reopened into the pool").isEqualTo(1);
    segment.close();
    assertThat(pmem.open).as("mapped: the ready extent and the pooled one, not the closed segment's")
        .filteredOn(region -> !region.isClosed()).hasSize(2);
    layer.close();
  }

  @Test
  void anExtentOfFormatVersionOneStillReadsWithPlainChecksums() {
    CrashSimulatingDirectory pmem = new CrashSimulatingDirectory("v1");
    // A segment as sessions 10-13 wrote it: a version-1 header (CRC at 24), plain log checksums.
    InMemoryFileLayer disk = new InMemoryFileLayer();
    Path file = DB.resolve("000004.log");
    List<byte[]> records = List.of(new byte[] {1, 2, 3}, new byte[300]);
    try (LogWriter writer = LogWriter.create(disk.createAppendFile(file), LogFormat.KIND_WAL, 4, false)) {
      for (byte[] record : records) {
        writer.addRecord(record, 0, record.length);
      }
    }
    byte[] log = readAll(disk.openSequential(file));
    try (PmemRegion region = pmem.create("000004.log", PmemLogFormat.DATA_OFFSET + CAPACITY)) {
      byte[] header = new byte[PmemLogFormat.DATA_OFFSET];
      io.cairn.common.Varints.putFixed64(header, 0, PmemLogFormat.MAGIC);
      io.cairn.common.Varints.putFixed32(header, PmemLogFormat.VERSION_OFFSET, PmemLogFormat.VERSION_1);
      io.cairn.common.Varints.putFixed64(header, PmemLogFormat.CAPACITY_OFFSET, CAPACITY);
      io.cairn.common.Varints.putFixed32(header, PmemLogFormat.CRC_OFFSET_V1,
          io.cairn.common.Crc32c.mask(io.cairn.common.Crc32c.of(header, 0, PmemLogFormat.CRC_OFFSET_V1)));
      region.write(0, header, 0, header.length);
      region.write(PmemLogFormat.DATA_OFFSET, log, 0, log.length);
      region.storeLongAtomic(PmemLogFormat.LENGTH_OFFSET, log.length);
      region.persist(0, PmemLogFormat.DATA_OFFSET + log.length);
    }
    PmemWalFileLayer layer = new PmemWalFileLayer(new InMemoryFileLayer(), pmem, DB, CAPACITY, true, Runnable::run);
    try (SequentialReadFile reader = layer.openSequential(file)) {
      assertThat(reader.checksumsCarryFileNumber()).isFalse();
      assertThat(records(new LogReader(reader, LogFormat.KIND_WAL, 4, TailPolicy.REFUSE_ANY))).containsExactlyElementsOf(records);
    }
    layer.close();
  }

  @Test
  void anExtentOfAnUnknownFormatVersionIsRefusedNamingTheVersions() {
    CrashSimulatingDirectory pmem = new CrashSimulatingDirectory("v9");
    try (PmemRegion region = pmem.create("000004.log", PmemLogFormat.DATA_OFFSET + CAPACITY)) {
      byte[] header = new byte[PmemLogFormat.DATA_OFFSET];
      io.cairn.common.Varints.putFixed64(header, 0, PmemLogFormat.MAGIC);
      io.cairn.common.Varints.putFixed32(header, PmemLogFormat.VERSION_OFFSET, 9);
      io.cairn.common.Varints.putFixed64(header, PmemLogFormat.CAPACITY_OFFSET, CAPACITY);
      io.cairn.common.Varints.putFixed64(header, PmemLogFormat.NUMBER_OFFSET, 4);
      io.cairn.common.Varints.putFixed32(header, PmemLogFormat.CRC_OFFSET,
          io.cairn.common.Crc32c.mask(io.cairn.common.Crc32c.of(header, 0, PmemLogFormat.CRC_OFFSET)));
      region.write(0, header, 0, header.length);
      region.persist(0, header.length);
    }
    PmemWalFileLayer layer = new PmemWalFileLayer(new InMemoryFileLayer(), pmem, DB, CAPACITY, false, null);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> layer.openSequential(DB.resolve("000004.log")))
        .isInstanceOf(io.cairn.common.CorruptionException.class)
        .hasMessageContaining("format version 9 is not supported (this build reads versions 1 and 2)");
    layer.close();
  }

  /**
   * A power cut at every persist point of: segment 3 written (fixed-size records, each synced),
   * retired and recycled; segment 4 claimed on its extent and written with records of the same
   * sizes at the same offsets, different bytes, each synced, then retired and recycled in turn;
   * segment 5 claimed on it. Per point 8 crash images (seeded): an unpersisted length word may
   * survive over lines that did not, exposing the previous segment's bytes. The live segments
   * read back, with the log reader as recovery uses it, every synced record and then at most the
   * record in flight, and never a record of an earlier segment: numbered checksums turn those
   * into a torn tail.
   */
  @Test
  void powerCutsAtEveryStepOfRecycleClaimAndReplayNeverReplayAStaleRecord() {
    TreeMap<Long, List<byte[]>> synced = new TreeMap<>();
    TreeMap<Long, List<byte[]>> written = new TreeMap<>();
    CrashSweep.Result result = CrashSweep.of(pmem -> {
      synced.clear();
      written.clear();
      PmemWalFileLayer layer = new PmemWalFileLayer(new InMemoryFileLayer(), pmem, DB, 8 * CAPACITY, true, Runnable::run);
      for (long number = 3; number <= 5; number++) {
        synced.put(number, new ArrayList<>());
        written.put(number, new ArrayList<>());
        SplittableRandom random = new SplittableRandom(number);
        try (LogWriter writer = LogWriter.create(layer.createAppendFile(DB.resolve(segment(number))), LogFormat.KIND_WAL,
            number)) {
          writer.sync();
          for (int record = 0; record < (number == 5 ? 2 : 6); record++) {
            byte[] payload = new byte[700 + 300 * record];
            random.nextBytes(payload);
            written.get(number).add(payload);
            writer.addRecord(payload, 0, payload.length);
            writer.sync();
            synced.get(number).add(payload);
          }
        }
        if (number < 5) {
          synced.remove(number);
          layer.delete(DB.resolve(segment(number)));
        }
      }
      assertThat(preparerOf(layer).reusedCount()).as("claims served by recycled extents").isEqualTo(2);
      layer.close();
    }).seedsPerPoint(8).run((crash, recovered) -> {
      PmemWalFileLayer layer = new PmemWalFileLayer(new InMemoryFileLayer(), recovered, DB, 8 * CAPACITY, false, null);
      for (var segment : synced.entrySet()) {
        Path path = DB.resolve(segment(segment.getKey()));
        List<byte[]> found = new ArrayList<>();
        if (layer.exists(path)) {
          try (SequentialReadFile file = layer.openSequential(path)) {
            found = records(new LogReader(file, LogFormat.KIND_WAL, segment.getKey(), TailPolicy.DROP_TORN_TAIL));
          }
        }
        List<byte[]> limit = written.get(segment.getKey());
        assertThat(found.size()).as("records of %s", path).isBetween(segment.getValue().size(), limit.size());
        for (int i = 0; i < found.size(); i++) {
          assertThat(found.get(i)).as("record %d of %s (never an earlier segment's)", i, path).isEqualTo(limit.get(i));
        }
      }
      layer.close();
    });
    assertThat(result.persistPoints()).isGreaterThan(30);
  }

  private static String segment(long number) {
    return String.format("%06d.log", number);
  }

  private static WalExtentPreparer preparerOf(PmemWalFileLayer layer) {
    return layer.preparer();
  }

  private static List<byte[]> records(LogReader reader) {
    List<byte[]> records = new ArrayList<>();
    for (byte[] record = reader.readRecord(); record != null; record = reader.readRecord()) {
      records.add(record);
    }
    return records;
  }

  private static byte[] readAll(SequentialReadFile file) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (file) {
      byte[] buffer = new byte[1000];
      for (int n; (n = file.read(buffer, 0, buffer.length)) > 0; ) {
        out.write(buffer, 0, n);
      }
    }
    return out.toByteArray();
  }

  private static byte[] read(PmemWalFileLayer layer, String name) {
    Path path = DB.resolve(name);
    if (!layer.exists(path)) {
      return new byte[0];
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (SequentialReadFile reader = layer.openSequential(path)) {
      byte[] buffer = new byte[1000];
      for (int n; (n = reader.read(buffer, 0, buffer.length)) > 0; ) {
        out.write(buffer, 0, n);
      }
    }
    return out.toByteArray();
  }

  /** A directory that hands every call to {@code inner}; the test directories below change a few. */
  private abstract static class ForwardingDirectory implements PmemDirectory {
    final PmemDirectory inner;

    ForwardingDirectory(PmemDirectory inner) {
      this.inner = inner;
    }

    @Override
    public String location() {
      return inner.location();
    }

    @Override
    public RegionOptions options() {
      return inner.options();
    }

    @Override
    public PmemRegion create(String name, long size) {
      return inner.create(name, size);
    }

    @Override
    public PmemRegion open(String name) {
      return inner.open(name);
    }

    @Override
    public boolean exists(String name) {
      return inner.exists(name);
    }

    @Override
    public List<String> list() {
      return inner.list();
    }

    @Override
    public void delete(String name) {
      inner.delete(name);
    }

    @Override
    public boolean supportsRename() {
      return true;
    }

    @Override
    public void rename(String from, String to) {
      inner.rename(from, to);
    }
  }

  /** A directory that keeps every region it hands out, and counts the opens of existing ones. */
  private static final class Tracking extends ForwardingDirectory {
    final List<PmemRegion> open = new ArrayList<>();
    int opens;

    Tracking(PmemDirectory inner) {
      super(inner);
    }

    @Override
    public PmemRegion create(String name, long size) {
      PmemRegion region = inner.create(name, size);
      open.add(region);
      return region;
    }

    @Override
    public PmemRegion open(String name) {
      PmemRegion region = inner.open(name);
      open.add(region);
      opens++;
      return region;
    }
  }

  /** A directory whose creation of prepared extents fails (as a full device would). */
  private static final class RefusingPreparations extends ForwardingDirectory {
    RefusingPreparations(PmemDirectory inner) {
      super(inner);
    }

    @Override
    public PmemRegion create(String name, long size) {
      if (WalExtentPreparer.isPrepared(name)) {
        throw new io.cairn.common.CairnIoException("no space for " + name);
      }
      return inner.create(name, size);
    }
  }
}
