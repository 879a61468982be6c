package io.cairn.lsm.internal.version;

import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.lsm.internal.key.InternalKeyComparator;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Accumulates the edits of a MANIFEST during recovery: the table set and the latest value of
 * every counter. Not thread-safe.
 */
final class ManifestReplay {
  private final InternalKeyComparator comparator;
  private final Path manifest;
  private final VersionBuilder builder;
  private final byte[][] compactPointers;
  private Long logNumber;
  private Long nextFileNumber;
  private Long lastSequence;
  private int edits;

  ManifestReplay(InternalKeyComparator comparator, int levels, Path manifest) {
    this.comparator = comparator;
    this.manifest = manifest;
    this.builder = new VersionBuilder(comparator, null, levels, manifest.toString());
    this.compactPointers = new byte[levels][];
  }

  void apply(VersionEdit edit) {
    edits++;
    if (edit.comparatorName() != null && !edit.comparatorName().equals(comparator.userOrder().name())) {
      throw new InvalidArgumentException("the database in " + manifest.getParent() + " was created with comparator '"
          + edit.comparatorName() + "', not '" + comparator.userOrder().name() + "'");
    }
    builder.apply(edit);
    if (edit.logNumber() != null) {
      logNumber = edit.logNumber();
    }
    if (edit.nextFileNumber() != null) {
      nextFileNumber = edit.nextFileNumber();
    }
    if (edit.lastSequence() != null) {
      lastSequence = edit.lastSequence();
    }
    for (VersionEdit.CompactPointer pointer : edit.compactPointers()) {
      if (pointer.level() < compactPointers.length) {
        compactPointers[pointer.level()] = pointer.key();
      }
    }
  }

  /** Checks that the MANIFEST named every counter at least once. */
  void checkComplete() {
    String missing = edits == 0 ? "any version edit"
        : nextFileNumber == null ? "the next file number"
        : logNumber == null ? "the log number"
        : lastSequence == null ? "the last sequence number"
        : null;
    if (missing != null) {
      throw new CorruptionException("corruption in " + manifest + ": the MANIFEST lacks " + missing);
    }
  }

  Version build(Consumer<FileMetaData> obsoleteSink, LiveContainers containers) {
    return builder.build(obsoleteSink, containers);
  }

  long logNumber() {
    return logNumber;
  }

  long nextFileNumber() {
    return nextFileNumber;
  }

  long lastSequence() {
    return lastSequence;
  }

  byte[] compactPointer(int level) {
    return compactPointers[level];
  }
}
