package io.cairn.lsm.internal.db;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** One step of the model-based test: an operation on the database and on the TreeMap model. */
sealed interface ModelAction {
  /** A key of a space of {@code keys} keys: versions pile up, some keys share long prefixes. */
  static String randomKey(SplittableRandom random, int keys) {
    int index = random.nextInt(keys);
    return index % 7 == 0 ? "k" + String.format("%03d", index) + "/long-shared-prefix/" + index : "k" + String.format("%03d", index);
  }

  /** A value length: mostly small, sometimes big enough to fill a 64 KiB memtable quickly. */
  static int randomValueLength(SplittableRandom random) {
    int kind = random.nextInt(10);
    return kind < 5 ? random.nextInt(64) : kind < 9 ? random.nextInt(64, 3000) : random.nextInt(3000, 16_000);
  }

  /** The deterministic bytes of a value. */
  static byte[] valueBytes(long seed, int length) {
    byte[] bytes = new byte[length];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) ('a' + random.nextInt(random.nextBoolean() ? 4 : 26));
    }
    return bytes;
  }

  record Put(String key, long valueSeed, int valueLength, boolean sync) implements ModelAction {}

  record Delete(String key, boolean sync) implements ModelAction {}

  /** A batch of puts (value present) and deletes (value null). */
  record Batch(List<Put> puts, List<String> deletes, boolean sync) implements ModelAction {}

  record Get(String key) implements ModelAction {}

  /** Walks an iterator: a start (null = first or last), then a series of moves (true = next). */
  record Walk(String start, boolean fromLast, List<Boolean> moves) implements ModelAction {}

  record TakeSnapshot(int id) implements ModelAction {}

  record ReadSnapshot(int id, String key) implements ModelAction {}

  record ReleaseSnapshot(int id) implements ModelAction {}

  record Reopen() implements ModelAction {}

  /** A power cut: unsynced bytes are lost; only for the in-memory file layer. */
  record Crash() implements ModelAction {}

  record Compact(String begin, String end) implements ModelAction {}

  /** A random sequence of actions. */
  static List<ModelAction> randomSequence(SplittableRandom random, boolean crashes) {
    List<ModelAction> actions = new ArrayList<>();
    int length = random.nextInt(5, random.nextInt(4) == 0 ? 400 : 120);
    int keys = random.nextBoolean() ? random.nextInt(4, 40) : random.nextInt(40, 400);
    int snapshots = 0;
    for (int i = 0; i < length; i++) {
      int roll = random.nextInt(100);
      ModelAction action;
      if (roll < 35) {
        action = new Put(randomKey(random, keys), random.nextLong(), randomValueLength(random), random.nextInt(8) == 0);
      } else if (roll < 45) {
        action = new Delete(randomKey(random, keys), random.nextInt(8) == 0);
      } else if (roll < 52) {
        action = randomBatch(random, keys);
      } else if (roll < 67) {
        action = new Get(randomKey(random, keys));
      } else if (roll < 77) {
        action = randomWalk(random, keys);
      } else if (roll < 81) {
        action = new TakeSnapshot(snapshots++);
      } else if (roll < 86 && snapshots > 0) {
        action = new ReadSnapshot(random.nextInt(snapshots), randomKey(random, keys));
      } else if (roll < 89 && snapshots > 0) {
        action = new ReleaseSnapshot(random.nextInt(snapshots));
      } else if (roll < 93) {
        action = new Reopen();
      } else if (roll < 96 && crashes) {
        action = new Crash();
      } else {
        String a = random.nextBoolean() ? null : randomKey(random, keys);
        String b = random.nextBoolean() ? null : randomKey(random, keys);
        boolean swap = a != null && b != null && a.compareTo(b) > 0;
        action = new Compact(swap ? b : a, swap ? a : b);
      }
      actions.add(action);
    }
    return actions;
  }

  private static Batch randomBatch(SplittableRandom random, int keys) {
    List<Put> puts = new ArrayList<>();
    List<String> deletes = new ArrayList<>();
    int count = random.nextInt(1, 12);
    for (int i = 0; i < count; i++) {
      if (random.nextInt(4) == 0) {
        deletes.add(randomKey(random, keys));
      } else {
        puts.add(new Put(randomKey(random, keys), random.nextLong(), randomValueLength(random), false));
      }
    }
    return new Batch(puts, deletes, random.nextInt(4) == 0);
  }

  private static Walk randomWalk(SplittableRandom random, int keys) {
    List<Boolean> moves = new ArrayList<>();
    int steps = random.nextInt(1, 30);
    boolean bias = random.nextBoolean();
    for (int i = 0; i < steps; i++) {
      moves.add(random.nextInt(4) == 0 ? !bias : bias);
    }
    String start = random.nextInt(3) == 0 ? null : randomKey(random, keys);
    return new Walk(start, random.nextBoolean(), moves);
  }
}
