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
 * buffers ({@link StateTable}s whose marker is {@link CallView#DELETED}), without copying them:
 * the buffers have pairwise disjoint keys, so the view is their union. The buffers must not
 * change afterwards.
 *
 * <p>Thread-safety: read-only once built.
 */
final class Writes extends AbstractMap<StateKey, byte[]> {
  private final List<StateTable> parts;
  private final int size;

  private Writes(List<StateTable> parts) {
    this.parts = parts;
    int total = 0;
    for (StateTable part : parts) {
      total += part.size();
    }
    this.size = total;
  }

  /** The writes of {@code writes} with deletions as {@code null}. */
  static Map<StateKey, byte[]> of(StateTable writes) {
    return new Writes(List.of(writes));
  }

  /** The union of {@code parts}, whose keys are pairwise disjoint (asserted), deletions as {@code null}. */
  static Map<StateKey, byte[]> union(List<StateTable> parts) {
    assert disjoint(parts) : "write buffers overlap";
    return new Writes(List.copyOf(parts));
  }

  private static boolean disjoint(List<StateTable> parts) {
    for (int i = 0; i < parts.size(); i++) {
      StateTable part = parts.get(i);
      for (int slot = 0; slot < part.slotCount(); slot++) {
        StateKey key = part.keyAt(slot);
        for (int j = i + 1; key != null && j < parts.size(); j++) {
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
    if (!(key instanceof StateKey stateKey)) {
      return false;
    }
    for (StateTable part : parts) {
      if (part.containsKey(stateKey)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public byte[] get(Object key) {
    if (!(key instanceof StateKey stateKey)) {
      return null;
    }
    for (StateTable part : parts) {
      byte[] value = part.get(stateKey);
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
          private int slot = -1;

          @Override
          public boolean hasNext() {
            while (part < parts.size()) {
              StateTable table = parts.get(part);
              for (int next = slot + 1; next < table.slotCount(); next++) {
                if (table.keyAt(next) != null) {
                  slot = next - 1;
                  return true;
                }
              }
              part++;
              slot = -1;
            }
            return false;
          }

          @Override
          public Entry<StateKey, byte[]> next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            StateTable table = parts.get(part);
            slot++;
            byte[] value = table.valueAt(slot);
            return new SimpleImmutableEntry<>(table.keyAt(slot), value == CallView.DELETED ? null : value);
          }
        };
      }
    };
  }
}
