package io.cairn.node.cli;

import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.NodeHome;
import io.cairn.chain.api.Verdict;
import io.cairn.node.api.ExitCodes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code cairn verify KEY}: reflection verification of one anchored record. Prints the verdict;
 * exits 0 when it verified and 1 when any check failed. See {@code docs/chain.md}.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = "Verify an anchored record by its key.",
    footer = {"", "Verdicts: VERIFIED, UNKNOWN_ANCHOR, BAD_INDEX, MISSING_DATA, TAMPERED_DATA, BAD_PROOF,",
        "BAD_SIGNATURE, BROKEN_CHAIN (docs/chain.md says what each means).",
        "Exit status: 0 verified, 1 verification failed, 2 bad usage."})
public final class VerifyCommand implements Callable<Integer> {
  @Mixin ChainCommand.Home home;

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
    try (NodeHome node = home.open()) {
      Verdict verdict = node.node().verify(recordKey);
      out.println(recordKey + "  " + verdict.code());
      out.println("  " + verdict.detail());
      return verdict.passed() ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }
}
