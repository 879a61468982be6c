package io.cairn.bench.workload.ycsb;

import io.cairn.bench.workload.WrongAnswerException;
import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;

/**
 * A YCSB record as one stored value: {@value #FIELDS} fields named {@code field0 .. field9} of
 * {@value #FIELD_BYTES} bytes each (YCSB's defaults), encoded so that a store that knows nothing of
 * fields can keep it, as YCSB's key-value bindings do.
 *
 * <p>Encoding, version 1 ({@value #RECORD_BYTES} bytes for the default shape):
 *
 * <pre>
 *   u8 version = 1
 *   u8 field count = 10
 *   10 times, in field order:
 *     u8  name length       (6)
 *     ... name, ASCII       ("field0" .. "field9")
 *     u16 value length, big-endian (100)
 *     ... value
 * </pre>
 *
 * <p>Field values: YCSB fills them with random printable characters. Here each value is the
 * record's key, a {@code ':'}, then random printable ASCII ({@code ' '..'~'}) up to 100 bytes. The
 * key prefix lets a reader check that the record returned is the one asked for ({@link #check});
 * the rest is random, drawn from the run's seeded generator, so every engine stores the same
 * bytes. The encoding is a benchmark payload only: nothing of Cairn stores or signs it.
 */
public final class YcsbRecord {
  /** Fields per record. */
  public static final int FIELDS = 10;
  /** Bytes per field value. */
  public static final int FIELD_BYTES = 100;
  /** The encoding's version byte. */
  public static final int VERSION = 1;
  private static final byte[][] NAMES = new byte[FIELDS][];
  /** Bytes of an encoded record. */
  public static final int RECORD_BYTES;

  static {
    int size = 2;
    for (int i = 0; i < FIELDS; i++) {
      NAMES[i] = ("field" + i).getBytes(StandardCharsets.US_ASCII);
      size += 1 + NAMES[i].length + 2 + FIELD_BYTES;
    }
    RECORD_BYTES = size;
  }

  private YcsbRecord() {}

  /** A new field value for the record under {@code key}: the key, ':', random printable bytes. */
  public static byte[] fieldValue(byte[] key, RandomGenerator random) {
    byte[] value = new byte[FIELD_BYTES];
    int prefix = Math.min(key.length, FIELD_BYTES - 1);
    System.arraycopy(key, 0, value, 0, prefix);
    value[prefix] = ':';
    for (int i = prefix + 1; i < FIELD_BYTES; i++) {
      value[i] = (byte) (' ' + random.nextInt('~' - ' ' + 1));
    }
    return value;
  }

  /** A whole new record for {@code key}, every field freshly drawn. */
  public static byte[] newRecord(byte[] key, RandomGenerator random) {
    byte[][] fields = new byte[FIELDS][];
    for (int i = 0; i < FIELDS; i++) {
      fields[i] = fieldValue(key, random);
    }
    return encode(fields);
  }

  /** Encodes {@value #FIELDS} field values of {@value #FIELD_BYTES} bytes each. */
  public static byte[] encode(byte[][] fields) {
    if (fields.length != FIELDS) {
      throw new IllegalArgumentException("a record has " + FIELDS + " fields, got " + fields.length);
    }
    byte[] out = new byte[RECORD_BYTES];
    out[0] = VERSION;
    out[1] = FIELDS;
    int at = 2;
    for (int i = 0; i < FIELDS; i++) {
      if (fields[i].length != FIELD_BYTES) {
        throw new IllegalArgumentException("field " + i + " has " + fields[i].length + " bytes");
      }
      out[at++] = (byte) NAMES[i].length;
      System.arraycopy(NAMES[i], 0, out, at, NAMES[i].length);
      at += NAMES[i].length;
      out[at++] = (byte) (FIELD_BYTES >>> 8);
      out[at++] = (byte) FIELD_BYTES;
      System.arraycopy(fields[i], 0, out, at, FIELD_BYTES);
      at += FIELD_BYTES;
    }
    return out;
  }

  /**
   * The field values of an encoded record.
   *
   * @throws WrongAnswerException when {@code record} is not a well-formed version-1 record
   */
  public static byte[][] decode(byte[] record) {
    if (record.length != RECORD_BYTES || record[0] != VERSION || record[1] != FIELDS) {
      throw new WrongAnswerException("not a YCSB record: " + record.length + " bytes, header "
          + (record.length > 1 ? record[0] + "/" + record[1] : "missing"));
    }
    byte[][] fields = new byte[FIELDS][];
    int at = 2;
    for (int i = 0; i < FIELDS; i++) {
      int nameLength = record[at++] & 0xFF;
      if (nameLength != NAMES[i].length
          || !java.util.Arrays.equals(record, at, at + nameLength, NAMES[i], 0, nameLength)) {
        throw new WrongAnswerException("YCSB record field " + i + " has a wrong name");
      }
      at += nameLength;
      int valueLength = ((record[at] & 0xFF) << 8) | (record[at + 1] & 0xFF);
      at += 2;
      if (valueLength != FIELD_BYTES) {
        throw new WrongAnswerException("YCSB record field " + i + " has " + valueLength + " bytes");
      }
      fields[i] = java.util.Arrays.copyOfRange(record, at, at + FIELD_BYTES);
      at += FIELD_BYTES;
    }
    return fields;
  }

  /**
   * {@code record} with field {@code field} replaced by {@code value}: decode, replace, encode,
   * as a key-value binding of YCSB merges an update into the stored record.
   *
   * @throws WrongAnswerException when {@code record} is null (the record is missing) or malformed
   */
  public static byte[] withField(byte[] key, byte[] record, int field, byte[] value) {
    if (record == null) {
      throw new WrongAnswerException("update of " + new String(key, StandardCharsets.US_ASCII)
          + ": the record, which was inserted, is missing");
    }
    byte[][] fields = decode(record);
    fields[field] = value;
    return encode(fields);
  }

  /**
   * Checks that {@code record} is a well-formed record of {@code key}: every field starts with
   * the key and ':'.
   *
   * @throws WrongAnswerException when it is missing, malformed, or another key's record
   */
  public static void check(byte[] key, byte[] record) {
    String name = new String(key, StandardCharsets.US_ASCII);
    if (record == null) {
      throw new WrongAnswerException("read of " + name + ": absent, but the record was inserted");
    }
    byte[][] fields = decode(record);
    int prefix = Math.min(key.length, FIELD_BYTES - 1);
    for (int i = 0; i < FIELDS; i++) {
      if (!java.util.Arrays.equals(fields[i], 0, prefix, key, 0, prefix) || fields[i][prefix] != ':') {
        throw new WrongAnswerException("read of " + name + ": field " + i + " belongs to another record");
      }
    }
  }
}
