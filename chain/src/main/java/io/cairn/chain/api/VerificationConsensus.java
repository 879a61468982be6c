package io.cairn.chain.api;

import io.cairn.common.CairnException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Verification consensus (seed 003): a signed {@link VerificationRequest} goes to every
 * participant; each checks independently and answers with a {@link SignedVerdict}; the request is
 * agreed once valid passing verdicts come from at least 50% of the participants. A verdict counts
 * only if it decodes, answers this request, is signed by the participant that was asked and that
 * participant is an admitted member.
 *
 * <p>Participants are asked concurrently (one virtual thread each), through the byte-level {@link
 * Participant} interface that a network transport will implement.
 *
 * <p>Thread-safety: safe for concurrent rounds.
 */
public final class VerificationConsensus {
  private final Supplier<MemberRegistry> registry;

  /** A coordinator that accepts verdicts only from members of {@code registry}'s current value. */
  public VerificationConsensus(Supplier<MemberRegistry> registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** Runs one round of {@code request} over {@code participants} (duplicates are asked once). */
  public ConsensusOutcome run(VerificationRequest request, List<Participant> participants) {
    Map<MemberKey, Participant> distinct = new LinkedHashMap<>();
    for (Participant participant : participants) {
      distinct.putIfAbsent(participant.key(), participant);
    }
    byte[] encoded = request.encode();
    List<Future<byte[]>> answers = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Participant participant : distinct.values()) {
        answers.add(executor.submit(() -> participant.handle(encoded)));
      }
    }
    List<SignedVerdict> verdicts = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int passing = 0;
    int index = 0;
    MemberRegistry members = registry.get();
    for (Participant participant : distinct.values()) {
      String who = "participant " + participant.key().shortHex();
      SignedVerdict verdict;
      try {
        verdict = SignedVerdict.decode(answers.get(index++).get());
      } catch (ExecutionException e) {
        problems.add(who + " failed: " + describe(e.getCause()));
        continue;
      } catch (CairnException e) {
        problems.add(who + " sent a malformed verdict: " + e.getMessage());
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new io.cairn.common.CairnException(io.cairn.common.ErrorCode.BUSY, "interrupted while collecting verdicts", e);
      }
      String problem = problem(verdict, participant, request, members);
      if (problem != null) {
        problems.add(who + ": " + problem);
        continue;
      }
      verdicts.add(verdict);
      if (verdict.passed()) {
        passing++;
      }
    }
    boolean agreed = !distinct.isEmpty() && 2L * passing >= distinct.size();
    return new ConsensusOutcome(request.hash(), agreed, passing, distinct.size(), verdicts, problems);
  }

  private static String problem(SignedVerdict verdict, Participant participant, VerificationRequest request,
      MemberRegistry members) {
    if (!verdict.participant().equals(participant.key())) {
      return "the verdict is signed as " + verdict.participant().shortHex();
    }
    if (!verdict.requestHash().equals(request.hash())) {
      return "the verdict answers another request, " + verdict.requestHash().shortHex();
    }
    if (members.admission(verdict.participant()).isEmpty()) {
      return "not an admitted member";
    }
    if (!verdict.signatureValid()) {
      return "the verdict's signature does not verify";
    }
    return null;
  }

  private static String describe(Throwable failure) {
    return failure.getClass().getSimpleName() + ": " + failure.getMessage();
  }
}
