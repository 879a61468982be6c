package io.cairn.bench.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.replication.api.NodeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunTraceTest {
  @Test
  void nodeProcessesGetTheTraceAndGcLogOptionsUntilClosed(@TempDir Path dir) {
    System.setProperty(RunTrace.NODE_JAVA_OPTS, "-Xmx512m");
    try {
      Path folder = dir.resolve("cairn-kraft-binary-3");
      try (RunTrace ignored = RunTrace.start(folder, false)) {
        String options = System.getProperty(RunTrace.NODE_JAVA_OPTS);
        assertTrue(options.startsWith("-Xmx512m -D" + NodeOptions.STAGE_TRACE_PROPERTY + "=" + folder.toAbsolutePath()),
            options);
        assertTrue(options.contains(" -Xlog:gc*:file=" + folder.toAbsolutePath().resolve("gc-%p.log")), options);
        assertTrue(Files.isDirectory(folder));
      }
      assertEquals("-Xmx512m", System.getProperty(RunTrace.NODE_JAVA_OPTS));
      assertNull(System.getProperty(NodeOptions.STAGE_TRACE_PROPERTY));
    } finally {
      System.clearProperty(RunTrace.NODE_JAVA_OPTS);
    }
  }

  @Test
  void membersInThisJvmReadTheTracePropertyItself(@TempDir Path dir) {
    try (RunTrace ignored = RunTrace.start(dir, true)) {
      assertEquals(dir.toAbsolutePath().toString(), System.getProperty(NodeOptions.STAGE_TRACE_PROPERTY));
      assertNull(System.getProperty(RunTrace.NODE_JAVA_OPTS));
    }
    assertNull(System.getProperty(NodeOptions.STAGE_TRACE_PROPERTY));
  }

  @Test
  void withoutAFolderNothingChanges() {
    try (RunTrace ignored = RunTrace.start(null, false)) {
      assertNull(System.getProperty(RunTrace.NODE_JAVA_OPTS));
      assertNull(System.getProperty(NodeOptions.STAGE_TRACE_PROPERTY));
    }
  }
}
