package io.cairn.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.node.process.AotCache;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer's decisions that need no cluster: nothing happens when the cache is off (tests run
 * without {@code cairn.node.aotDir}); a rebuilt cache replaces the stale ones and their failure
 * markers. The training itself is measured by hand (docs/node.md, "The AOT cache by default"):
 * it takes a minute of two cores.
 */
class AotTrainerTest {
  @TempDir Path dir;

  @Test
  void offMeansNoTrainingAndNoOutput() {
    String saved = System.getProperty(AotCache.DIR_PROPERTY);
    System.clearProperty(AotCache.DIR_PROPERTY);
    try {
      StringWriter err = new StringWriter();
      if (System.getenv(AotCache.DIR_ENV) == null || System.getenv(AotCache.DIR_ENV).strip().equals("off")) {
        assertNull(AotTrainer.ensure(new PrintWriter(err, true), 3));
        assertEquals("", err.toString());
      }
    } finally {
      if (saved != null) {
        System.setProperty(AotCache.DIR_PROPERTY, saved);
      }
    }
  }

  @Test
  void aRebuiltCacheReplacesTheStaleOnesAndTheirMarkers() throws IOException {
    Path keep = Files.createFile(AotCache.file(dir, "aaaaaaaaaaaaaaaa"));
    Path old = Files.createFile(AotCache.file(dir, "bbbbbbbbbbbbbbbb"));
    Path marker = Files.writeString(AotCache.failedFile(dir, "cccccccccccccccc"), "why\n");
    Path lock = Files.createFile(dir.resolve("train.lock"));
    AotTrainer.deleteOthers(dir, keep);
    assertTrue(Files.exists(keep));
    assertFalse(Files.exists(old));
    assertFalse(Files.exists(marker));
    assertTrue(Files.exists(lock));
    assertEquals(List.of(keep), AotCache.caches(dir));
  }

  @Test
  void aRebuiltNodeCacheLeavesOtherProgramsCachesAndMarkers() throws IOException {
    Path keep = Files.createFile(AotCache.file(dir, "aaaaaaaaaaaaaaaa"));
    Path ratis = Files.createFile(AotCache.file(dir, "ratis", "bbbbbbbbbbbbbbbb"));
    Path ratisMarker = Files.writeString(AotCache.failedFile(dir, "ratis", "cccccccccccccccc"), "why\n");
    AotTrainer.deleteOthers(dir, keep);
    assertTrue(Files.exists(keep));
    assertTrue(Files.exists(ratis));
    assertTrue(Files.exists(ratisMarker));
    assertEquals(List.of(ratis), AotCache.caches(dir, "ratis"));
  }
}
