package io.cairn.kraft.wire;

import io.cairn.common.CorruptionException;
import io.cairn.common.Varints;
import io.cairn.kraft.api.NodeId;
import java.util.Arrays;

/**
 * A strict reader for the encodings {@link io.cairn.common.ByteWriter} produces. Every read checks bounds and
 * canonical form (shortest varints, booleans exactly 0 or 1, lengths within the input) and
 * throws {@link CorruptionException} naming {@code what} and the offset otherwise, so a decoder
 * built on it never returns a value for bytes an encoder would not produce.
 *
 * <p>Thread-safety: not thread-safe.
 */
public final class ByteReader {
  private final byte[] source;
  private final int limit;
  private final String what;
  private int position;

  /** Reads {@code source[offset, limit)}; {@code what} names the input in error messages. */
  public ByteReader(byte[] source, int offset, int limit, String what) {
    this.source = source;
    this.position = offset;
    this.limit = limit;
    this.what = what;
  }

  /** One unsigned byte. */
  public int u8() {
    need(1);
    return source[position++] & 0xFF;
  }

  /** A boolean stored as exactly 0 or 1. */
  public boolean bool() {
    int at = position;
    int value = u8();
    if (value > 1) {
      throw corrupt(at, "boolean byte " + value);
    }
    return value == 1;
  }

  /** An unsigned varint in its shortest form. */
  public long varint() {
    int at = position;
    long value = Varints.getVarint64(source, position, limit);
    int end = Varints.endOfVarint(source, position, limit);
    if (end - position != Varints.sizeOf(value)) {
      throw corrupt(at, "non-canonical varint");
    }
    position = end;
    return value;
  }

  /** A varint that must be at most {@code max}. */
  public long varint(long max, String field) {
    int at = position;
    long value = varint();
    if (Long.compareUnsigned(value, max) > 0) {
      throw corrupt(at, field + " " + Long.toUnsignedString(value) + " exceeds " + max);
    }
    return value;
  }

  /** A count of items, each taking at least {@code minItemBytes}, bounded by what remains. */
  public int count(int minItemBytes, String field) {
    return (int) varint(remaining() / Math.max(1, minItemBytes), field);
  }

  /** 4 little-endian bytes. */
  public int fixed32() {
    need(4);
    int value = Varints.getFixed32(source, position);
    position += 4;
    return value;
  }

  /** A varint length and that many bytes (copied). */
  public byte[] bytes(String field) {
    int length = (int) varint(remaining(), field + " length");
    byte[] value = Arrays.copyOfRange(source, position, position + length);
    position += length;
    return value;
  }

  /** A varint length and that many bytes, skipped; returns the length. */
  public int skipBytes(String field) {
    int length = (int) varint(remaining(), field + " length");
    position += length;
    return length;
  }

  /** A 32-byte identifier. */
  public NodeId nodeId() {
    need(NodeId.BYTES);
    NodeId id = NodeId.fromBytes(source, position);
    position += NodeId.BYTES;
    return id;
  }

  /** Flag 0 (null) or flag 1 and an identifier. */
  public NodeId optionalNodeId() {
    return bool() ? nodeId() : null;
  }

  /** Bytes left before the limit. */
  public int remaining() {
    return limit - position;
  }

  /** Current offset in the source array. */
  public int position() {
    return position;
  }

  /** Throws unless every byte was consumed. */
  public void expectEnd() {
    if (position != limit) {
      throw corrupt(position, (limit - position) + " trailing bytes");
    }
  }

  /** A corruption error at {@code offset} saying {@code problem}. */
  public CorruptionException corrupt(int offset, String problem) {
    return CorruptionException.at(what, offset, problem);
  }

  private void need(int bytes) {
    if (limit - position < bytes) {
      throw corrupt(position, "truncated: need " + bytes + " bytes, have " + (limit - position));
    }
  }
}
