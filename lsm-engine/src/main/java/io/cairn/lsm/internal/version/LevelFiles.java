package io.cairn.lsm.internal.version;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The files of one level of a {@link Version}: an immutable list that is one class whatever its
 * length. {@code List.copyOf} gives one class for none or three and more elements and another for
 * one or two, so a level's list changed class as flushes and compactions filled and emptied it,
 * and every call the read path makes on it ({@link Version#get}'s {@code size}/{@code get},
 * {@link Version#findFile}) saw a second receiver class long after the JIT had compiled it for
 * one: an uncommon trap ({@code class_check}) and a recompilation of the method it was inlined
 * into, among them the ledger's whole apply of a run of blocks (docs/replication.md, "The JIT in
 * the measured window (session 16)").
 *
 * <p>Thread-safety: immutable.
 */
final class LevelFiles extends AbstractList<FileMetaData> implements RandomAccess {
  private final FileMetaData[] files;

  private LevelFiles(FileMetaData[] files) {
    this.files = files;
  }

  /** The files of {@code level}, in its order, copied (nulls refused as {@code List.copyOf} does). */
  static LevelFiles of(List<FileMetaData> level) {
    if (level instanceof LevelFiles same) {
      return same;
    }
    FileMetaData[] files = level.toArray(new FileMetaData[0]);
    for (FileMetaData file : files) {
      if (file == null) {
        throw new NullPointerException("a level holds no null file");
      }
    }
    return new LevelFiles(files);
  }

  @Override
  public FileMetaData get(int index) {
    return files[index];
  }

  @Override
  public int size() {
    return files.length;
  }
}
