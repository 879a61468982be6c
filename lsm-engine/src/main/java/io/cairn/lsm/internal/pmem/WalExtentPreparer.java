package io.cairn.lsm.internal.pmem;

import io.cairn.common.CairnException;
import io.cairn.common.CairnIoException;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.PmemRegion;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one pmem WAL extent created ahead of need, so that a memtable switch claims it instead of
 * creating (and zero-filling) a region on the writer thread (session 13; the lifecycle is in
 * {@code docs/formats/pmem-wal.md}, "Prepared extents").
 *
 * <ol>
 *   <li><b>Prepare</b> (background thread {@code cairn-walprep}): {@link PmemDirectory#create}
 *       region {@code walprep-N.extent} of the extent size, zero-filled and durable, and read
 *       once per 4 KiB page so that the writer takes no page fault in it. It has no WAL header
 *       yet and no name recovery replays.
 *   <li><b>Claim</b> (writer, in {@link #claim}): write and persist the extent header (index,
 *       capacity, length 0), then {@link PmemDirectory#rename} it to the segment's extent name,
 *       durable on return; then the next preparation is queued. Only after the claim does the writer
 *       append, so a claimed extent holds nothing acknowledged before its name is durable.
 *   <li><b>Recycle</b> (session 14, in {@link #recycle}, on the thread that retires the segment):
 *       a retired segment's extent is renamed back to a prepared name, durable on return, and kept
 *       in a pool with the mapping its writer used, which the segment's close {@linkplain #park
 *       parked} here (session 15: no unmap, reopen or prefault per memtable; an extent without a
 *       parked mapping is opened and prefaulted on the preparer's thread first) (at most the engine's
 *       {@code maxWriteBufferNumber}, {@link #POOL_MAX} by default). A claim takes a pooled extent first and leaves the fresh ready one for later,
 *       so in steady state (each memtable flushed before the next but one fills) no extent is
 *       created or zero-filled at all. A recycled extent keeps its old log bytes; the claim's
 *       header (version 2, the new segment's number) and the log's numbered checksums make them
 *       unreadable as records of the new segment ({@code docs/formats/pmem-wal.md}).
 *   <li><b>Retire</b>: a claimed extent is an ordinary segment extent, recycled or deleted with
 *       its segment. An unclaimed one is deleted by {@link #close} and, after a crash, by {@link
 *       #deleteLeftovers} when the database opens: whatever a prepared name holds was never
 *       acknowledged (and its data, if recycled, was flushed to L0 before it was retired).
 * </ol>
 *
 * <p>Owner of the one queued preparation; thread-safe (the writer claims under the engine's mutex,
 * {@link #close} may come from any thread).
 */
final class WalExtentPreparer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WalExtentPreparer.class);
  /** Names of prepared, unclaimed extents: {@code walprep-<number>.extent}. */
  static final Pattern PREPARED_NAME = Pattern.compile("walprep-[0-9]+\\.extent");
  /** The page size the prefault steps by. */
  private static final long PAGE = 4096;
  /** Retired extents kept for reuse at most by default (besides the one fresh ready extent). */
  static final int POOL_MAX = 2;

  private final PmemDirectory directory;
  private final long extentCapacity;
  /** Retired extents kept for reuse at most. */
  private final int poolMax;
  /** Where preparations run: this preparer's own thread, or one given (tests: the caller's). */
  private final Executor executor;
  /** This preparer's own thread, or null when the executor was given. */
  private final ExecutorService ownThread;
  /** Guarded by this. */
  private long nextNumber;
  /** The extent being prepared or ready; null while a claim runs and once closed. Guarded by this. */
  private CompletableFuture<Prepared> ready;
  /** Guarded by this. */
  private boolean closed;
  /** Recycled extents, opened and prefaulted, oldest first. Guarded by this. */
  private final ArrayDeque<Prepared> pool = new ArrayDeque<>();
  /** Recycled extents renamed but not yet in the pool (being opened). Guarded by this. */
  private int recycling;
  /**
   * Mappings of claimed extents whose segment is closed but not yet retired, by extent name
   * (session 15): a recycle pools the mapping itself, so the extent is neither unmapped, reopened
   * nor prefaulted again. Guarded by this.
   */
  private final Map<String, PmemRegion> parked = new HashMap<>();
  /** Extents taken back by {@link #recycle} and claimed from the pool, for tests and the log. */
  private long recycled;
  /** Of the recycled extents, those pooled with the mapping their segment was written through. */
  private long recycledMapped;
  private long reused;
  /** Fresh extents created (zero-filled) by the preparer; claims that took one; claims that created one on the writer. */
  private long created;
  private long claimedFresh;
  private long createdOnWriter;
  /** Retired extents refused because the pool was full or this closed (deleted instead). */
  private long refused;
  /** Bytes read page by page to prefault extents. */
  private long prefaultedBytes;

  /** A region under its prepared name: created zero-filled, or recycled (old log bytes). */
  record Prepared(String name, PmemRegion region) {}

  /**
   * Starts preparing the first extent at once.
   *
   * @param extentCapacity log bytes per extent (the region holds the header besides)
   * @param executor where to prepare extents, or null for a daemon thread of this preparer's own;
   *     crash tests pass {@code Runnable::run}, so that every run reaches the same persist points
   *     in the same order
   */
  WalExtentPreparer(PmemDirectory directory, long extentCapacity, Executor executor) {
    this(directory, extentCapacity, POOL_MAX, executor);
  }

  /**
   * As above, keeping at most {@code poolMax} retired extents for reuse (the engine passes its
   * {@code maxWriteBufferNumber}: that many segments can retire in one burst and be claimed again).
   */
  WalExtentPreparer(PmemDirectory directory, long extentCapacity, int poolMax, Executor executor) {
    this.directory = directory;
    this.extentCapacity = extentCapacity;
    this.poolMax = Math.max(0, poolMax);
    this.ownThread = executor == null
        ? Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("cairn-walprep").factory()) : null;
    this.executor = executor == null ? ownThread : executor;
    queueNext();
  }

  /** Queues the next preparation unless one is queued or this is closed. */
  private void queueNext() {
    CompletableFuture<Prepared> future;
    synchronized (this) {
      if (closed || ready != null) {
        return;
      }
      future = new CompletableFuture<>();
      ready = future;
    }
    try {
      executor.execute(() -> {
        try {
          future.complete(prepare());
        } catch (Throwable e) {
          future.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      future.completeExceptionally(e);
    }
  }

  /** Whether {@code name} is a prepared extent's region name. */
  static boolean isPrepared(String name) {
    return PREPARED_NAME.matcher(name).matches();
  }

  /**
   * Deletes every prepared, unclaimed extent in {@code directory} (a crash or a failed close left
   * it): none holds an acknowledged write. Run when the database opens, before a preparer starts.
   */
  static int deleteLeftovers(PmemDirectory directory) {
    int deleted = 0;
    for (String name : directory.list()) {
      if (isPrepared(name)) {
        LOG.info("deleting prepared but unclaimed pmem WAL extent {}/{}", directory.location(), name);
        directory.delete(name);
        deleted++;
      }
    }
    return deleted;
  }

  private Prepared prepare() {
    String name;
    synchronized (this) {
      name = "walprep-" + (nextNumber++) + ".extent";
    }
    PmemRegion region = directory.create(name, PmemLogFormat.DATA_OFFSET + extentCapacity);
    synchronized (this) {
      created++;
    }
    try {
      prefault(region, true);
    } catch (RuntimeException e) {
      region.close();
      directory.delete(name);
      throw e;
    }
    return new Prepared(name, region);
  }

  /**
   * Reads one byte of every 4 KiB page of the log area, so that the writer's first store into a
   * page does not take the page fault (on a mapped tmpfs or DAX file a read fault maps a shared
   * page writable). Reads only: nothing here is a store the crash simulator would track. A new
   * extent must read as zeros ({@code fresh}); a recycled one holds its old log bytes.
   */
  private void prefault(PmemRegion region, boolean fresh) {
    long sum = 0;
    for (long offset = PmemLogFormat.DATA_OFFSET; offset < PmemLogFormat.DATA_OFFSET + extentCapacity; offset += PAGE) {
      sum += region.readByte(offset);
    }
    synchronized (this) {
      prefaultedBytes += extentCapacity;
    }
    if (fresh && sum != 0) {
      // A region created zero-filled reads as zeros; anything else is the backend's fault.
      throw new CairnIoException("a new pmem WAL extent in " + directory.location() + " is not zero-filled");
    }
  }

  /**
   * Claims an extent as extent {@code index} of segment {@code number}: a recycled one from the
   * pool if there is one, else the ready one (waiting for it if it is still being prepared, then
   * queueing the next preparation). Its version-2 header is written and persisted, then it is
   * renamed to {@code extentName}, durable on return. Where the preparation failed the extent is
   * created here instead, as without a preparer.
   *
   * @throws CairnIoException when the extent can be neither claimed nor created, or this is closed
   */
  PmemRegion claim(String extentName, int index, long number) {
    CompletableFuture<Prepared> claimed;
    Prepared pooled;
    synchronized (this) {
      if (closed) {
        throw new CairnIoException("the pmem WAL extent preparer of " + directory.location() + " is closed");
      }
      pooled = pool.pollFirst();
      claimed = pooled == null ? ready : null;
      if (pooled == null) {
        ready = null;
      } else {
        reused++;
      }
    }
    if (pooled != null) {
      return claimPrepared(pooled, extentName, index, number);
    }
    try {
      Prepared prepared = claimed == null ? null : await(claimed);
      if (prepared == null) {
        PmemRegion region = directory.create(extentName, PmemLogFormat.DATA_OFFSET + extentCapacity);
        synchronized (this) {
          createdOnWriter++;
        }
        return withHeader(region, index, number);
      }
      synchronized (this) {
        claimedFresh++;
      }
      return claimPrepared(prepared, extentName, index, number);
    } finally {
      queueNext();
    }
  }

  /** Header, then rename: the claim proper of a prepared or recycled extent. */
  private PmemRegion claimPrepared(Prepared prepared, String extentName, int index, long number) {
    PmemRegion region = withHeader(prepared.region(), index, number);
    try {
      directory.rename(prepared.name(), extentName);
    } catch (RuntimeException e) {
      region.close();
      deleteQuietly(prepared.name());
      throw e;
    }
    return region;
  }

  /**
   * Keeps the mapping {@code region} of extent {@code extentName}, which its segment's writer has
   * closed, for {@link #recycle} (session 15): a retired extent whose mapping is parked here goes
   * back to the pool as it is, every page of it still mapped, instead of being unmapped now and
   * opened and prefaulted again when it retires. Closes the region at once when this is closed,
   * or when the extent is gone already (its segment retired before it was closed: nothing would
   * take the mapping back). Nothing is written: the segment's bytes stay as its writer left them.
   * Any thread.
   */
  void park(String extentName, PmemRegion region) {
    boolean gone = !directory.exists(extentName);
    PmemRegion replaced;
    synchronized (this) {
      if (closed || gone) {
        replaced = region;
      } else {
        replaced = parked.put(extentName, region);
      }
    }
    if (replaced != null) {
      replaced.close();
    }
  }

  /**
   * Takes back extent {@code extentName} of a retired segment (its memtable is flushed and the
   * MANIFEST edit synced, so nothing in it is needed) for reuse: renames it to a prepared name,
   * durable on return, and pools it: with the mapping its writer {@linkplain #park parked} where
   * there is one (no page is touched), else opened and prefaulted on the preparer's thread first.
   * Returns false, doing nothing but unmapping a parked mapping, when the pool is full or this is
   * closed, or when the rename fails (logged): the caller then deletes the extent. Any thread.
   */
  boolean recycle(String extentName) {
    String name;
    PmemRegion mapped;
    synchronized (this) {
      mapped = parked.remove(extentName);
      if (closed || pool.size() + recycling >= poolMax) {
        refused++;
        name = null;
      } else {
        recycling++;
        name = "walprep-" + (nextNumber++) + ".extent";
      }
    }
    if (name == null) {
      closeQuietly(mapped);
      return false;
    }
    try {
      directory.rename(extentName, name);
    } catch (RuntimeException e) {
      synchronized (this) {
        recycling--;
      }
      closeQuietly(mapped);
      LOG.warn("could not recycle the pmem WAL extent {}/{} ({}): deleting it", directory.location(), extentName,
          e.toString());
      return false;
    }
    if (mapped != null && mapped.size() == PmemLogFormat.DATA_OFFSET + extentCapacity) {
      pool(name, mapped, true);
      return true;
    }
    closeQuietly(mapped);
    try {
      executor.execute(() -> reopen(name));
    } catch (RejectedExecutionException e) {
      synchronized (this) {
        recycling--;
      }
      deleteQuietly(name);
    }
    return true;
  }

  private static void closeQuietly(PmemRegion region) {
    if (region != null) {
      region.close();
    }
  }

  /** On the preparer's thread: opens a recycled extent, checks its size, prefaults it, pools it. */
  private void reopen(String name) {
    PmemRegion region = null;
    try {
      region = directory.open(name);
      if (region.size() != PmemLogFormat.DATA_OFFSET + extentCapacity) {
        throw new CairnIoException("a retired pmem WAL extent " + name + " has " + region.size() + " bytes, not "
            + (PmemLogFormat.DATA_OFFSET + extentCapacity));
      }
      prefault(region, false);
    } catch (RuntimeException e) {
      LOG.warn("could not reuse the pmem WAL extent {}/{} ({}): deleting it", directory.location(), name, e.toString());
      if (region != null) {
        region.close();
      }
      synchronized (this) {
        recycling--;
      }
      deleteQuietly(name);
      return;
    }
    pool(name, region, false);
  }

  /** Adds recycled extent {@code name} (renamed, counted in {@link #recycling}) to the pool, or deletes it once closed. */
  private void pool(String name, PmemRegion region, boolean mapped) {
    boolean keep;
    synchronized (this) {
      recycling--;
      keep = !closed;
      if (keep) {
        pool.addLast(new Prepared(name, region));
        recycled++;
        if (mapped) {
          recycledMapped++;
        }
      }
    }
    if (!keep) {
      region.close();
      deleteQuietly(name);
    }
  }

  /** Extents taken back into the pool so far. */
  synchronized long recycledCount() {
    return recycled;
  }

  /** Claims served from the pool so far. */
  synchronized long reusedCount() {
    return reused;
  }

  /**
   * What this preparer did so far (docs/engine.md, session 15): extents created zero-filled, claims
   * of a fresh extent, of a pooled one, extents created on the writer, retired extents pooled and
   * refused (pool full), bytes prefaulted page by page.
   */
  record Counts(long created, long claimedFresh, long claimedPooled, long createdOnWriter, long recycled,
      long recycledMapped, long refused, long prefaultedBytes) {
    @Override
    public String toString() {
      return "created " + created + " (zero-filled), claims: " + claimedPooled + " pooled, " + claimedFresh + " fresh, "
          + createdOnWriter + " created on the writer; retired: " + recycled + " pooled (" + recycledMapped
          + " with their mapping kept), " + refused + " deleted (pool full, or closed); prefaulted " + (prefaultedBytes >> 20)
          + " MiB";
    }
  }

  /** What this preparer did so far. */
  synchronized Counts counts() {
    return new Counts(created, claimedFresh, reused, createdOnWriter, recycled, recycledMapped, refused, prefaultedBytes);
  }

  private void deleteQuietly(String name) {
    try {
      directory.delete(name);
    } catch (CairnException e) {
      LOG.warn("could not delete the prepared pmem WAL extent {}/{}: {}", directory.location(), name, e.getMessage());
    }
  }

  private PmemRegion withHeader(PmemRegion region, int index, long number) {
    try {
      PmemLogFormat.writeHeader(region, index, extentCapacity, number);
      return region;
    } catch (RuntimeException e) {
      region.close();
      throw e;
    }
  }

  /** The prepared extent, or null (logged) when its preparation failed. */
  private Prepared await(CompletableFuture<Prepared> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CairnIoException("interrupted while waiting for a prepared pmem WAL extent");
    } catch (CancellationException e) {
      return null;
    } catch (ExecutionException e) {
      LOG.warn("preparing a pmem WAL extent in {} failed ({}): creating it on the writer",
          directory.location(), e.getCause().toString());
      return null;
    }
  }

  /** Stops the preparer and deletes the unclaimed and the pooled extents; later claims fail. */
  @Override
  public void close() {
    CompletableFuture<Prepared> left;
    List<Prepared> pooled;
    List<PmemRegion> unmapped;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      LOG.info("pmem WAL extents of {}: {}", directory.location(), counts());
      left = ready;
      ready = null;
      pooled = List.copyOf(pool);
      pool.clear();
      unmapped = List.copyOf(parked.values());
      parked.clear();
    }
    // Parked mappings are live segments' (not yet retired): unmapped, never deleted here.
    unmapped.forEach(PmemRegion::close);
    for (Prepared prepared : pooled) {
      prepared.region().close();
      deleteQuietly(prepared.name());
    }
    if (ownThread != null) {
      ownThread.shutdown();
      // Wait for queued work (a preparation, recycled extents being opened): each sees closed and
      // deletes its extent now, not after a database reopened in this directory has reused the
      // name (numbers restart at 0 with each open; ModelTest found a late delete of the new pool's).
      try {
        if (!ownThread.awaitTermination(1, TimeUnit.MINUTES)) {
          LOG.warn("the pmem WAL extent preparer of {} did not stop within a minute", directory.location());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (left == null) {
      return;
    }
    Prepared prepared;
    try {
      prepared = left.get(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (ExecutionException | TimeoutException e) {
      // A failed preparation left nothing; one still running is removed at the next open.
      LOG.debug("closing the pmem WAL extent preparer of {}: {}", directory.location(), e.toString());
      return;
    }
    prepared.region().close();
    deleteQuietly(prepared.name());
  }
}
