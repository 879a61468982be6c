package io.cairn.node.cli;

import io.cairn.common.CairnIoException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.DbIterator;
import io.cairn.lsm.api.DbStats;
import io.cairn.lsm.api.KeyComparator;
import io.cairn.lsm.api.L0Mode;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.WriteOptions;
import io.cairn.node.api.ExitCodes;
import io.cairn.node.api.Json;
import io.cairn.node.api.JsonOption;
import io.cairn.node.api.PmemOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cairn db}: the store by hand on a database directory, with L0 on SSD or on (emulated)
 * persistent memory ({@code --l0 pmem} and the pmem options). Keys and values are
 * UTF-8 text unless {@code --hex} is given; output escapes bytes that are not printable ASCII as
 * {@code \xHH} (and a backslash as {@code \\}).
 */
@Command(
    name = "db",
    mixinStandardHelpOptions = true,
    description = "The store by hand: put, get, delete, scan, stats, compact on a database directory.",
    commandListHeading = "%nCommands:%n",
    subcommands = {DbCommand.Put.class, DbCommand.Get.class, DbCommand.Delete.class, DbCommand.Scan.class,
        DbCommand.Stats.class, DbCommand.Compact.class})
final class DbCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /** Options every subcommand shares: the directory and the encoding of keys and values. */
  static final class Target {
    @Option(names = "--dir", required = true, paramLabel = "D", description = "The database directory.")
    Path directory;

    @Option(names = "--hex", description = "Keys and values are hex on input and output.")
    boolean hex;

    @Option(names = "--l0", paramLabel = "MODE", converter = L0ModeConverter.class,
        description = "Where L0 lives: ssd (SSTables) or pmem (NVMTables on persistent memory). Default: pmem"
            + " when a pmem option is given or <dir>/pmem exists, else ssd.")
    L0Mode l0Mode;

    @Option(names = "--l0-limit", paramLabel = "TABLES",
        description = "L0 tables at which writes wait for compaction (default: 12).")
    Integer l0Limit;

    @Option(names = "--use-direct-reads",
        description = "Read SSTables with O_DIRECT (RocksDB's use_direct_reads): every block-cache miss is a"
            + " device read. Refused, naming the option, where the file system does not take O_DIRECT.")
    boolean useDirectReads;

    @Option(names = "--use-direct-io-for-flush-and-compaction",
        description = "Write the SSTables of flushes and compactions with O_DIRECT (RocksDB's"
            + " use_direct_io_for_flush_and_compaction).")
    boolean useDirectIoForFlushAndCompaction;

    @Option(names = "--kv-separation",
        description = "Key-value separation on pmem: compactions keep values in the pmem L0's Containers and"
            + " write references into SSTables (option pmemValueSeparation; implies --l0 pmem; the default"
            + " of the pmem L0, with relocation GC). A database written with it reads the same without it.")
    boolean kvSeparation;

    @Option(names = "--inline-values",
        description = "With the L0 on pmem, copy values down to SSTables as the paper does (pmemValueSeparation"
            + " false) instead of keeping them in pmem Containers.")
    boolean inlineValues;

    @Mixin PmemOptions pmem;

    Db open(boolean create) {
      Options.Builder builder = Options.builder().createIfMissing(create).useDirectReads(useDirectReads)
          .useDirectIoForFlushAndCompaction(useDirectIoForFlushAndCompaction);
      if (l0Limit != null) {
        if (l0Limit < 1) {
          throw new InvalidArgumentException("--l0-limit must be at least 1, was " + l0Limit);
        }
        builder.l0Limit(l0Limit);
      }
      if (kvSeparation && inlineValues) {
        throw new InvalidArgumentException("--kv-separation and --inline-values exclude each other");
      }
      builder = pmem.applyTo(builder, mode());
      if (kvSeparation || inlineValues) {
        builder.pmemValueSeparation(kvSeparation);
      }
      return Cairn.open(directory, builder.build());
    }

    /** The mode asked for, else pmem when pmem options were given or the database has a pmem L0. */
    L0Mode mode() {
      if (l0Mode != null) {
        return l0Mode;
      }
      return pmem.anyGiven() || kvSeparation || Files.isDirectory(directory.resolve("pmem")) ? L0Mode.PMEM : L0Mode.SSD;
    }

    byte[] decode(String text, String what) {
      if (!hex) {
        return text.getBytes(StandardCharsets.UTF_8);
      }
      try {
        return HexFormat.of().parseHex(text);
      } catch (IllegalArgumentException e) {
        throw new InvalidArgumentException(what + " '" + text + "' is not hex: " + e.getMessage());
      }
    }

    String render(byte[] bytes) {
      if (hex) {
        return HexFormat.of().formatHex(bytes);
      }
      StringBuilder text = new StringBuilder(bytes.length);
      for (byte b : bytes) {
        if (b == '\\') {
          text.append("\\\\");
        } else if (b >= 0x20 && b < 0x7f) {
          text.append((char) b);
        } else {
          text.append("\\x").append(HexFormat.of().toHexDigits(b));
        }
      }
      return text.toString();
    }
  }

  @Command(name = "put", mixinStandardHelpOptions = true, description = "Set KEY to VALUE (created if missing).")
  static final class Put implements Callable<Integer> {
    @Mixin Target target;
    @Parameters(index = "0", paramLabel = "KEY") String key;
    @Parameters(index = "1", paramLabel = "VALUE", arity = "0..1", description = "The value (or --value-file).")
    String value;
    @Option(names = "--value-file", paramLabel = "FILE", description = "Read the value's bytes from FILE.")
    Path valueFile;
    @Option(names = "--no-sync", description = "Do not wait for the WAL to be durable (closing syncs it anyway).")
    boolean noSync;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      if ((value == null) == (valueFile == null)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "give either VALUE or --value-file");
      }
      byte[] bytes = valueFile != null ? readFile(valueFile) : target.decode(value, "VALUE");
      try (Db db = target.open(true)) {
        db.put(target.decode(key, "KEY"), bytes, new WriteOptions(!noSync));
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true,
      description = "Print KEY's value; exit status 1 when the key is absent.")
  static final class Get implements Callable<Integer> {
    @Mixin Target target;
    @Parameters(index = "0", paramLabel = "KEY") String key;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try (Db db = target.open(false)) {
        byte[] found = db.get(target.decode(key, "KEY"));
        if (found == null) {
          spec.commandLine().getErr().println("cairn db get: key " + key + " not found");
          return ExitCodes.FAILED;
        }
        spec.commandLine().getOut().println(target.render(found));
        return ExitCodes.OK;
      }
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Remove KEY (no error when absent).")
  static final class Delete implements Callable<Integer> {
    @Mixin Target target;
    @Parameters(index = "0", paramLabel = "KEY") String key;

    @Override
    public Integer call() {
      try (Db db = target.open(false)) {
        db.delete(target.decode(key, "KEY"), WriteOptions.SYNC);
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "scan", mixinStandardHelpOptions = true,
      description = "Print KEY<TAB>VALUE lines in key order, from --from (inclusive) to --to (exclusive).")
  static final class Scan implements Callable<Integer> {
    @Mixin Target target;
    @Option(names = "--from", paramLabel = "KEY", description = "First key (inclusive); default: the first.")
    String from;
    @Option(names = "--to", paramLabel = "KEY", description = "End key (exclusive); default: past the last.")
    String to;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "-1", description = "Print at most N entries.")
    long limit;
    @Option(names = "--reverse", description = "Walk the same range from its end backwards.")
    boolean reverse;
    @Option(names = "--keys-only", description = "Print keys only.")
    boolean keysOnly;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      byte[] start = from == null ? null : target.decode(from, "--from");
      byte[] end = to == null ? null : target.decode(to, "--to");
      try (Db db = target.open(false); DbIterator iterator = db.newIterator()) {
        positionAtStart(iterator, start, end);
        long printed = 0;
        while (iterator.isValid() && (limit < 0 || printed < limit)) {
          byte[] key = iterator.key();
          if (outOfRange(key, start, end)) {
            break;
          }
          out.println(keysOnly ? target.render(key) : target.render(key) + "\t" + target.render(iterator.value()));
          printed++;
          if (reverse) {
            iterator.prev();
          } else {
            iterator.next();
          }
        }
      }
      out.flush();
      return ExitCodes.OK;
    }

    private void positionAtStart(DbIterator iterator, byte[] start, byte[] end) {
      if (!reverse) {
        if (start == null) {
          iterator.seekToFirst();
        } else {
          iterator.seek(start);
        }
        return;
      }
      if (end == null) {
        iterator.seekToLast();
        return;
      }
      iterator.seek(end);
      if (iterator.isValid()) {
        iterator.prev();
      } else {
        iterator.seekToLast();
      }
    }

    private boolean outOfRange(byte[] key, byte[] start, byte[] end) {
      KeyComparator order = KeyComparator.BYTEWISE;
      return reverse ? start != null && order.compare(key, start) < 0 : end != null && order.compare(key, end) >= 0;
    }
  }

  @Command(name = "stats", mixinStandardHelpOptions = true,
      description = "Print the levels (files, bytes) and the engine's counters.")
  static final class Stats implements Callable<Integer> {
    @Mixin Target target;
    @Mixin JsonOption json;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try (Db db = target.open(false)) {
        spec.commandLine().getOut().print(db.property("cairn.stats"));
        spec.commandLine().getOut().flush();
        DbStats stats = db.stats();
        Json.Arr levels = Json.array();
        for (int level = 0; level < stats.filesPerLevel().size(); level++) {
          levels.add(Json.object().put("level", level).put("files", stats.filesPerLevel().get(level))
              .put("bytes", stats.bytesPerLevel().get(level)));
        }
        json.write(Json.object().put("directory", target.directory.toAbsolutePath().toString())
            .put("l0_mode", target.mode().name().toLowerCase(Locale.ROOT))
            .put("levels", levels).put("last_sequence", Long.parseLong(db.property("cairn.last-sequence")))
            .put("user_bytes_written", stats.userBytesWritten())
            .put("flush_bytes_written", stats.flushBytesWritten())
            .put("pmem_flush_bytes_written", stats.pmemFlushBytesWritten())
            .put("compaction_bytes_written", stats.compactionBytesWritten())
            .put("write_amplification", stats.writeAmplification())
            .put("ssd_write_amplification", stats.ssdWriteAmplification())
            .put("write_stalls", stats.writeStalls())
            .put("write_stall_ms", stats.writeStallNanos() / 1e6)
            .put("stall_share", stats.stallShare())
            .put("block_cache_hits", stats.blockCacheHits())
            .put("block_cache_misses", stats.blockCacheMisses())
            .put("block_cache_hit_rate", stats.blockCacheHitRate())
            .put("l0_slices", stats.l0Slices())
            .put("l0_merges", stats.l0Merges())
            .put("l0_merge_entries", stats.l0MergeEntries())
            .put("l0_merge_bytes_written", stats.l0MergeBytesWritten())
            .put("l0_merge_value_bytes_kept", stats.l0MergeValueBytesKept()));
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "compact", mixinStandardHelpOptions = true,
      description = "Compact the key range [--from, --to] (default: everything) down the levels.")
  static final class Compact implements Callable<Integer> {
    @Mixin Target target;
    @Option(names = "--from", paramLabel = "KEY") String from;
    @Option(names = "--to", paramLabel = "KEY") String to;

    @Override
    public Integer call() {
      try (Db db = target.open(false)) {
        db.compactRange(from == null ? null : target.decode(from, "--from"), to == null ? null : target.decode(to, "--to"));
      }
      return ExitCodes.OK;
    }
  }

  /** Picocli converter for {@code --l0}: ssd or pmem, any case. */
  static final class L0ModeConverter implements CommandLine.ITypeConverter<L0Mode> {
    @Override
    public L0Mode convert(String value) {
      return switch (value.strip().toLowerCase(Locale.ROOT)) {
        case "ssd" -> L0Mode.SSD;
        case "pmem" -> L0Mode.PMEM;
        default -> throw new CommandLine.TypeConversionException("expected ssd or pmem, was '" + value + "'");
      };
    }
  }

  private static byte[] readFile(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw CairnIoException.wrap("read " + file, e);
    }
  }
}
