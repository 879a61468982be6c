package io.cairn.chain.api;

/**
 * One participant of verification consensus, as the network will see it: encoded request in,
 * encoded signed verdict out. {@link LocalParticipant} is the in-process implementation; a remote
 * participant implements the same interface over a transport.
 */
public interface Participant {
  /** The participant's key: the verdict must be signed by it. */
  MemberKey key();

  /**
   * Checks the encoded {@link VerificationRequest} independently and returns its encoded {@link
   * SignedVerdict}.
   *
   * @throws io.cairn.common.CairnException when the request is malformed or the participant fails;
   *     the coordinator counts that as a participant that did not pass
   */
  byte[] handle(byte[] encodedRequest);
}
