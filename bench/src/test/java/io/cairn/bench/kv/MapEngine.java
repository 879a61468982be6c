package io.cairn.bench.kv;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.UnaryOperator;

/**
 * An in-memory engine for tests of the runner: a sorted map, optionally with a fault (an error at
 * open, or answers changed on the way out).
 */
public final class MapEngine implements Engine {
  private final String name;
  private final RuntimeException openFailure;
  private final UnaryOperator<byte[]> answers;

  private MapEngine(String name, RuntimeException openFailure, UnaryOperator<byte[]> answers) {
    this.name = name;
    this.openFailure = openFailure;
    this.answers = answers;
  }

  /** A correct engine. */
  public static MapEngine healthy(String name) {
    return new MapEngine(name, null, UnaryOperator.identity());
  }

  /** An engine that throws {@code failure} at open. */
  public static MapEngine failingAtOpen(String name, RuntimeException failure) {
    return new MapEngine(name, failure, UnaryOperator.identity());
  }

  /** An engine whose reads of values longer than 8 bytes come back with one byte flipped. */
  public static MapEngine corruptingLargeValues(String name) {
    return new MapEngine(name, null, value -> {
      if (value == null || value.length <= 8) {
        return value;
      }
      byte[] copy = value.clone();
      copy[0] ^= 1;
      return copy;
    });
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return "test engine " + name;
  }

  @Override
  public List<String> deviations(StoreSettings settings) {
    return List.of();
  }

  @Override
  public KvStore open(Path directory, StoreSettings settings) {
    if (openFailure != null) {
      throw openFailure;
    }
    return new Store(answers);
  }

  private static final class Store implements KvStore {
    private final NavigableMap<byte[], byte[]> map = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);
    private final UnaryOperator<byte[]> answers;

    Store(UnaryOperator<byte[]> answers) {
      this.answers = answers;
    }

    @Override
    public void put(byte[] key, byte[] value) {
      map.put(key.clone(), value.clone());
    }

    @Override
    public byte[] get(byte[] key) {
      return answers.apply(map.get(key));
    }

    @Override
    public KvCursor cursor() {
      return new KvCursor() {
        private Map.Entry<byte[], byte[]> current;

        @Override public void seekToFirst() { current = map.firstEntry(); }
        @Override public void seek(byte[] target) { current = map.ceilingEntry(target); }
        @Override public boolean isValid() { return current != null; }
        @Override public void next() { current = map.higherEntry(current.getKey()); }
        @Override public byte[] key() { return current.getKey().clone(); }
        @Override public byte[] value() { return answers.apply(current.getValue()); }
        @Override public void close() { current = null; }
      };
    }

    @Override
    public StoreStats stats() {
      return new StoreStats(0L, 0.0, 1.0);
    }

    @Override
    public void close() {
      map.clear();
    }
  }
}
