package io.cairn.lsm.internal.sstable;

import io.cairn.common.CairnException;
import io.cairn.common.CorruptionException;
import io.cairn.lsm.internal.cache.BlockCache;
import io.cairn.lsm.internal.fs.AppendFile;
import io.cairn.lsm.internal.fs.DbFileNames;
import io.cairn.lsm.internal.fs.FileLayer;
import io.cairn.lsm.internal.fs.RandomReadFile;
import io.cairn.lsm.internal.iterator.InternalIterator;
import io.cairn.lsm.internal.key.InternalKeyComparator;
import io.cairn.lsm.internal.table.Table;
import io.cairn.lsm.internal.table.TableFactory;
import io.cairn.lsm.internal.table.TableKind;
import io.cairn.lsm.internal.table.WrittenTable;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The {@link TableFactory} of SSTables in the database directory: every level in {@code
 * L0Mode.SSD}, and L1 and below in every mode. Thread-safety: safe for concurrent use.
 */
public final class SstableFactory implements TableFactory {
  private static final byte[] NO_AUXILIARY = new byte[0];

  private final FileLayer files;
  private final Path directory;
  private final InternalKeyComparator comparator;
  private final TableOptions options;
  private final BlockCache<Block> cache;

  /** A factory for SSTables in {@code directory}, sharing {@code cache} for data blocks. */
  public SstableFactory(FileLayer files, Path directory, InternalKeyComparator comparator, TableOptions options,
      BlockCache<Block> cache) {
    this.files = files;
    this.directory = directory;
    this.comparator = comparator;
    this.options = options;
    this.cache = cache;
  }

  @Override
  public TableKind kind() {
    return TableKind.SSTABLE;
  }

  @Override
  public WrittenTable write(long fileNumber, InternalIterator entries) {
    Path path = DbFileNames.table(directory, fileNumber);
    AppendFile file = files.createTableFile(path, options.directWrites());
    try {
      TableBuilder builder = newBuilder(file);
      for (entries.seekToFirst(); entries.isValid(); entries.next()) {
        builder.add(entries.keyBytes(), entries.keyOffset(), entries.keyLength(),
            entries.valueBytes(), entries.valueOffset(), entries.valueLength());
      }
      long bytes = builder.finish();
      file.close();
      return new WrittenTable(bytes, builder.smallestKey(), builder.largestKey(), builder.entries(), NO_AUXILIARY);
    } catch (CairnException | Error e) {
      abandon(file);
      throw e;
    }
  }

  /** A builder of a new SSTable over {@code file} (for compaction outputs). */
  public TableBuilder newBuilder(AppendFile file) {
    return new TableBuilder(file, options, comparator);
  }

  /** Creates the file of a new SSTable numbered {@code fileNumber}. */
  public AppendFile createFile(long fileNumber) {
    return files.createTableFile(DbFileNames.table(directory, fileNumber), options.directWrites());
  }

  /** Closes and deletes a table file whose writing failed; never throws. */
  public void abandon(AppendFile file) {
    try {
      file.close();
    } catch (CairnException ignored) {
      // Already failing: the original error is what the caller reports.
    }
    try {
      files.delete(file.path());
    } catch (CairnException ignored) {
      // An undeleted orphan is removed at the next open.
    }
  }

  @Override
  public Table open(long fileNumber, long fileBytes, byte[] auxiliary) {
    Path path = DbFileNames.table(directory, fileNumber);
    if (!files.exists(path)) {
      throw new CorruptionException("corruption in " + path + ": the SSTable listed in the MANIFEST is missing");
    }
    RandomReadFile file = files.openTable(path, options.directReads());
    try {
      if (file.size() != fileBytes) {
        throw CorruptionException.at(path, 0,
            "SSTable has " + file.size() + " bytes, the MANIFEST says " + fileBytes + " (truncated or replaced)");
      }
      return SstableReader.open(file, fileNumber, comparator, cache);
    } catch (RuntimeException e) {
      file.close();
      throw e;
    }
  }

  @Override
  public void delete(long fileNumber, byte[] auxiliary) {
    cache.eraseFile(fileNumber);
    files.delete(DbFileNames.table(directory, fileNumber));
  }

  @Override
  public Set<Long> storedTableNumbers() {
    Set<Long> numbers = new HashSet<>();
    for (String name : files.list(directory)) {
      DbFileNames.Parsed parsed = DbFileNames.parse(name);
      if (parsed != null && parsed.kind() == DbFileNames.Kind.TABLE) {
        numbers.add(parsed.number());
      }
    }
    return numbers;
  }
}
