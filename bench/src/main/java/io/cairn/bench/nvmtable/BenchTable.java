package io.cairn.bench.nvmtable;

import io.cairn.common.BloomFilter;
import io.cairn.common.CairnIoException;
import io.cairn.common.UnsignedBytes;
import io.cairn.pmem.api.BackendStatus;
import io.cairn.pmem.api.LatencyModel;
import io.cairn.pmem.api.Pmem;
import io.cairn.pmem.api.PmemBackend;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.RegionOptions;
import io.cairn.pmem.l0.ContainerVerification;
import io.cairn.pmem.l0.KeyOrder;
import io.cairn.pmem.l0.LookupKey;
import io.cairn.pmem.l0.NvmTable;
import io.cairn.pmem.l0.NvmTableBuilder;
import io.cairn.pmem.l0.NvmTableOptions;
import io.cairn.pmem.testing.CrashSimulatingDirectory;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The table every NVMTable benchmark measures: {@code entries} SHA-256 keys (32 bytes, uniform,
 * as in the ledger) with {@code valueSize}-byte values, built into a fresh pmem directory, plus
 * random probes of present keys. Closing it deletes the files.
 *
 * <p>Thread-safety: not thread-safe; one benchmark thread.
 */
final class BenchTable implements AutoCloseable {
  /** Everything that decides the table. */
  record Settings(int entries, int valueSize, PmemBackend backend, Path baseDirectory, int epsilon,
      LatencyModel latency, ContainerVerification verification, long seed) {}

  private static final long TABLE_ID = 1;

  final Settings settings;
  final NvmTable table;
  final LookupKey[] probes;
  final double buildSeconds;
  final double openMillis;
  final String where;
  final PmemDirectory directory;
  private final Path folder;

  private BenchTable(Settings settings, NvmTable table, LookupKey[] probes, double buildSeconds, double openMillis,
      String where, PmemDirectory directory, Path folder) {
    this.settings = settings;
    this.table = table;
    this.probes = probes;
    this.buildSeconds = buildSeconds;
    this.openMillis = openMillis;
    this.where = where;
    this.directory = directory;
    this.folder = folder;
  }

  /** Key and value bytes of the table: what build throughput is counted in. */
  long dataBytes() {
    return (long) settings.entries() * (32L + settings.valueSize());
  }

  /** Build MB/s (10^6 bytes of keys and values per second). */
  double buildMegabytesPerSecond() {
    return dataBytes() / 1e6 / buildSeconds;
  }

  /** Builds the table (after a smaller warm-up build and open, so the timed ones run compiled code). */
  static BenchTable build(Settings settings, int probeCount) {
    byte[][] keys = sortedHashKeys(settings.entries(), settings.seed());
    byte[] values = values(settings);
    Path folder = createFolder(settings);
    PmemDirectory directory = directory(settings, folder);
    NvmTableOptions options = NvmTableOptions.defaults().withEpsilon(settings.epsilon());
    int warmup = Math.min(keys.length, 20_000);
    write(directory, TABLE_ID + 1, options, Arrays.copyOf(keys, warmup), values, settings.valueSize()).close();
    NvmTable.open(directory, TABLE_ID + 1, KeyOrder.BYTEWISE, settings.verification()).close();
    deleteTable(directory, TABLE_ID + 1);
    long start = System.nanoTime();
    write(directory, TABLE_ID, options, keys, values, settings.valueSize()).close();
    double buildSeconds = (System.nanoTime() - start) / 1e9;
    long openStart = System.nanoTime();
    NvmTable table = NvmTable.open(directory, TABLE_ID, KeyOrder.BYTEWISE, settings.verification());
    double openMillis = (System.nanoTime() - openStart) / 1e6;
    SplittableRandom random = new SplittableRandom(settings.seed() ^ 0x5EED);
    LookupKey[] probes = new LookupKey[probeCount];
    for (int i = 0; i < probeCount; i++) {
      probes[i] = LookupKey.of(keys[random.nextInt(keys.length)]);
    }
    String where = (folder == null ? directory.location() : folder.toString()) + " ("
        + settings.backend().id() + ", container checked " + (settings.verification() == ContainerVerification.ON_OPEN
        ? "at open" : "on every read") + (settings.latency().isOff() ? "" : ", latency model " + settings.latency()) + ")";
    return new BenchTable(settings, table, probes, buildSeconds, openMillis, where, directory, folder);
  }

