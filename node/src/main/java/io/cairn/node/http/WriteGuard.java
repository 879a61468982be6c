package io.cairn.node.http;

import io.cairn.common.CairnException;
import io.cairn.common.ErrorCode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may write through the client API. Reads are open. With a token configured, a write ({@code
 * POST}) must carry {@code Authorization: Bearer TOKEN}; without one, writes are open, which a
 * node allows only on a loopback address (see {@code NodeCommand}).
 *
 * <p>Thread-safety: immutable.
 */
public final class WriteGuard {
  private final byte[] token;

  private WriteGuard(byte[] token) {
    this.token = token;
  }

  /** Writes open to anyone who reaches the port. */
  public static WriteGuard open() {
    return new WriteGuard(null);
  }

  /** Writes need {@code token}. */
  public static WriteGuard token(String token) {
    if (token == null || token.isBlank()) {
      throw new io.cairn.common.InvalidArgumentException("the API token is empty");
    }
    return new WriteGuard(token.strip().getBytes(StandardCharsets.UTF_8));
  }

  /** Whether writes are open. */
  public boolean isOpen() {
    return token == null;
  }

  /**
   * Lets {@code request} through or refuses it.
   *
   * @throws UnauthorizedException when a token is configured and the request lacks it
   */
  void check(ServerRequest request) {
    if (token == null) {
      return;
    }
    String header = request.headers().first(HeaderNames.AUTHORIZATION).orElse("");
    byte[] given = header.startsWith("Bearer ")
        ? header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
    if (!MessageDigest.isEqual(given, token)) {
      throw new UnauthorizedException(header.isEmpty()
          ? "writes need 'Authorization: Bearer TOKEN' (the node's API token)"
          : "the API token does not match");
    }
  }

  /** A write without the right token (401). */
  static final class UnauthorizedException extends CairnException {
    UnauthorizedException(String message) {
      super(ErrorCode.INVALID_ARGUMENT, message);
    }
  }
}
