package io.cairn.node.http;

import io.cairn.chain.api.RejectedException;
import io.cairn.common.CairnException;
import io.cairn.node.http.HttpApi.BodyTooLargeException;
import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's one error mapping: an exception from a route becomes a status and a JSON body {@code
 * {"error": CODE, "message": TEXT}}. Expected failures (bad input, a refused write, an
 * unavailable leader) carry their own message; anything else is logged here and answered 500 with
 * the exception's class only, never a stack trace.
 *
 * <pre>
 * 400 INVALID_ARGUMENT   bad key, height or body (CairnException INVALID_ARGUMENT)
 * 401 UNAUTHORIZED       a write without the configured token
 * 409 REJECTED           the ledger refused the transaction (chain RejectedException)
 * 413 BODY_TOO_LARGE     a body over the limit
 * 501 NOT_SUPPORTED      the ledger cannot do this
 * 503 UNAVAILABLE        busy, closed, no leader (BUSY, CLOSED and unknown codes of a cluster)
 * 500 INTERNAL           a bug: see the node's log
 * </pre>
 */
final class ApiErrors {
  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  private ApiErrors() {}

  static void handle(ServerRequest request, ServerResponse response, Throwable failure) {
    switch (failure) {
      case BodyTooLargeException tooLarge -> send(response, 413, "BODY_TOO_LARGE", tooLarge.getMessage());
      case WriteGuard.UnauthorizedException denied -> send(response, 401, "UNAUTHORIZED", denied.getMessage());
      case RejectedException rejected -> send(response, 409, "REJECTED", rejected.getMessage());
      case CairnException cairn -> {
        int status = switch (cairn.code()) {
          case INVALID_ARGUMENT -> 400;
          case NOT_SUPPORTED -> 501;
          case BUSY, CLOSED -> 503;
          case CORRUPTION, IO_ERROR -> 500;
        };
        if (status == 500) {
          LOG.error("{} {} failed", request.prologue().method().text(), request.path().path(), cairn);
        }
        send(response, status, status == 503 ? "UNAVAILABLE" : cairn.code().name(), cairn.getMessage());
      }
      case HttpException http -> sendHelidon(response, http.status().code(), http.getMessage());
      case RequestException bad -> sendHelidon(response, bad.status().code(), bad.getMessage());
      default -> {
        LOG.error("{} {} failed", request.prologue().method().text(), request.path().path(), failure);
        send(response, 500, "INTERNAL", "internal error (" + failure.getClass().getSimpleName()
            + "); the node's log has the details");
      }
    }
  }

  private static void sendHelidon(ServerResponse response, int status, String message) {
    String code = status == 413 ? "BODY_TOO_LARGE" : status < 500 ? "BAD_REQUEST" : "INTERNAL";
    send(response, status, code, message == null ? "the request was refused" : message);
  }

  private static void send(ServerResponse response, int status, String code, String message) {
    HttpApi.send(response, status, ApiJson.error(code, message));
  }
}
