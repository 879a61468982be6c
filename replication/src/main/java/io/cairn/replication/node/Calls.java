package io.cairn.replication.node;

import io.cairn.common.BusyException;
import io.cairn.common.CairnException;
import io.cairn.common.ErrorCode;
import io.cairn.replication.transport.FrameFormat;
import io.cairn.replication.transport.Transport;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests between members over the transport ({@code REQUEST} / {@code RESPONSE} frames): a
 * caller blocks in {@link #call} until the answer with its request id arrives or a timeout
 * passes; requests from peers are answered by the handler registered for their kind, on a worker
 * thread (never on the event loop).
 *
 * <p>Thread-safety: thread-safe.
 */
final class Calls {
  private static final Logger LOG = LoggerFactory.getLogger(Calls.class);

  /** Answers one request body: the result, or null for "none". */
  interface Handler extends Function<byte[], byte[]> {}

  private final Transport transport;
  private final ExecutorService workers;
  private final AtomicLong nextId = new AtomicLong(1);
  private final Map<Long, CompletableFuture<Wire.Response>> pending = new ConcurrentHashMap<>();
  private final Map<Integer, Handler> handlers = new ConcurrentHashMap<>();

  Calls(Transport transport, ExecutorService workers) {
    this.transport = transport;
    this.workers = workers;
  }

  /** Answers requests of {@code kind} with {@code handler}. */
  void handle(int kind, Handler handler) {
    handlers.put(kind, handler);
  }

  /**
   * Sends a request of {@code kind} to {@code member} and waits for the result (null: "none").
   *
   * @throws BusyException when no answer came within {@code timeoutMillis} or the link is full
   * @throws CairnException when the member answered that the request failed
   */
  byte[] call(int member, int kind, byte[] body, long timeoutMillis) {
    long id = nextId.getAndIncrement();
    CompletableFuture<Wire.Response> answer = new CompletableFuture<>();
    pending.put(id, answer);
    try {
      if (!transport.send(member, Wire.request(new Wire.Request(id, kind, body)))) {
        throw new BusyException("the link to member " + member + " is full");
      }
      transport.flush();
      Wire.Response response = answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
      return switch (response.status()) {
        case Wire.STATUS_OK -> response.body();
        case Wire.STATUS_NONE -> null;
        default -> throw new CairnException(ErrorCode.IO_ERROR, "member " + member + " failed the request: "
            + new String(response.body(), StandardCharsets.UTF_8));
      };
    } catch (TimeoutException e) {
      throw new BusyException("member " + member + " did not answer within " + timeoutMillis + " ms");
    } catch (ExecutionException e) {
      throw new BusyException("request to member " + member + " failed: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BusyException("interrupted while waiting for member " + member);
    } finally {
      pending.remove(id);
    }
  }

  /** A {@code RESPONSE} frame arrived (event loop): completes the waiting call. */
  void answered(byte[] payload) {
    Wire.Response response = Wire.response(payload);
    CompletableFuture<Wire.Response> waiting = pending.get(response.id());
    if (waiting != null) {
      waiting.complete(response);
    }
  }

  /** A {@code REQUEST} frame arrived from {@code member} (event loop): answered on a worker. */
  void requested(int member, byte[] payload) {
    Wire.Request request = Wire.request(payload);
    workers.execute(() -> {
      Wire.Response response;
      try {
        Handler handler = handlers.get(request.kind());
        byte[] result = handler == null ? null : handler.apply(request.body());
        response = result == null ? new Wire.Response(request.id(), Wire.STATUS_NONE, new byte[0])
            : result.length > FrameFormat.PAYLOAD_BYTES_MAX - 32
                ? failed(request.id(), "the result of " + result.length + " bytes exceeds one frame")
                : new Wire.Response(request.id(), Wire.STATUS_OK, result);
      } catch (RuntimeException e) {
        response = failed(request.id(), e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      try {
        transport.send(member, Wire.response(response));
        transport.flush();
      } catch (CairnException closed) {
        LOG.debug("could not answer member {}: {}", member, closed.getMessage());
      }
    });
  }

  private static Wire.Response failed(long id, String reason) {
    return new Wire.Response(id, Wire.STATUS_FAILED, reason.getBytes(StandardCharsets.UTF_8));
  }
}
