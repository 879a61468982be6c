package io.cairn.replication.node;

import io.cairn.chain.api.RecordSource;
import io.cairn.chain.api.RecordStore;
import io.cairn.common.BusyException;
import io.cairn.common.CairnException;
import io.cairn.replication.transport.FrameFormat;
import io.cairn.replication.transport.Transport;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Off-chain records between members: this node answers {@code FETCH} frames from its own record
 * store, and reads other members' records through {@link #source}, one {@link RecordSource} per
 * member whose name is that member's store name, so the ledger's verifier reads any anchored
 * record back by its read parameters. A read that times out or finds no connection is tried once
 * more before it counts as failed (a verifier re-fetches before it votes no).
 *
 * <p>Thread-safety: thread-safe.
 */
final class RecordFetcher {
  private static final Logger LOG = LoggerFactory.getLogger(RecordFetcher.class);
  static final long FETCH_TIMEOUT_MILLIS = 3_000;
  private static final int ATTEMPTS = 2;

  private final Transport transport;
  private final RecordStore local;
  private final ExecutorService workers;
  private final AtomicLong nextId = new AtomicLong(1);
  private final Map<Long, CompletableFuture<Wire.Record>> pending = new ConcurrentHashMap<>();

  RecordFetcher(Transport transport, RecordStore local, ExecutorService workers) {
    this.transport = transport;
    this.local = local;
    this.workers = workers;
  }

  /** The source that reads records of store {@code store} from member {@code member}. */
  RecordSource source(String store, int member) {
    return new RecordSource() {
      @Override
      public String name() {
        return store;
      }

      @Override
      public byte[] read(byte[] key) {
        return fetch(member, store, key);
      }
    };
  }

  /**
   * The record {@code key} of {@code store} held by {@code member}, or null when it has none.
   *
   * @throws BusyException when no answer came after {@value #ATTEMPTS} attempts
   */
  byte[] fetch(int member, String store, byte[] key) {
    CairnException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      long id = nextId.getAndIncrement();
      CompletableFuture<Wire.Record> answer = new CompletableFuture<>();
      pending.put(id, answer);
      try {
        if (!transport.send(member, Wire.fetch(new Wire.Fetch(id, store, key)))) {
          throw new BusyException("the link to member " + member + " is full");
        }
        transport.flush();
        Wire.Record record = answer.get(FETCH_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        if (record.status() == Wire.Record.TOO_LARGE) {
          throw new BusyException("member " + member + "'s record is too large for one frame");
        }
        return record.data();
      } catch (TimeoutException e) {
        last = new BusyException("member " + member + " did not answer a record fetch within "
            + FETCH_TIMEOUT_MILLIS + " ms");
      } catch (ExecutionException e) {
        last = new BusyException("record fetch from member " + member + " failed: " + e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BusyException("interrupted while fetching a record");
      } catch (BusyException e) {
        last = e;
      } finally {
        pending.remove(id);
      }
      LOG.debug("record fetch attempt {} from member {} failed: {}", attempt, member, last.getMessage());
    }
    throw last;
  }

  /** A {@code RECORD} frame arrived (event loop): completes the waiting fetch. */
  void answered(byte[] payload) {
    Wire.Record record = Wire.record(payload);
    CompletableFuture<Wire.Record> waiting = pending.get(record.requestId());
    if (waiting != null) {
      waiting.complete(record);
    }
  }

  /** A {@code FETCH} frame arrived from {@code member}: answered from the local store off the event loop. */
  void requested(int member, byte[] payload) {
    Wire.Fetch fetch = Wire.fetch(payload);
    workers.execute(() -> {
      byte[] data = fetch.store().equals(local.name()) && fetch.key().length > 0 ? local.read(fetch.key()) : null;
      int status = data == null ? Wire.Record.MISSING
          : data.length > FrameFormat.PAYLOAD_BYTES_MAX - 32 ? Wire.Record.TOO_LARGE : Wire.Record.FOUND;
      try {
        transport.send(member, Wire.record(new Wire.Record(fetch.requestId(), status,
            status == Wire.Record.FOUND ? data : null)));
        transport.flush();
      } catch (CairnException closed) {
        LOG.debug("could not answer a record fetch of member {}: {}", member, closed.getMessage());
      }
    });
  }
}
