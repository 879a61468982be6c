package io.cairn.node.cli;

import io.cairn.node.api.ExitCodes;
import io.cairn.node.api.Json;
import io.cairn.node.api.JsonOption;
import io.cairn.pmem.api.PmemCheck;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cairn pmem}: the persistence layer from the command line. {@code cairn pmem check --dir D}
 * says which backends work on this machine (and why not), whether {@code D} is real pmem (DAX),
 * and runs a write → persist → reopen → read self-test of each working backend in {@code D}. See
 * {@code docs/persistence.md}.
 */
@Command(
    name = "pmem",
    mixinStandardHelpOptions = true,
    description = "Persistent memory: which backends work here, is a directory real pmem.",
    subcommands = PmemCommand.Check.class,
    commandListHeading = "%nCommands:%n")
public final class PmemCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /** {@code cairn pmem check --dir D [--json FILE]}. */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Checks persistent memory on this machine: for each backend (ffm, libpmem, llpl, crash-sim)"
            + " whether it is available and why not, whether DIR is on real pmem (DAX), and a"
            + " write -> persist -> reopen -> read self-test in DIR. The first thing to run on a new"
            + " Optane box.",
        ""
      },
      footer = {
        "",
        "Exit status: 0 when every available backend passed, 1 when one failed, 2 bad usage.",
        "JSON: {\"dir\", \"dax\", \"backends\": [{\"name\", \"available\", \"reason\", \"self_test\"}]};"
            + " reason is null when available, self_test null when not run."
      })
  static final class Check implements Callable<Integer> {
    @Option(names = "--dir", required = true, paramLabel = "DIR",
        description = "Directory to check and to run the self-tests in (e.g. a DAX mount or /dev/shm).")
    Path dir;

    @Mixin JsonOption json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PmemCheck.Report report = PmemCheck.run(dir);
      print(report, spec.commandLine().getOut());
      json.write(toJson(report));
      return report.passed() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private static void print(PmemCheck.Report report, PrintWriter out) {
      out.println("pmem check of " + report.directory());
      out.println("  directory:       " + (report.dax().dax() ? "DAX (real pmem)" : "not DAX (emulated pmem)")
          + ": " + report.dax().detail());
      out.println("  CPU cache flush: " + report.cacheFlush());
      out.println("  eADR:            " + report.autoFlush());
      out.println();
      out.printf("  %-10s %-10s %-10s %s%n", "backend", "available", "self-test", "durability, or why not available");
      for (PmemCheck.BackendResult result : report.backends()) {
        String notes = result.available()
            ? (result.mode() == null ? "" : result.mode().description())
            : result.reason();
        String selfTest = result.selfTest() == null ? "-" : result.selfTest();
        out.printf("  %-10s %-10s %-10s %s%n", result.backend().id(), result.available() ? "yes" : "no",
            selfTest.startsWith("failed") ? "FAILED" : selfTest, notes);
        if (selfTest.startsWith("failed")) {
          out.println("             " + selfTest);
        }
      }
      out.println();
      out.println(report.passed() ? "every available backend passed its self-test"
          : "a self-test FAILED: persistence on this machine cannot be trusted with that backend");
      out.flush();
    }

    static Json.Obj toJson(PmemCheck.Report report) {
      Json.Arr backends = Json.array();
      for (PmemCheck.BackendResult result : report.backends()) {
        backends.add(Json.object()
            .put("name", result.backend().id())
            .put("available", result.available())
            .put("reason", result.available() ? null : result.reason())
            .put("self_test", result.selfTest()));
      }
      return Json.object()
          .put("dir", report.directory().toString())
          .put("dax", report.dax().dax())
          .put("backends", backends);
    }
  }
}
