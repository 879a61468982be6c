package io.cairn.chain.contract.exec;

import io.cairn.chain.contract.StateKey;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A block's net writes as a result's map ({@code null} for a deletion) over an executor's write
 * buffers ({@link CallView#DELETED} for a deletion), without copying them: the buffers have
 * pairwise disjoint keys, so the view is their union. The buffers must not change afterwards.
 *
 * <p>Thread-safety: read-only once built.
 */
final class Writes extends AbstractMap<StateKey, byte[]> {
  private final List<Map<StateKey, byte[]>> parts;
  private final int size;

  private Writes(List<Map<StateKey, byte[]>> parts) {
    this.parts = parts;
    int total = 0;
    for (Map<StateKey, byte[]> part : parts) {
      total += part.size();
    }
    this.size = total;
  }

  /** The writes of {@code writes} with deletions as {@code null}. */
  static Map<StateKey, byte[]> of(Map<StateKey, byte[]> writes) {
    return new Writes(List.of(writes));
  }

  /** The union of {@code parts}, whose keys are pairwise disjoint (asserted), deletions as {@code null}. */
  static Map<StateKey, byte[]> union(List<Map<StateKey, byte[]>> parts) {
    assert disjoint(parts) : "write buffers overlap";
    return new Writes(List.copyOf(parts));
  }

  private static boolean disjoint(List<Map<StateKey, byte[]>> parts) {
    for (int i = 0; i < parts.size(); i++) {
      for (int j = i + 1; j < parts.size(); j++) {
        for (StateKey key : parts.get(i).keySet()) {
          if (parts.get(j).containsKey(key)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean containsKey(Object key) {
    for (Map<StateKey, byte[]> part : parts) {
      if (part.containsKey(key)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public byte[] get(Object key) {
    for (Map<StateKey, byte[]> part : parts) {
      byte[] value = part.get(key);
      if (value != null) {
        return value == CallView.DELETED ? null : value;
      }
    }
    return null;
  }

  @Override
  public Set<Entry<StateKey, byte[]>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public Iterator<Entry<StateKey, byte[]>> iterator() {
        return new Iterator<>() {
          private int part;
          private Iterator<Entry<StateKey, byte[]>> current = parts.isEmpty() ? null : parts.get(0).entrySet().iterator();

          @Override
          public boolean hasNext() {
            while (current != null && !current.hasNext()) {
              current = ++part < parts.size() ? parts.get(part).entrySet().iterator() : null;
            }
            return current != null;
          }

          @Override
          public Entry<StateKey, byte[]> next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            Entry<StateKey, byte[]> entry = current.next();
            byte[] value = entry.getValue();
            return new SimpleImmutableEntry<>(entry.getKey(), value == CallView.DELETED ? null : value);
          }
        };
      }
    };
  }
}
