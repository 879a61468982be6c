package io.cairn.replication.api;

import io.cairn.chain.api.AnchorReceipt;
import io.cairn.chain.api.ConsensusOutcome;
import io.cairn.chain.api.VerificationRequest;

/**
 * The result of a verification request between members (seed 003): the signed request, every
 * participant's signed verdict and whether at least half of them passed, and where the outcome
 * record (the request and the signed verdicts, {@code docs/formats/verification-outcome.md}) was
 * anchored on the chain. The outcome record is an off-chain record of the requesting member, so
 * any member reads it back by its key and checks every signature.
 *
 * <p>Thread-safety: immutable.
 *
 * @param request the signed request the participants answered
 * @param outcome the verdicts and the agreement
 * @param recorded the anchor of the outcome record ({@link VerificationRecord})
 */
public record VerificationResult(VerificationRequest request, ConsensusOutcome outcome, AnchorReceipt recorded) {}
