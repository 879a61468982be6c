package io.cairn.chain.api;

import io.cairn.common.CairnException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An in-process participant of verification consensus over its own ledger and record sources.
 * For a request it checks, in order: the request is signed by an admitted member; the target data
 * hashes to the record key; it fetches its own copy of the record through the request's read
 * parameters and compares it with the target data; and its ledger verifies the key (anchor, Merkle
 * proofs, signatures, chain). When a check fails it fetches again and retries, up to {@code
 * retries} more times, before it signs a failing verdict (seed 003: a participant whose
 * verification fails receives the data again and verifies again).
 *
 * <p>Thread-safety: safe for concurrent requests.
 */
public final class LocalParticipant implements Participant {
  private final Identity identity;
  private final Ledger ledger;
  private final Map<String, RecordSource> sources = new HashMap<>();
  private final int retries;

  /** A participant acting as {@code identity}, checking with {@code ledger} and {@code sources}. */
  public LocalParticipant(Identity identity, Ledger ledger, List<RecordSource> sources, int retries) {
    if (retries < 0 || retries > 254) {
      throw new io.cairn.common.InvalidArgumentException("retries must be in 0..254, was " + retries);
    }
    this.identity = Objects.requireNonNull(identity, "identity");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    for (RecordSource source : sources) {
      this.sources.put(source.name(), source);
    }
    this.retries = retries;
  }

  @Override
  public MemberKey key() {
    return identity.key();
  }

  @Override
  public byte[] handle(byte[] encodedRequest) {
    return answer(VerificationRequest.decode(encodedRequest)).encode();
  }

  /** The signed verdict on {@code request}. */
  public SignedVerdict answer(VerificationRequest request) {
    Hash32 requestHash = request.hash();
    if (!ledger.members().has(request.requester(), Role.SUBMIT) || !request.signatureValid()) {
      return SignedVerdict.sign(identity, requestHash, VerdictCode.BAD_SIGNATURE, 1,
          "the request is not validly signed by a member with the SUBMIT role");
    }
    Verdict verdict = null;
    int attempt = 0;
    while (attempt <= retries) {
      attempt++;
      verdict = check(request);
      if (verdict.passed()) {
        break;
      }
    }
    return SignedVerdict.sign(identity, requestHash, verdict.code(), attempt, verdict.detail());
  }

  private Verdict check(VerificationRequest request) {
    Hash32 key = request.recordKey();
    byte[] target = request.target();
    Hash32 targetHash = request.algorithm().hash(target);
    if (!targetHash.equals(key)) {
      return new Verdict(key, VerdictCode.TAMPERED_DATA, "the request's target data hashes to "
          + targetHash.shortHex() + ", not to its key", null);
    }
    ReadParameters read = request.read();
    RecordSource source = sources.get(read.store());
    if (source == null) {
      return new Verdict(key, VerdictCode.MISSING_DATA, "this participant has no store '" + read.store() + "'", null);
    }
    byte[] fetched;
    try {
      fetched = source.read(read.key());
    } catch (CairnException e) {
      return new Verdict(key, VerdictCode.MISSING_DATA, "fetching " + read + " failed: " + e.getMessage(), null);
    }
    if (fetched == null) {
      return new Verdict(key, VerdictCode.MISSING_DATA, "no record under " + read, null);
    }
    if (!Arrays.equals(fetched, target)) {
      return new Verdict(key, VerdictCode.TAMPERED_DATA, "the record fetched from " + read
          + " differs from the request's target data", null);
    }
    return ledger.verify(key);
  }
}
