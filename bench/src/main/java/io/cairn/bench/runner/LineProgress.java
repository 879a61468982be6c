package io.cairn.bench.runner;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress as plain lines, for logs: a line when a task starts, at every quarter and when it
 * ends (with its duration), never more than five lines per task.
 */
final class LineProgress implements Progress {
  private final PrintWriter out;
  private String task;
  private long total;
  private long done;
  private int quartersShown;
  private long startNanos;

  LineProgress(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void start(String task, long total) {
    finish();
    this.task = task;
    this.total = Math.max(1, total);
    this.done = 0;
    this.quartersShown = 0;
    this.startNanos = System.nanoTime();
    out.println(task + ": started (" + total + " ops)");
    out.flush();
  }

  @Override
  public void advance(long steps) {
    if (task == null) {
      return;
    }
    done += steps;
    int quarters = (int) Math.min(3, done * 4 / total);
    if (quarters > quartersShown && done < total) {
      quartersShown = quarters;
      out.println(task + ": " + quarters * 25 + "% (" + done + "/" + total + ")");
      out.flush();
    }
  }

  @Override
  public void finish() {
    if (task == null) {
      return;
    }
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    out.println(task + ": done in " + String.format(Locale.ROOT, "%.1f", seconds) + " s");
    out.flush();
    task = null;
  }

  @Override
  public void note(String line) {
    out.println(line);
    out.flush();
  }
}
