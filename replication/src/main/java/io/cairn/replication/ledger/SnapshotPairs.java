package io.cairn.replication.ledger;

import io.cairn.common.CorruptionException;
import io.cairn.common.Crc32c;
import io.cairn.common.UnsignedBytes;
import io.cairn.common.Varints;
import io.cairn.kraft.wire.ByteReader;
import io.cairn.lsm.api.SortedPairs;
import io.cairn.replication.codec.ArrivingBytes;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The decoder of a ledger snapshot ({@code docs/formats/ledger-snapshot.md}) as a stream of
 * sorted pairs, reading each field as soon as its bytes have arrived ({@link ArrivingBytes}: a
 * whole snapshot, or one still on its way). It checks, in the order the bytes come: the version,
 * the pair count, each pair's bounds, strictly ascending keys, nothing after the last pair, and
 * the masked CRC32C at the end over every byte before it (computed as the bytes are read); then
 * it hands {@code atEnd} the CRC32C of the whole data (it may throw) before it reports the end. Any failed check throws {@link CorruptionException}, so a
 * {@code Db.replaceAll} fed by it leaves the database as it was.
 *
 * <p>A pair is handed out where its bytes lie ({@link #keyArray}, {@link #valueArray}: the received
 * piece itself, or a scratch buffer for a field that straddles two pieces), so the ingest makes no
 * array per pair; {@link #key} and {@link #value} are copies.
 *
 * <p>Thread-safety: one reader thread.
 */
final class SnapshotPairs implements SortedPairs {
  private static final String WHAT = "ledger snapshot";
  private static final int VARINT_BYTES_MAX = 10;

  private final ArrivingBytes.Reader in;
  private final int length;
  /** Where the pairs end: the checksum's 4 bytes follow. */
  private final int end;
  private final IntConsumer atEnd;
  private final Runnable beforeCommit;
  private long count = -1;
  private long read;
  /** The current pair: its key and value where they lie (a received piece, or a scratch buffer). */
  private byte[] keyArray;
  private int keyOffset;
  private int keyLength = -1;
  private byte[] valueArray;
  private int valueOffset;
  private int valueLength;
  /** For a key or value that straddles two pieces (grown as needed). */
  private byte[] keyScratch = new byte[64];
  private byte[] valueScratch = new byte[1024];
  /** The key before the current one ({@code previousLength} bytes), for the order check. */
  private byte[] previous = new byte[64];
  private int previousLength = -1;
  /** A varint's bytes as they are read (two varints per pair: reused, not made per varint). */
  private final byte[] varintBytes = new byte[VARINT_BYTES_MAX];

  /**
   * The pairs of {@code bytes}; after the last one is checked, {@code atEnd} gets the CRC32C of
   * the whole data (and may throw).
   */
  SnapshotPairs(ArrivingBytes bytes, IntConsumer atEnd) {
    this(bytes, atEnd, () -> { });
  }

  /**
   * The same, and {@code beforeCommit} runs where {@code Db.replaceAll} asks the source's last word
   * ({@link #beforeCommit}: the tables written and synced, the MANIFEST record not yet); it may
   * throw to leave the database as it was.
   */
  SnapshotPairs(ArrivingBytes bytes, IntConsumer atEnd, Runnable beforeCommit) {
    this.in = bytes.reader();
    this.length = bytes.length();
    this.end = length - 4;
    this.atEnd = atEnd;
    this.beforeCommit = beforeCommit;
  }

  @Override
  public void beforeCommit() {
    beforeCommit.run();
  }

  @Override
  public boolean next() {
    if (count < 0) {
      header();
    }
    if (read == count) {
      finish();
      return false;
    }
    if (keyLength >= 0) {
      if (previous.length < keyLength) {
        previous = new byte[Math.max(keyLength, 2 * previous.length)];
      }
      System.arraycopy(keyArray, keyOffset, previous, 0, keyLength);
      previousLength = keyLength;
    }
    int at = in.position();
    keyLength = length("key", "key length");
    if (keyScratch.length < keyLength) {
      keyScratch = new byte[Math.max(keyLength, 2 * keyScratch.length)];
    }
    keyArray = in.view(keyLength, keyScratch);
    keyOffset = in.viewOffset();
    valueLength = length("value", "value length");
    if (valueScratch.length < valueLength) {
      valueScratch = new byte[Math.max(valueLength, 2 * valueScratch.length)];
    }
    valueArray = in.view(valueLength, valueScratch);
    valueOffset = in.viewOffset();
    if (previousLength >= 0 && UnsignedBytes.compare(previous, 0, previousLength, keyArray, keyOffset,
        keyOffset + keyLength) >= 0) {
      throw CorruptionException.at(WHAT, at, "keys not strictly ascending");
    }
    read++;
    return true;
  }

  /** A copy of the current key (the ingest reads it in place: {@link #keyArray}). */
  @Override
  public byte[] key() {
    return Arrays.copyOfRange(keyArray, keyOffset, keyOffset + keyLength);
  }

  /** A copy of the current value. */
  @Override
  public byte[] value() {
    return Arrays.copyOfRange(valueArray, valueOffset, valueOffset + valueLength);
  }

  @Override
  public byte[] keyArray() {
    return keyArray;
  }

  @Override
  public int keyOffset() {
    return keyOffset;
  }

  @Override
  public int keyLength() {
    return keyLength;
  }

  @Override
  public byte[] valueArray() {
    return valueArray;
  }

  @Override
  public int valueOffset() {
    return valueOffset;
  }

  @Override
  public int valueLength() {
    return valueLength;
  }

  private void header() {
    if (end < 1) {
      throw CorruptionException.at(WHAT, 0, "truncated: " + length + " bytes");
    }
    int version = in.u8();
    if (!LedgerSnapshot.readable(version)) {
      throw CorruptionException.at(WHAT, 0, "unknown version " + version);
    }
    count = varint((end - in.position()) / 2, "pair count");
  }

  /**
   * A canonical varint of at most {@code max}, its bytes read as they arrive. The common case (at
   * most 9 bytes, canonical) is decoded here; anything else goes through {@link ByteReader}'s
   * varint, the one that names what is wrong with it.
   */
  private long varint(long max, String field) {
    int at = in.position();
    byte[] bytes = varintBytes;
    int n = 0;
    long result = 0;
    int b;
    do {
      if (in.position() >= end) {
        throw CorruptionException.at(WHAT, at, field + " truncated");
      }
      b = in.u8();
      bytes[n] = (byte) b;
      result |= (long) (b & 0x7F) << (7 * n);
      n++;
    } while ((b & 0x80) != 0 && n < VARINT_BYTES_MAX);
    if (n == VARINT_BYTES_MAX || Varints.sizeOf(result) != n) {
      try {
        result = new ByteReader(bytes, 0, n, WHAT).varint();
      } catch (CorruptionException e) {
        throw CorruptionException.at(WHAT, at, field + ": " + e.getMessage());
      }
    }
    if (Long.compareUnsigned(result, max) > 0) {
      throw CorruptionException.at(WHAT, at, field + " " + Long.toUnsignedString(result) + " exceeds " + max);
    }
    return result;
  }

  /** A field's length (a varint), checked against the bytes left before the checksum. */
  private int length(String field, String lengthField) {
    int at = in.position();
    int size = (int) varint(end - at, lengthField);
    if (size > end - in.position()) {
      throw CorruptionException.at(WHAT, at, field + " truncated");
    }
    return size;
  }

  private void finish() {
    if (in.position() != end) {
      throw CorruptionException.at(WHAT, in.position(), (end - in.position()) + " bytes after the last pair");
    }
    int computed = in.crc();
    byte[] stored = new byte[4];
    in.read(stored, 0, 4);
    if (Crc32c.unmask(Varints.getFixed32(stored, 0)) != computed) {
      throw CorruptionException.at(WHAT, end, "checksum mismatch");
    }
    atEnd.accept(in.crc());
  }
}
