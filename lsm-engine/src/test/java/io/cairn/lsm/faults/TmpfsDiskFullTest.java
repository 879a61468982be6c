package io.cairn.lsm.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cairn.common.CairnIoException;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real "No space left on device" from a tiny tmpfs (only where this process may mount one, as
 * root on Linux; skipped elsewhere, where {@code DiskFullTest} covers the same through the
 * fault-injecting file layer): the write that hits the full disk fails, the database stays
 * readable, writes resume once space is freed, and a reopen finds every acknowledged write.
 */
class TmpfsDiskFullTest {
  @TempDir Path temporary;
  private Path mountPoint;

  @Test
  void fullTmpfsFailsTheWriteAndKeepsTheDatabaseConsistent() throws Exception {
    mountPoint = temporary.resolve("tmpfs");
    Files.createDirectories(mountPoint);
    assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mountPoint.toString()),
        "cannot mount a tmpfs here (not root, or not Linux)");
    Path filler = mountPoint.resolve("filler");
    Files.write(filler, new byte[1200 << 10]);
    Path directory = mountPoint.resolve("db");
    Options options = Options.builder().writeBufferBytes(64 << 10).targetFileBytes(64 << 10).build();
    List<Integer> acknowledged = new ArrayList<>();
    CairnIoException full = null;
    try (Db db = Cairn.open(directory, options)) {
      for (int i = 0; i < 100_000 && full == null; i++) {
        try {
          db.put(key(i), value(i));
          acknowledged.add(i);
        } catch (CairnIoException e) {
          full = e;
        }
      }
      assertThat(full).as("the tmpfs filled up").isNotNull();
      assertThat(full).hasMessageContaining("No space left on device");
      for (int i : acknowledged) {
        assertThat(db.get(key(i))).as("key %d while full", i).isEqualTo(value(i));
      }
      Files.delete(filler);
      for (int i = 200_000; i < 200_300; i++) {
        db.put(key(i), value(i));
        acknowledged.add(i);
      }
    }
    try (Db db = Cairn.open(directory, options)) {
      for (int i : acknowledged) {
        assertThat(db.get(key(i))).as("key %d after reopen", i).isEqualTo(value(i));
      }
    }
  }

  @AfterEach
  void unmount() throws Exception {
    if (mountPoint != null && Files.exists(mountPoint)) {
      run("umount", mountPoint.toString());
    }
  }

  private static boolean run(String... command) throws InterruptedException {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static byte[] key(int i) {
    return String.format("key%08d", i).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] value(int i) {
    return ("value-" + i + "-" + "q".repeat(900)).getBytes(StandardCharsets.UTF_8);
  }
}
