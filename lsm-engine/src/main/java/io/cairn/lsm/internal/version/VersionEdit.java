package io.cairn.lsm.internal.version;

import io.cairn.common.CorruptionException;
import io.cairn.common.Varints;
import io.cairn.lsm.internal.table.TableKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A change to the set of live tables plus the counters that go with it: one MANIFEST record
 * ({@link ManifestFormat}). A flush adds an L0 table and advances the log number; a compaction
 * deletes its inputs and adds its outputs; recovery replays edits in order.
 *
 * <p>Thread-safety: not thread-safe; built by one thread, then handed to the version set.
 */
public final class VersionEdit {
  /** A table added at a level. */
  public record NewFile(int level, FileMetaData file) {}

  /** A table removed from a level. */
  public record DeletedFile(int level, long number) {}

  /** An L0 file whose entries up to and including {@code userKey} moved to L1. */
  public record CompactedThrough(long number, byte[] userKey) {}

  /** Where the next size compaction of a level starts. */
  public record CompactPointer(int level, byte[] key) {}

  private String comparatorName;
  private Long logNumber;
  private Long nextFileNumber;
  private Long lastSequence;
  private final List<CompactPointer> compactPointers = new ArrayList<>();
  private final Set<DeletedFile> deletedFiles = new LinkedHashSet<>();
  private final List<NewFile> newFiles = new ArrayList<>();
  private final List<CompactedThrough> compactedThrough = new ArrayList<>();

  public VersionEdit setComparatorName(String name) { comparatorName = name; return this; }
  public VersionEdit setLogNumber(long number) { logNumber = number; return this; }
  public VersionEdit setNextFileNumber(long number) { nextFileNumber = number; return this; }
  public VersionEdit setLastSequence(long sequence) { lastSequence = sequence; return this; }

  /** Records that the next compaction of {@code level} starts after {@code key}. */
  public VersionEdit setCompactPointer(int level, byte[] key) {
    compactPointers.add(new CompactPointer(level, key));
    return this;
  }

  /** Removes table {@code number} from {@code level}. */
  public VersionEdit deleteFile(int level, long number) {
    deletedFiles.add(new DeletedFile(level, number));
    return this;
  }

  /** Adds {@code file} at {@code level}. */
  public VersionEdit addFile(int level, FileMetaData file) {
    newFiles.add(new NewFile(level, file));
    return this;
  }

  /**
   * Records that every entry of L0 file {@code number} with a user key at most {@code userKey}
   * now lives in L1 (a key-range slice compaction); applied after the edit's deletions and
   * additions.
   */
  public VersionEdit setCompactedThrough(long number, byte[] userKey) {
    compactedThrough.add(new CompactedThrough(number, userKey));
    return this;
  }

  public String comparatorName() { return comparatorName; }
  public Long logNumber() { return logNumber; }
  public Long nextFileNumber() { return nextFileNumber; }
  public Long lastSequence() { return lastSequence; }
  public List<CompactPointer> compactPointers() { return compactPointers; }
  public Set<DeletedFile> deletedFiles() { return deletedFiles; }
  public List<NewFile> newFiles() { return newFiles; }
  public List<CompactedThrough> compactedThrough() { return compactedThrough; }

  /** The canonical encoding: fields in tag order, lists in insertion order. */
  public byte[] encode() {
    Encoder out = new Encoder();
    if (comparatorName != null) {
      out.varint(ManifestFormat.TAG_COMPARATOR).slice(comparatorName.getBytes(StandardCharsets.UTF_8));
    }
    if (logNumber != null) {
      out.varint(ManifestFormat.TAG_LOG_NUMBER).varint(logNumber);
    }
    if (nextFileNumber != null) {
      out.varint(ManifestFormat.TAG_NEXT_FILE_NUMBER).varint(nextFileNumber);
    }
    if (lastSequence != null) {
      out.varint(ManifestFormat.TAG_LAST_SEQUENCE).varint(lastSequence);
    }
    for (CompactPointer pointer : compactPointers) {
      out.varint(ManifestFormat.TAG_COMPACT_POINTER).varint(pointer.level()).slice(pointer.key());
    }
    for (DeletedFile deleted : deletedFiles) {
      out.varint(ManifestFormat.TAG_DELETED_FILE).varint(deleted.level()).varint(deleted.number());
    }
    for (NewFile added : newFiles) {
      FileMetaData file = added.file();
      out.varint(ManifestFormat.TAG_NEW_FILE).varint(added.level()).varint(file.number()).varint(file.fileBytes())
          .varint(file.kind().code()).slice(file.smallest()).slice(file.largest()).slice(file.auxiliary());
    }
    for (CompactedThrough watermark : compactedThrough) {
      out.varint(ManifestFormat.TAG_L0_COMPACTED_THROUGH).varint(watermark.number()).slice(watermark.userKey());
    }
    for (NewFile added : newFiles) {
      if (!added.file().containerRefs().isEmpty()) {
        out.varint(ManifestFormat.TAG_CONTAINER_REFS).varint(added.file().number())
            .slice(added.file().containerRefs().encode());
      }
    }
    return out.toArray();
  }

