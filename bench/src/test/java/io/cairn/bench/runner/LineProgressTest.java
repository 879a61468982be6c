package io.cairn.bench.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class LineProgressTest {
  @Test
  void aTaskPrintsAtMostFiveLines() {
    StringWriter out = new StringWriter();
    Progress progress = new LineProgress(new PrintWriter(out));
    progress.start("rocksdb 4096 B write", 1000);
    for (int i = 0; i < 1000; i++) {
      progress.advance(1);
    }
    progress.finish();
    assertThat(out.toString().lines()).containsExactly(
        "rocksdb 4096 B write: started (1000 ops)",
        "rocksdb 4096 B write: 25% (250/1000)",
        "rocksdb 4096 B write: 50% (500/1000)",
        "rocksdb 4096 B write: 75% (750/1000)",
        out.toString().lines().toList().getLast());
    assertThat(out.toString().lines().toList().getLast()).startsWith("rocksdb 4096 B write: done in ");
  }
}
