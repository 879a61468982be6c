package io.cairn.bench.report;

import io.cairn.node.api.Json;

/**
 * An engine, or one run of it, that produced no figures, and why: {@code skipped} when the engine
 * could not open at all (not built yet, no native library for this platform), {@code failed}
 * when it broke during a run (an error, a wrong answer).
 *
 * @param engine the engine's name
 * @param what "all runs" for a skipped engine, else the run, e.g. "paper 4096 B"
 * @param reason the error message, one line
 */
public record EngineOutcome(String engine, String what, String reason) {
  /** The element of the JSON report's {@code skipped} or {@code failed} array. */
  public Json.Obj toJson() {
    return Json.object().put("engine", engine).put("run", what).put("reason", reason);
  }

  /**
   * The one-line message of a throwable and its causes, each cause only when it adds words the
   * message does not already hold; a throwable without a message shows its class name.
   */
  public static String describe(Throwable error) {
    StringBuilder text = new StringBuilder();
    int depth = 0;
    for (Throwable t = error; t != null && depth < 5; t = t.getCause(), depth++) {
      String message = t.getMessage();
      String part = message == null || message.isBlank() ? t.getClass().getSimpleName() : message.strip();
      if (text.isEmpty()) {
        text.append(part);
      } else if (!text.toString().contains(part)) {
        text.append(" (caused by ").append(part).append(')');
      }
    }
    return text.toString().replace('\n', ' ');
  }
}
