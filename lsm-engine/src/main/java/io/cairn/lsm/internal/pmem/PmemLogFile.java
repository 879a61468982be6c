package io.cairn.lsm.internal.pmem;

import io.cairn.common.CairnIoException;
import io.cairn.common.CorruptionException;
import io.cairn.lsm.internal.fs.AppendFile;
import io.cairn.lsm.internal.fs.DbFileNames;
import io.cairn.lsm.internal.fs.SequentialReadFile;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.PmemRegion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WAL segment on persistent memory ({@link PmemLogFormat}): appended through the region API,
 * made durable by {@link #sync()} with cache-line flushes and a fence (no {@code fsync}), and read
 * back as one byte stream for replay.
 *
 * <p>Thread-safety: one writer thread (the engine serialises appends); a reader is separate.
 */
final class PmemLogFile implements AppendFile {
  private static final Logger LOG = LoggerFactory.getLogger(PmemLogFile.class);

  private final PmemDirectory directory;
  private final Path path;
  private final String name;
  /** The segment's number: in every extent header and the seed of its log's checksums. */
  private final long number;
  private final long extentCapacity;
  /** Where new extents come from ready-made, or null to create them here. */
  private final WalExtentPreparer preparer;
  private final List<PmemRegion> extents = new ArrayList<>();
  /** Bytes of the logical file in the full extents before the current one. */
  private long fullExtentsBytes;
  /** Log bytes written into the current extent. */
  private long currentLength;
  /** Log bytes of the current extent already persisted. */
  private long persistedLength;
  private boolean closed;

  private PmemLogFile(PmemDirectory directory, Path path, long extentCapacity, WalExtentPreparer preparer) {
    this.directory = directory;
    this.path = path;
    this.name = path.getFileName().toString();
    this.number = segmentNumber(name);
    this.extentCapacity = extentCapacity;
    this.preparer = preparer;
  }

  /**
   * Creates segment {@code path}'s first extent (replacing any old one) with room for {@code
   * extentCapacity} bytes: claimed from {@code preparer} (session 13), or created here when it is
   * null.
   */
  static PmemLogFile create(PmemDirectory directory, Path path, long extentCapacity, WalExtentPreparer preparer) {
    PmemLogFile file = new PmemLogFile(directory, path, extentCapacity, preparer);
    deleteExtents(directory, file.name);
    file.addExtent();
    return file;
  }

  /**
   * The number of segment {@code name} ({@code NNNNNN.log}).
   *
   * @throws CairnIoException when the name is not a WAL segment's
   */
  static long segmentNumber(String name) {
    DbFileNames.Parsed parsed = DbFileNames.parse(name);
    if (parsed == null || parsed.kind() != DbFileNames.Kind.LOG) {
      throw new CairnIoException("not a WAL segment name: " + name);
    }
    return parsed.number();
  }

  private void addExtent() {
    int index = extents.size();
    String extentName = PmemLogFormat.extentName(name, index);
    PmemRegion region;
    if (preparer != null) {
      region = preparer.claim(extentName, index, number);
    } else {
      region = directory.create(extentName, PmemLogFormat.DATA_OFFSET + extentCapacity);
      try {
        PmemLogFormat.writeHeader(region, index, extentCapacity, number);
      } catch (RuntimeException e) {
        region.close();
        throw e;
      }
    }
    if (!extents.isEmpty()) {
      fullExtentsBytes += currentLength;
    }
    extents.add(region);
    currentLength = 0;
    persistedLength = 0;
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public void append(byte[] bytes, int offset, int length) {
    checkOpen();
    while (length > 0) {
      if (currentLength == extentCapacity) {
        sync();
        addExtent();
      }
      int chunk = (int) Math.min(length, extentCapacity - currentLength);
      PmemRegion region = current();
      region.write(PmemLogFormat.DATA_OFFSET + currentLength, bytes, offset, chunk);
      currentLength += chunk;
      region.storeLongAtomic(PmemLogFormat.LENGTH_OFFSET, currentLength);
      offset += chunk;
      length -= chunk;
    }
  }

  @Override
  public void sync() {
    checkOpen();
    if (persistedLength == currentLength) {
      return;
    }
    PmemRegion region = current();
    region.flush(PmemLogFormat.DATA_OFFSET + persistedLength, currentLength - persistedLength);
    region.fence();
    region.storeLongAtomic(PmemLogFormat.LENGTH_OFFSET, currentLength);
    region.storeLongAtomic(PmemLogFormat.SYNCED_OFFSET, currentLength);
    region.persist(PmemLogFormat.LENGTH_OFFSET, 16);
    persistedLength = currentLength;
  }

  @Override
  public boolean syncIsCheap() {
    return true;
  }

  /**
   * True: every extent is created ({@code PmemDirectory.create}) or claimed by a rename, both
   * durable on return, before anything is appended to it; the disk directory does not name it.
   */
  @Override
  public boolean nameDurableAtCreate() {
    return true;
  }

  /**
   * True: an extent may be recycled ({@link WalExtentPreparer}), its bytes past the durable point
   * an earlier segment's, so the log written here seeds its checksums with the segment number.
   */
  @Override
  public boolean checksumsCarryFileNumber() {
    return true;
  }

  @Override
  public void truncate(long bytes) {
    checkOpen();
    if (bytes < fullExtentsBytes || bytes > size()) {
      throw new CairnIoException("cannot truncate the pmem WAL segment " + path + " to " + bytes + " bytes (it has "
          + size() + ", of which " + fullExtentsBytes + " in full extents)");
    }
    currentLength = bytes - fullExtentsBytes;
    current().storeLongAtomic(PmemLogFormat.LENGTH_OFFSET, currentLength);
    if (persistedLength > currentLength) {
      persistedLength = currentLength;
      current().storeLongAtomic(PmemLogFormat.SYNCED_OFFSET, currentLength);
    }
  }

  @Override
  public long size() {
    return fullExtentsBytes + currentLength;
  }

  /**
   * Closes the segment for writing. With a preparer its extents stay mapped, parked with it
   * ({@link WalExtentPreparer#park}) until the segment retires and they are recycled with every
   * page still mapped (session 15); without one they are unmapped now.
   */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      for (int index = 0; index < extents.size(); index++) {
        if (preparer != null) {
          preparer.park(PmemLogFormat.extentName(name, index), extents.get(index));
        } else {
          extents.get(index).close();
        }
      }
    }
  }

  private PmemRegion current() {
    return extents.getLast();
  }

  private void checkOpen() {
    if (closed) {
      throw new CairnIoException("the pmem WAL segment " + path + " is closed");
    }
  }

  /** Whether segment {@code name} has its first extent in {@code directory}. */
  static boolean exists(PmemDirectory directory, String name) {
    return directory.exists(PmemLogFormat.extentName(name, 0));
  }

  /** Deletes every extent of segment {@code name}; returns whether it existed. */
  static boolean deleteExtents(PmemDirectory directory, String name) {
    return retireExtents(directory, name, null);
  }

  /**
   * Retires every extent of segment {@code name} (its writes are in an L0 table and the MANIFEST
   * says so): each goes back to {@code preparer} for reuse where it takes it ({@link
   * WalExtentPreparer#recycle}), else it is deleted. Returns whether the segment existed.
   */
  static boolean retireExtents(PmemDirectory directory, String name, WalExtentPreparer preparer) {
    boolean existed = false;
    for (int index = 0; directory.exists(PmemLogFormat.extentName(name, index)); index++) {
      String extent = PmemLogFormat.extentName(name, index);
      if (preparer == null || !preparer.recycle(extent)) {
        directory.delete(extent);
      }
      existed = true;
    }
    return existed;
  }

  /** Durable bytes of segment {@code name} (the sum of its extents' lengths). */
  static long length(PmemDirectory directory, Path path) {
    try (SequentialReadFile reader = openReader(directory, path)) {
      return ((Reader) reader).total;
    }
  }

  /** A reader of segment {@code path}'s bytes, extent after extent. */
  static SequentialReadFile openReader(PmemDirectory directory, Path path) {
    String name = path.getFileName().toString();
    long number = segmentNumber(name);
    List<PmemRegion> regions = new ArrayList<>();
    List<Long> lengths = new ArrayList<>();
    Boolean numbered = null;
    long durable = 0;
    boolean durableEnded = false;
    try {
      for (int index = 0; directory.exists(PmemLogFormat.extentName(name, index)); index++) {
        String extent = PmemLogFormat.extentName(name, index);
        PmemRegion region = directory.open(extent);
        regions.add(region);
        String where = directory.location() + "/" + extent;
        PmemLogFormat.Header header = PmemLogFormat.checkHeader(region, where, index, number);
        if (header == null && directory.exists(PmemLogFormat.extentName(name, index + 1))) {
          throw CorruptionException.at(where, 0, "pmem WAL extent has no valid header but is followed by another");
        }
        if (header == null) {
          LOG.warn("pmem WAL extent {} was never initialised (a crash cut its creation short): read as empty", where);
          lengths.add(0L);
          continue;
        }
        if (numbered != null && numbered != header.numberedChecksums()) {
          throw CorruptionException.at(where, 0, "pmem WAL extent of format version " + header.version()
              + " in a segment whose first extent has the other version");
        }
        numbered = header.numberedChecksums();
        long length = PmemLogFormat.length(region, where, header.capacity());
        // Version 2: the length may have reached the media before its lines, or (torn word by
        // word with the synced length) lag it; bytes up to the synced length were fenced.
        long synced = header.numberedChecksums() ? PmemLogFormat.synced(region, where, header.capacity()) : length;
        length = Math.max(length, synced);
        lengths.add(length);
        if (!durableEnded) {
          durable += synced;
          durableEnded = synced < length;
        }
      }
    } catch (RuntimeException e) {
      regions.forEach(PmemRegion::close);
      throw e;
    }
    return new Reader(path, regions, lengths, Boolean.TRUE.equals(numbered),
        Boolean.TRUE.equals(numbered) ? durable : Long.MAX_VALUE);
  }

  /** Reads the extents' log bytes in order. */
  private static final class Reader implements SequentialReadFile {
    private final Path path;
    private final List<PmemRegion> regions;
    private final List<Long> lengths;
    private final long total;
    private final boolean numberedChecksums;
    private final long durableBytes;
    private int extent;
    private long position;

    Reader(Path path, List<PmemRegion> regions, List<Long> lengths, boolean numberedChecksums, long durableBytes) {
      this.durableBytes = durableBytes;
      this.path = path;
      this.regions = regions;
      this.lengths = lengths;
      this.total = lengths.stream().mapToLong(Long::longValue).sum();
      this.numberedChecksums = numberedChecksums;
    }

    @Override
    public Path path() {
      return path;
    }

    /** Version 2: the bytes below the synced length (of the extents in order); version 1: all. */
    @Override
    public long durableBytes() {
      return durableBytes;
    }

    /** Whether the extents are of version 2 (numbered checksums); false for version 1. */
    @Override
    public boolean checksumsCarryFileNumber() {
      return numberedChecksums;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
      int done = 0;
      while (done < length && extent < regions.size()) {
        long left = lengths.get(extent) - position;
        if (left <= 0) {
          extent++;
          position = 0;
          continue;
        }
        int chunk = (int) Math.min(left, length - done);
        regions.get(extent).read(PmemLogFormat.DATA_OFFSET + position, target, offset + done, chunk);
        position += chunk;
        done += chunk;
      }
      return done;
    }

    @Override
    public void close() {
      regions.forEach(PmemRegion::close);
    }
  }
}
