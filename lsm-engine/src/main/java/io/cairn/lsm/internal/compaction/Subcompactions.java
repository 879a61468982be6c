package io.cairn.lsm.internal.compaction;

import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.version.FileMetaData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a large L0 to L1 compaction is split into key-range pieces that run in parallel
 * (RocksDB's subcompactions). The pieces are {@code (null, b1], (b1, b2], ..., (bk, null)}
 * (user keys; null is open): together they cover every key once, and each piece writes its own
 * output tables, which therefore never share a user key with another piece's.
 *
 * <p>The boundaries are the largest user keys of the L1 inputs (every L1 input but the last),
 * picked evenly: L1 files are about the target size, so the pieces get about equal shares of
 * L1, and L0 files, which each span most of the key range, are split alike. A compaction with
 * fewer than two L1 inputs is not split.
 *
 * <p>Thread-safety: stateless.
 */
public final class Subcompactions {
  private Subcompactions() {}

  /** A piece's range: user keys above {@code after} (null: from the start) through {@code through} (null: to the end). */
  public record Range(byte[] after, byte[] through) {
    /** The whole key range: one piece. */
    public static final Range ALL = new Range(null, null);
  }

  /** The ranges {@code compaction} runs as, at most {@code maxPieces} of them. */
  public static List<Range> split(Compaction compaction, int maxPieces) {
    List<FileMetaData> nextLevel = compaction.inputs(1);
    if (maxPieces <= 1 || compaction.level() != 0 || compaction.isTrivialMove() || nextLevel.size() < 2) {
      return List.of(Range.ALL);
    }
    int pieces = Math.min(maxPieces, nextLevel.size());
    List<Range> ranges = new ArrayList<>(pieces);
    byte[] after = null;
    for (int piece = 1; piece < pieces; piece++) {
      // The last file of the piece-th share of the L1 inputs ends the piece.
      FileMetaData last = nextLevel.get(piece * nextLevel.size() / pieces - 1);
      byte[] through = userKey(last.largest());
      ranges.add(new Range(after, through));
      after = through;
    }
    ranges.add(new Range(after, null));
    return List.copyOf(ranges);
  }

  private static byte[] userKey(byte[] internalKey) {
    return Arrays.copyOf(internalKey, internalKey.length - InternalKeyFormat.TAG_BYTES);
  }
}
