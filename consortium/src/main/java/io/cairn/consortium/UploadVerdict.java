package io.cairn.consortium;

/** What an HQ node answers to an upload. Only {@link #ACCEPTED} records enter the record pool. */
public enum UploadVerdict {
  ACCEPTED,
  /** The envelope or the sealed upload does not decode. */
  MALFORMED,
  /** The ciphertext does not authenticate under this HQ's key and the envelope header. */
  UNDECRYPTABLE,
  /** The envelope or the upload names another HQ, or the sender's certificate names another home HQ. */
  WRONG_HQ,
  /** The sender has no certificate from the regulator. */
  NOT_ADMITTED,
  /** The regulator revoked the sender. */
  REVOKED,
  /** The sealed upload is another enterprise's than the envelope's sender (bound as associated data). */
  IMPERSONATION,
  /** The enterprise's signature on the upload does not verify. */
  BAD_SIGNATURE,
  /** The sequence number is not above the last one accepted from this enterprise. */
  REPLAY
}
