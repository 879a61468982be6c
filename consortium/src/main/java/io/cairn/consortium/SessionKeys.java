package io.cairn.consortium;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An HQ node's open sessions ({@link UploadSession}): the key and nonce prefix derived once per
 * session value (one X25519 agreement for the session's first envelope that authenticates), and
 * the highest counter opened in each session. An envelope whose counter is not above that is a
 * replay and is refused before its upload is even decoded. At most {@link #MAX_SESSIONS} are kept;
 * past that an arbitrary one is forgotten (its next envelope costs a new agreement, and a replay
 * into it is then refused by the record pool's per-enterprise sequence check instead).
 *
 * <p>Thread-safety: thread-safe; a session's counter advances atomically.
 */
final class SessionKeys {
  static final int MAX_SESSIONS = 1 << 16;

  /** What opening gave: the plaintext, or null with {@code replay} telling why. */
  record Opened(byte[] plaintext, boolean replay) {}

  private static final class Session {
    final byte[] secret;
    long last;

    Session(byte[] secret) {
      this.secret = secret;
    }
  }

  private final X25519Key key;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  SessionKeys(X25519Key key) {
    this.key = key;
  }

  Opened open(SessionEnvelope envelope) {
    String id = envelope.sessionKey();
    Session session = sessions.get(id);
    byte[] secret;
    if (session != null) {
      secret = session.secret;
    } else {
      byte[] shared = UploadCipher.agree(key, envelope.session());
      if (shared == null) {
        return new Opened(null, false);
      }
      secret = UploadCipher.sessionSecret(shared, envelope.session(), key.publicKey());
    }
    byte[] plaintext = UploadCipher.sessionCrypt(false, secret, envelope.counter(), envelope.header(),
        envelope.ciphertext());
    if (plaintext == null) {
      return new Opened(null, false);
    }
    if (session == null) {
      evictIfFull();
      session = sessions.computeIfAbsent(id, k -> new Session(secret));
    }
    synchronized (session) {
      if (envelope.counter() <= session.last) {
        return new Opened(null, true);
      }
      session.last = envelope.counter();
    }
    return new Opened(plaintext, false);
  }

  private void evictIfFull() {
    if (sessions.size() >= MAX_SESSIONS) {
      Iterator<String> any = sessions.keySet().iterator();
      if (any.hasNext()) {
        sessions.remove(any.next());
      }
    }
  }

  int size() {
    return sessions.size();
  }
}
