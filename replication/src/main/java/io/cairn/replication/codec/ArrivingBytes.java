package io.cairn.replication.codec;

import io.cairn.common.ClosedException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A byte string of known length that arrives in pieces, front to back, while other threads
 * already read the part that has come: one writer {@link #append}s pieces (kept as they are, not
 * copied: a snapshot's chunks as the transport decoded them), readers take them in order ({@link
 * #piece}, or a {@link Reader} over the bytes) and wait for those that have not come yet. Used for
 * a ledger snapshot that is written to its file and ingested into the ledger while its chunks are
 * still on the way. Holding the pieces rather than one array of the whole length spares the
 * receiver an allocation of the whole snapshot when the first chunk comes (a stall of the
 * receiving thread long enough for the leader to take it for a lost transfer).
 *
 * <p>Invariant: the pieces' lengths add up to {@code arrived <= length}; a piece never changes.
 *
 * <p>Thread-safety: {@link #append} from one thread; everything else from any.
 */
public final class ArrivingBytes {
  private final int length;
  private final Object lock = new Object();
  private final List<byte[]> pieces = new ArrayList<>();
  private volatile int arrived;
  private volatile boolean abandoned;

  /** An empty string that will hold {@code length} bytes. */
  public ArrivingBytes(int length) {
    if (length < 0) {
      throw new IllegalArgumentException("negative length " + length);
    }
    this.length = length;
  }

  /** {@code bytes}, all arrived (not copied: the caller no longer writes into it). */
  public static ArrivingBytes of(byte[] bytes) {
    ArrivingBytes complete = new ArrivingBytes(bytes.length);
    complete.append(bytes);
    return complete;
  }

  /** The full length. */
  public int length() {
    return length;
  }

  /** How many bytes have arrived. */
  public int arrived() {
    return arrived;
  }

  /** Whether every byte has arrived. */
  public boolean complete() {
    return arrived == length;
  }

  /** Adds {@code piece} after the bytes that arrived (writer thread; the piece is kept, not copied). */
  public void append(byte[] piece) {
    if (piece.length > length - arrived) {
      throw new IllegalArgumentException("a piece of " + piece.length + " bytes at " + arrived + " passes the length "
          + length);
    }
    if (piece.length == 0) {
      return;
    }
    synchronized (lock) {
      pieces.add(piece);
      arrived += piece.length;
      lock.notifyAll();
    }
  }

  /** The string will never be completed: waiting readers (and later ones) get a {@link ClosedException}. */
  public void abandon() {
    synchronized (lock) {
      abandoned = true;
      lock.notifyAll();
    }
  }

  /** Whether {@link #abandon} was called. */
  public boolean abandoned() {
    return abandoned;
  }

  /**
   * Piece {@code index} (0 first), once it has arrived.
   *
   * @throws ClosedException when the string was abandoned (or the thread interrupted) first
   * @throws IllegalArgumentException when the string is complete with fewer pieces
   */
  public byte[] piece(int index) {
    synchronized (lock) {
      while (pieces.size() <= index) {
        if (arrived == length) {
          throw new IllegalArgumentException("no piece " + index + ": the string is complete in " + pieces.size());
        }
        waitForMore();
      }
      return pieces.get(index);
    }
  }

  private void waitForMore() {
    if (abandoned) {
      throw new ClosedException("the snapshot transfer was abandoned at byte " + arrived + " of " + length);
    }
    try {
      lock.wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClosedException("interrupted while waiting for snapshot bytes", e);
    }
  }

  /** A reader from the first byte. */
  public Reader reader() {
    return new Reader();
  }

  /**
   * Reads the string front to back, waiting for bytes that have not arrived, and keeps the
   * CRC32C of every byte it has read. Reading past the length is a programming error.
   *
   * <p>The CRC32C is brought up to date per piece (when the reader moves to the next one) or when
   * {@link #crc} asks, not per byte or field read: a ledger snapshot's pairs are read a few dozen
   * bytes at a time, and a CRC32C update per read cost more than the rest of its decoding.
   *
   * <p>Invariant: the CRC32C covers every byte before {@code crcFrom} of the current piece (and
   * of the pieces before it); {@code crcFrom <= offset}.
   *
   * <p>Thread-safety: one thread.
   */
  public final class Reader {
    private final CRC32C crc = new CRC32C();
    private byte[] current;
    private int nextPiece;
    private int offset;
    private int crcFrom;
    private int position;
    /** Where the bytes {@link #view} returned start in its array. */
    private int viewOffset;

    private Reader() {}

    /** Bytes read so far. */
    public int position() {
      return position;
    }

    /** CRC32C of the bytes read so far. */
    public int crc() {
      catchUpCrc();
      return (int) crc.getValue();
    }

    /** The next byte, unsigned. */
    public int u8() {
      havePiece();
      int value = current[offset++] & 0xFF;
      position++;
      return value;
    }

    /** The next {@code count} bytes into {@code into} at {@code at}. */
    public void read(byte[] into, int at, int count) {
      while (count > 0) {
        havePiece();
        int n = Math.min(count, current.length - offset);
        System.arraycopy(current, offset, into, at, n);
        offset += n;
        position += n;
        at += n;
        count -= n;
      }
    }

    /**
     * The next {@code count} bytes without a copy where they lie in one piece: returns the array
     * that holds them (the piece itself, which never changes; not to be written) from {@link
     * #viewOffset}; where they straddle pieces they are copied into {@code scratch} (at least
     * {@code count} long), which is returned with offset 0.
     */
    public byte[] view(int count, byte[] scratch) {
      if (count > 0) {
        havePiece();
        if (count <= current.length - offset) {
          viewOffset = offset;
          offset += count;
          position += count;
          return current;
        }
      }
      read(scratch, 0, count);
      viewOffset = 0;
      return scratch;
    }

    /** Where the bytes the last {@link #view} returned start in its array. */
    public int viewOffset() {
      return viewOffset;
    }

    private void havePiece() {
      if (position >= length) {
        throw new IllegalStateException("read past the end (" + length + " bytes)");
      }
      if (current == null || offset == current.length) {
        catchUpCrc();
        current = piece(nextPiece++);
        offset = 0;
        crcFrom = 0;
      }
    }

    /** Adds the bytes read from the current piece since the last update to the CRC32C. */
    private void catchUpCrc() {
      assert crcFrom <= offset : "CRC32C ahead of the reader";
      if (current != null && offset > crcFrom) {
        crc.update(current, crcFrom, offset - crcFrom);
        crcFrom = offset;
      }
    }
  }
}