  /** One random buffer; value i is the slice at offset i mod 4096, so values differ. */
  static byte[] values(Settings settings) {
    byte[] values = new byte[settings.valueSize() + 4096];
    new SplittableRandom(settings.seed()).nextBytes(values);
    return values;
  }

  /** A new folder for the files, or null for the in-memory crash-sim backend. */
  static Path createFolder(Settings settings) {
    BackendStatus status = Pmem.status(settings.backend());
    if (!status.available()) {
      throw new IllegalStateException(settings.backend() + " is not available here: " + status.reason());
    }
    if (settings.backend() == PmemBackend.CRASH_SIMULATION) {
      return null;
    }
    try {
      Files.createDirectories(settings.baseDirectory());
      return Files.createTempDirectory(settings.baseDirectory(), "cairn-bench-nvmtable-");
    } catch (IOException e) {
      throw CairnIoException.wrap("create a folder in " + settings.baseDirectory(), e);
    }
  }

  /** The pmem directory over {@code folder} with the settings' backend and latency model. */
  static PmemDirectory directory(Settings settings, Path folder) {
    if (folder == null) {
      return new CrashSimulatingDirectory("bench-nvmtable");
    }
    return Pmem.directory(folder, RegionOptions.defaults().withBackend(settings.backend())
        .withLatencyModel(settings.latency()));
  }

  /** Writes table {@code id}: the build a memtable flush does. */
  static NvmTable write(PmemDirectory directory, long id, NvmTableOptions options, byte[][] keys,
      byte[] values, int valueSize) {
    long capacity = keys.length * options.containerBytesFor(32, valueSize);
    MemorySegment valueSource = MemorySegment.ofArray(values);
    try (NvmTableBuilder builder = NvmTableBuilder.create(directory, id, options, KeyOrder.BYTEWISE, capacity)) {
      for (int i = 0; i < keys.length; i++) {
        // Values differ from entry to entry: slices of one random buffer at shifting offsets.
        MemorySegment value = valueSource.asSlice(i % 4096, valueSize);
        builder.add(MemorySegment.ofArray(keys[i]), value, UnsignedBytes.prefix64(keys[i]), BloomFilter.hash(keys[i]));
      }
      return builder.finish();
    }
  }

  static void deleteTable(PmemDirectory directory, long id) {
    directory.delete(NvmTable.tableName(id));
    directory.delete(NvmTable.containerName(id));
  }

  /** SHA-256 of the numbers 0..count-1 (8-byte big-endian, salted with the seed), sorted. */
  static byte[][] sortedHashKeys(int count, long seed) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    byte[][] keys = new byte[count][];
    ByteBuffer input = ByteBuffer.allocate(16);
    for (int i = 0; i < count; i++) {
      input.clear();
      input.putLong(seed).putLong(i);
      keys[i] = sha256.digest(input.array());
    }
    Arrays.sort(keys, UnsignedBytes.COMPARATOR);
    return keys;
  }

  @Override
  public void close() {
    table.close();
    deleteFolder(folder);
  }

  /** Deletes the files a benchmark left in {@code folder}, and the folder. */
  static void deleteFolder(Path folder) {
    if (folder == null) {
      return;
    }
    try (var files = Files.list(folder)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(folder);
    } catch (IOException e) {
      throw CairnIoException.wrap("delete " + folder, e);
    }
  }
}
