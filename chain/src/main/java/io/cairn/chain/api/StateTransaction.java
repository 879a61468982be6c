package io.cairn.chain.api;

import io.cairn.chain.codec.TransactionFormat;
import io.cairn.chain.crypto.SigningDomain;
import io.cairn.common.ByteWriter;
import io.cairn.common.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A state-data transaction: an organisation's state record (seed 004's consortium ledger of
 * enterprise state data), signed by a member admitted for that organisation. The ledger keeps the
 * latest state per organisation and every earlier one in its block.
 *
 * <p>Thread-safety: immutable.
 */
public final class StateTransaction extends SignedHeader {
  private final String organization;
  private final byte[] state;

  private StateTransaction(MemberKey requester, long nonce, String organization, byte[] state,
      byte[] header, int signedBytes) {
    super(requester, nonce, header, signedBytes);
    this.organization = organization;
    this.state = state;
  }

  /**
   * {@code organization}'s state record {@code state}, signed by {@code requester}.
   *
   * @throws InvalidArgumentException when the organisation name is empty or over 255 UTF-8 bytes,
   *     the state is over 64 KiB, or the nonce is negative
   */
  public static StateTransaction sign(Identity requester, long nonce, String organization, byte[] state) {
    int organizationBytes = organization.getBytes(StandardCharsets.UTF_8).length;
    if (organizationBytes < 1 || organizationBytes > 255) {
      throw new InvalidArgumentException("organization must be 1..255 UTF-8 bytes, was " + organizationBytes);
    }
    if (state.length > TransactionFormat.STATE_BYTES_MAX) {
      throw new InvalidArgumentException("state record of " + state.length + " bytes exceeds "
          + TransactionFormat.STATE_BYTES_MAX);
    }
    if (nonce < 0) {
      throw new InvalidArgumentException("nonce must not be negative, was " + nonce);
    }
    ByteWriter out = TransactionFormat.startState(requester.key().bytes(), nonce, organization, state);
    int signedBytes = out.size();
    byte[] signature = requester.sign(SigningDomain.TRANSACTION.message(out.buffer(), signedBytes));
    byte[] header = TransactionFormat.finish(out, signature);
    StateTransaction signed = new StateTransaction(requester.key(), nonce, organization, state.clone(), header,
        signedBytes);
    signed.signedByIdentity();
    return signed;
  }

  static StateTransaction decoded(TransactionFormat.Header fields) {
    return new StateTransaction(MemberKey.of(fields.requester()), fields.nonce(), fields.organization(),
        fields.state(), fields.encoded(), fields.signedBytes());
  }

  /** The organisation whose state this is. */
  public String organization() {
    return organization;
  }

  /** A copy of the state record. */
  public byte[] state() {
    return state.clone();
  }

  @Override
  public byte[] encode() {
    return header.clone();
  }

  @Override
  public int encodedBytes() {
    return header.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StateTransaction transaction && Arrays.equals(header, transaction.header);
  }

  @Override
  public int hashCode() {
    return id().hashCode();
  }

  @Override
  public String toString() {
    return "state tx " + id().shortHex() + " by " + requester.shortHex() + " nonce " + nonce
        + " for " + organization + ", " + state.length + " bytes";
  }
}
