package io.cairn.replication.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedCpuWeightTest {
  @TempDir
  Path dir;

  private Path autogroup() throws IOException {
    return Files.writeString(dir.resolve("autogroup"), "untouched");
  }

  @Test
  void aFollowerLowersItsWeightAndALeaderRestoresIt() throws IOException {
    Path file = autogroup();
    SharedCpuWeight weight = new SharedCpuWeight(file, 5, true);
    weight.start();
    try {
      assertTrue(weight.on());
      weight.role(false);
      assertEquals("5", Files.readString(file));
      Files.writeString(file, "sentinel");
      weight.role(false); // no change, no write
      assertEquals("sentinel", Files.readString(file));
      weight.role(true);
      assertEquals("0", Files.readString(file));
      assertEquals(0, weight.written());
      weight.role(false);
      assertEquals("5", Files.readString(file));
    } finally {
      weight.stop();
    }
    assertEquals("0", Files.readString(file)); // a stopped driver leaves the default weight
  }

  @Test
  void offWithoutASessionOfItsOwnOrWithNiceZero() throws IOException {
    Path file = autogroup();
    for (SharedCpuWeight weight : new SharedCpuWeight[] {new SharedCpuWeight(file, 5, false),
        new SharedCpuWeight(file, 0, true), new SharedCpuWeight(dir.resolve("missing"), 5, true)}) {
      weight.start();
      try {
        assertFalse(weight.on());
        weight.role(false);
        assertEquals("untouched", Files.readString(file));
      } finally {
        weight.stop();
      }
    }
    assertThrows(IllegalArgumentException.class, () -> new SharedCpuWeight(file, 20, true));
  }

  @Test
  void membersSharingAProcessLeaveTheWeightAlone() throws IOException {
    Path file = autogroup();
    SharedCpuWeight first = new SharedCpuWeight(file, 5, true);
    SharedCpuWeight second = new SharedCpuWeight(file, 5, true);
    first.start();
    first.role(false);
    assertEquals("5", Files.readString(file));
    second.start(); // a second member in this process: back to the default while both run
    try {
      first.role(false);
      assertEquals("0", Files.readString(file));
      second.role(false);
      assertEquals("0", Files.readString(file));
    } finally {
      second.stop();
    }
    first.role(false);
    assertEquals("5", Files.readString(file));
    first.stop();
    assertEquals("0", Files.readString(file));
  }

  @Test
  void aRefusedWriteIsRetriedLaterAndNeverThrows() throws IOException, InterruptedException {
    Path notAFile = Files.createDirectory(dir.resolve("autogroup-dir")); // writable, but a write fails
    SharedCpuWeight weight = new SharedCpuWeight(notAFile, 5, true);
    weight.start();
    try {
      weight.role(false);
      assertEquals(-1, weight.written());
    } finally {
      weight.stop();
    }
  }

  @Test
  void theSessionIsTheSixthFieldOfStat() {
    assertTrue(SharedCpuWeight.sessionLeader("4242 (java) S 1 4242 4242 0 -1 4194560 12 0", 4242));
    assertFalse(SharedCpuWeight.sessionLeader("4243 (java) S 4242 4242 4242 0 -1 4194560 12 0", 4243));
    // a command name with spaces and parentheses
    assertTrue(SharedCpuWeight.sessionLeader("77 (a b) (c)) R 1 77 77 0 -1", 77));
    assertFalse(SharedCpuWeight.sessionLeader("77 (a b) (c)) R 1 77 76 0 -1", 77));
  }
}