  /**
   * Decodes an edit.
   *
   * @param where the MANIFEST and record offset, for messages
   * @throws CorruptionException naming {@code where} for any malformed or unknown field
   */
  public static VersionEdit decode(byte[] bytes, String where) {
    Decoder in = new Decoder(bytes, where);
    VersionEdit edit = new VersionEdit();
    while (!in.atEnd()) {
      long tag = in.varint();
      switch ((int) Math.min(tag, Integer.MAX_VALUE)) {
        case ManifestFormat.TAG_COMPARATOR -> edit.comparatorName = new String(in.slice(), StandardCharsets.UTF_8);
        case ManifestFormat.TAG_LOG_NUMBER -> edit.logNumber = in.varint();
        case ManifestFormat.TAG_NEXT_FILE_NUMBER -> edit.nextFileNumber = in.varint();
        case ManifestFormat.TAG_LAST_SEQUENCE -> edit.lastSequence = in.varint();
        case ManifestFormat.TAG_COMPACT_POINTER -> edit.setCompactPointer(in.level(), in.internalKey());
        case ManifestFormat.TAG_DELETED_FILE -> edit.deleteFile(in.level(), in.varint());
        case ManifestFormat.TAG_NEW_FILE -> {
          int level = in.level();
          long number = in.varint();
          long fileBytes = in.varint();
          TableKind kind = TableKind.fromCode(in.varint());
          if (kind == null) {
            throw in.corruption("unknown table kind");
          }
          edit.addFile(level, new FileMetaData(number, fileBytes, in.internalKey(), in.internalKey(), kind, in.slice()));
        }
        case ManifestFormat.TAG_L0_COMPACTED_THROUGH -> edit.setCompactedThrough(in.varint(), in.slice());
        case ManifestFormat.TAG_CONTAINER_REFS -> edit.setContainerRefs(in.varint(), in.slice(), in);
        default -> throw in.corruption("unknown version edit tag " + tag);
      }
    }
    return edit;
  }

  /** Tag 9: attaches {@code encoded} container references to the file this edit added as {@code number}. */
  private void setContainerRefs(long number, byte[] encoded, Decoder in) {
    for (int i = 0; i < newFiles.size(); i++) {
      NewFile added = newFiles.get(i);
      if (added.file().number() == number) {
        if (!added.file().containerRefs().isEmpty()) {
          throw in.corruption("container references of file " + number + " given twice");
        }
        ContainerRefs refs = ContainerRefs.decode(encoded, in.where);
        if (refs.isEmpty()) {
          throw in.corruption("container references on a table that cannot hold them (file " + number + ")");
        }
        newFiles.set(i, new NewFile(added.level(), added.file().withContainerRefs(refs)));
        return;
      }
    }
    throw in.corruption("container references of file " + number + ", which the edit does not add");
  }

  @Override
  public String toString() {
    return "VersionEdit{comparator=" + comparatorName + ", log=" + logNumber + ", nextFile=" + nextFileNumber
        + ", lastSequence=" + lastSequence + ", deleted=" + deletedFiles + ", added=" + newFiles + ", compactedThrough="
        + compactedThrough.stream().map(CompactedThrough::number).toList() + "}";
  }

  private static final class Encoder {
    private byte[] bytes = new byte[64];
    private int length;

    Encoder varint(long value) {
      ensure(Varints.MAX_VARINT64_BYTES);
      length = Varints.putVarint64(bytes, length, value);
      return this;
    }

    Encoder slice(byte[] slice) {
      varint(slice.length);
      ensure(slice.length);
      System.arraycopy(slice, 0, bytes, length, slice.length);
      length += slice.length;
      return this;
    }

    byte[] toArray() {
      return Arrays.copyOf(bytes, length);
    }

    private void ensure(int extra) {
      if (length + extra > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
      }
    }
  }

  private static final class Decoder {
    private final byte[] bytes;
    private final String where;
    private int position;

    Decoder(byte[] bytes, String where) {
      this.bytes = bytes;
      this.where = where;
    }

    boolean atEnd() {
      return position >= bytes.length;
    }

    long varint() {
      try {
        long value = Varints.getVarint64(bytes, position, bytes.length);
        position = Varints.endOfVarint(bytes, position, bytes.length);
        return value;
      } catch (CorruptionException e) {
        throw corruption("malformed varint (" + e.getMessage() + ")");
      }
    }

    int level() {
      long level = varint();
      if (level < 0 || level >= ManifestFormat.LEVELS_MAX) {
        throw corruption("level " + level + " out of range");
      }
      return (int) level;
    }

    byte[] slice() {
      long length = varint();
      if (length < 0 || length > bytes.length - position) {
        throw corruption("field length " + length + " runs past the record");
      }
      byte[] slice = Arrays.copyOfRange(bytes, position, position + (int) length);
      position += (int) length;
      return slice;
    }

    byte[] internalKey() {
      byte[] key = slice();
      if (key.length < io.cairn.lsm.internal.key.InternalKeyFormat.TAG_BYTES) {
        throw corruption("internal key of " + key.length + " bytes is shorter than its tag");
      }
      return key;
    }

    CorruptionException corruption(String what) {
      return new CorruptionException("corruption in " + where + ": version edit " + what + " at byte " + position);
    }
  }
}
