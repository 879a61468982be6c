package io.cairn.bench.runner;

import io.cairn.common.InvalidArgumentException;
import io.cairn.node.api.Json;
import io.cairn.node.api.PmemOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The {@code --heap SIZE|none} option of the benchmarks that measure in a child JVM with a fixed,
 * pre-touched heap ({@link ChildJvm}): {@code bench chain}, {@code bench run}, {@code bench
 * paper}. A picocli mixin; one JVM reads it once.
 */
public final class HeapOption {
  /** The smallest heap accepted. */
  private static final long MIN_HEAP_BYTES = 64L << 20;

  @Option(names = "--heap", paramLabel = "SIZE|none", defaultValue = "2g",
      description = "Heap of the child JVM the run is measured in, fixed and touched at its start so that no phase"
          + " pays for the heap growing or shrinking (default ${DEFAULT-VALUE}); none: measure in this JVM as it was"
          + " started (for profiling: give CAIRN_JAVA_OPTS a fixed heap then).")
  String heap;

  /**
   * When this JVM is to hand the command to a child, runs it there (the same command line, from
   * {@code bench}) and returns its exit status; null when the command is to run here (in the child,
   * or with {@code --heap none}).
   *
   * @param spec the command's spec (its name and the command line as given)
   * @param parentName the command's parent, e.g. {@code bench}
   * @throws ParameterException for a {@code --heap} that is not a size of at least 64m, nor none
   */
  public Integer runInChild(CommandSpec spec, String parentName) {
    long heapBytes = heapBytes(spec);
    if (heapBytes == 0 || ChildJvm.isChild()) {
      return null;
    }
    // The parse result holds the whole command line (from "bench" on, unless this is the root).
    List<String> args = spec.commandLine().getParseResult().originalArgs();
    List<String> command = new ArrayList<>(List.of(parentName, spec.name()));
    command.addAll(spec.parent() == null ? args : args.subList(args.indexOf(spec.name()) + 1, args.size()));
    return ChildJvm.run(heapBytes, command, spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  /** The heap this JVM measures with, for a JSON report's settings. */
  public static Json.Obj describeThisJvm() {
    return Json.object()
        .put("heap_max_bytes", Runtime.getRuntime().maxMemory())
        .put("heap_fixed", ChildJvm.isChild());
  }

  /** The child JVM's heap, or 0 to measure in this JVM. */
  private long heapBytes(CommandSpec spec) {
    if (heap.equalsIgnoreCase("none")) {
      return 0;
    }
    long bytes;
    try {
      bytes = PmemOptions.parseBytes(heap);
    } catch (InvalidArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--heap: " + e.getMessage());
    }
    if (bytes < MIN_HEAP_BYTES) {
      throw new ParameterException(spec.commandLine(), "--heap must be at least 64m, or none");
    }
    return bytes;
  }
}
