package io.cairn.node.cli;

import io.cairn.chain.api.ConsensusOutcome;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.NodeHome;
import io.cairn.chain.api.SignedVerdict;
import io.cairn.chain.api.Verdict;
import io.cairn.node.api.ExitCodes;
import io.cairn.node.client.NodeClient;
import io.cairn.node.service.LocalLedgerService;
import io.cairn.replication.api.VerificationResult;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code cairn verify KEY}: reflection verification of one anchored record, in a home or on a
 * running node ({@code --node URL}). Prints the verdict; exits 0 when it verified and 1 when any
 * check failed. {@code --consensus} runs a verification request instead and prints every
 * participant's verdict. See {@code docs/chain.md} and {@code docs/node.md}.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = "Verify an anchored record by its key.",
    footer = {"", "Verdicts: VERIFIED, UNKNOWN_ANCHOR, BAD_INDEX, MISSING_DATA, TAMPERED_DATA, BAD_PROOF,",
        "BAD_SIGNATURE, BROKEN_CHAIN (docs/chain.md says what each means).",
        "With --consensus: one line per participant (key, verdict, attempts, detail) and the outcome.",
        "Exit status: 0 verified (with --consensus: agreed), 1 verification failed, 2 bad usage."})
public final class VerifyCommand implements Callable<Integer> {
  @Mixin ChainCommand.Home home;

  @Mixin Remote remote;

  @Option(names = "--consensus",
      description = "Run a verification request: every participant reads the record back, checks it and signs a verdict.")
  boolean consensus;

  @Parameters(paramLabel = "KEY", description = "The record's key: 64 hex digits, as printed by 'cairn anchor'.")
  String key;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Hash32 recordKey;
    try {
      recordKey = Hash32.parse(key);
    } catch (io.cairn.common.InvalidArgumentException e) {
      spec.commandLine().getErr().println("cairn verify: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    PrintWriter out = spec.commandLine().getOut();
    if (remote.given()) {
      return consensus ? remoteConsensus(remote.client(), recordKey, out) : remoteVerdict(remote.client(), recordKey, out);
    }
    if (consensus) {
      try (LocalLedgerService service = new LocalLedgerService(home.open())) {
        VerificationResult result = service.requestVerification(recordKey);
        out.println("  outcome record " + result.recorded().key() + " in block " + result.recorded().position().height());
        return printOutcome(recordKey, result.outcome(), out);
      }
    }
    try (NodeHome node = home.open()) {
      Verdict verdict = node.node().verify(recordKey);
      out.println(recordKey + "  " + verdict.code());
      out.println("  " + verdict.detail());
      return verdict.passed() ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }

  private static int remoteVerdict(NodeClient client, Hash32 key, PrintWriter out) {
    JsonObject verdict = client.verdict(key.hex());
    out.println(key + "  " + verdict.getString("verdict"));
    out.println("  " + verdict.getString("detail"));
    return "VERIFIED".equals(verdict.getString("verdict")) ? ExitCodes.OK : ExitCodes.FAILED;
  }

  private static int remoteConsensus(NodeClient client, Hash32 key, PrintWriter out) {
    JsonObject outcome = client.requestVerification(key.hex());
    for (JsonValue value : outcome.getJsonArray("verdicts")) {
      JsonObject verdict = value.asJsonObject();
      out.println("  " + verdict.getString("participant").substring(0, 12) + "  " + verdict.getString("verdict")
          + "  attempts " + verdict.getInt("attempts") + "  " + verdict.getString("detail"));
    }
    for (JsonValue problem : outcome.getJsonArray("problems")) {
      out.println("  problem: " + ((jakarta.json.JsonString) problem).getString());
    }
    if (!outcome.isNull("recorded")) {
      JsonObject recorded = outcome.getJsonObject("recorded");
      out.println("  outcome record " + recorded.getString("key") + " in block " + recorded.getJsonNumber("height"));
    }
    boolean agreed = outcome.getBoolean("agreed");
    out.println(key + "  " + (agreed ? "AGREED" : "NOT AGREED") + "  " + outcome.getInt("passing") + " of "
        + outcome.getInt("participants") + " participants passed");
    return agreed ? ExitCodes.OK : ExitCodes.FAILED;
  }

  private static int printOutcome(Hash32 key, ConsensusOutcome outcome, PrintWriter out) {
    for (SignedVerdict verdict : outcome.verdicts()) {
      out.println("  " + verdict.participant().shortHex() + "  " + verdict.code() + "  attempts " + verdict.attempts()
          + "  " + verdict.detail());
    }
    outcome.problems().forEach(problem -> out.println("  problem: " + problem));
    out.println(key + "  " + (outcome.agreed() ? "AGREED" : "NOT AGREED") + "  " + outcome.passing()
        + " of " + outcome.participants() + " participants passed");
    return outcome.agreed() ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
