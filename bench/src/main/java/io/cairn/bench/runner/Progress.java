package io.cairn.bench.runner;

import java.io.PrintWriter;

/**
 * Tells the user how far a run is: a progress bar on a terminal, plain lines otherwise (a log
 * file, CI). Progress goes to the error stream so that the results table on standard output
 * stays clean.
 *
 * <p>Thread-safety: one thread drives a run; the terminal bar redraws itself on its own thread.
 */
public interface Progress {
  /** Starts a task of {@code total} steps, ending the previous one. */
  void start(String task, long total);

  /** Advances the current task by {@code steps}. */
  void advance(long steps);

  /** Ends the current task. */
  void finish();

  /** A free line of information (an engine skipped, a directory removed). */
  void note(String line);

  /**
   * The progress for this process: a bar when standard error is a terminal, else lines written
   * to {@code err}.
   */
  static Progress forConsole(PrintWriter err) {
    java.io.Console console = System.console();
    return console != null && console.isTerminal() ? new TerminalProgress(err) : new LineProgress(err);
  }

  /** Says nothing at all. */
  static Progress silent() {
    return new Progress() {
      @Override public void start(String task, long total) { }
      @Override public void advance(long steps) { }
      @Override public void finish() { }
      @Override public void note(String line) { }
    };
  }
}
