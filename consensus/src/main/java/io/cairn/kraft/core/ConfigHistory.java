package io.cairn.kraft.core;

import io.cairn.kraft.api.Configuration;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration entries of the log, so that the configuration in effect is always the latest
 * one in the log (thesis §4.1: it applies from the moment it is appended) and reverts to the
 * previous one when a conflicting suffix holding it is truncated. The base is the configuration
 * recorded in the snapshot.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class ConfigHistory {
  private record Change(long index, Configuration configuration) {}

  private long baseIndex;
  private Configuration base;
  private final List<Change> changes = new ArrayList<>();

  ConfigHistory(long baseIndex, Configuration base) {
    this.baseIndex = baseIndex;
    this.base = base;
  }

  /** The configuration in effect: the latest entry's, else the base. */
  Configuration latest() {
    return changes.isEmpty() ? base : changes.getLast().configuration();
  }

  /** Index of the latest configuration entry, or the base's index. */
  long latestIndex() {
    return changes.isEmpty() ? baseIndex : changes.getLast().index();
  }

  /** A configuration entry at {@code index} was appended (indexes ascend). */
  void add(long index, Configuration configuration) {
    if (index <= baseIndex) {
      return;
    }
    truncateFrom(index);
    changes.add(new Change(index, configuration));
  }

  /** Entries from {@code index} on were replaced: forget their configurations. Returns true when the latest changed. */
  boolean truncateFrom(long index) {
    boolean changed = false;
    while (!changes.isEmpty() && changes.getLast().index() >= index) {
      changes.removeLast();
      changed = true;
    }
    return changed;
  }

  /** A snapshot replaced the log: its configuration becomes the base and later entries are gone. */
  void reset(long index, Configuration configuration) {
    changes.clear();
    baseIndex = index;
    base = configuration;
  }

  /** Configuration in effect at {@code index} (the latest entry at or before it, else the base). */
  Configuration at(long index) {
    for (int i = changes.size() - 1; i >= 0; i--) {
      if (changes.get(i).index() <= index) {
        return changes.get(i).configuration();
      }
    }
    return base;
  }
}
