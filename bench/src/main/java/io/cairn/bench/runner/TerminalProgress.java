package io.cairn.bench.runner;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress as a bar redrawn in place (me.tongfei progressbar), one bar per task, with speed and
 * time left. The bar redraws four times a second on its own thread: a cost every engine pays
 * alike.
 */
final class TerminalProgress implements Progress {
  private final PrintWriter notes;
  private ProgressBar bar;

  TerminalProgress(PrintWriter notes) {
    this.notes = notes;
  }

  @Override
  public void start(String task, long total) {
    finish();
    bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
        .setUpdateIntervalMillis(250)
        .setUnit(" ops", 1)
        .showSpeed()
        .build();
  }

  @Override
  public void advance(long steps) {
    if (bar != null) {
      bar.stepBy(steps);
    }
  }

  @Override
  public void finish() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  @Override
  public void note(String line) {
    notes.println(line);
    notes.flush();
  }
}
