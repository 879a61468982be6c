package io.cairn.bench.workload.ycsb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.bench.workload.WrongAnswerException;
import io.cairn.testing.Property;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The record encoding and the key scheme. */
class YcsbRecordTest {
  @Test
  void aRecordIsTenFieldsOfAHundredBytes() {
    assertThat(YcsbRecord.RECORD_BYTES).isEqualTo(2 + 10 * (1 + 6 + 2 + 100));
    byte[] record = YcsbRecord.newRecord(YcsbKeys.key(7), new SplittableRandom(1));
    assertThat(record).hasSize(YcsbRecord.RECORD_BYTES);
    assertThat(record[0]).isEqualTo((byte) YcsbRecord.VERSION);
    assertThat(new String(record, 3, 6, StandardCharsets.US_ASCII)).isEqualTo("field0");
  }

  @Test
  void decodeInvertsEncodeAndAnUpdateReplacesOnlyItsField() {
    Property.of("decode(encode(f)) == f; withField changes one field", r -> r.nextLong())
        .trials(50)
        .check(seed -> {
          SplittableRandom random = new SplittableRandom(seed);
          byte[] key = YcsbKeys.key(random.nextLong(1_000_000));
          byte[][] fields = new byte[YcsbRecord.FIELDS][];
          for (int i = 0; i < fields.length; i++) {
            fields[i] = YcsbRecord.fieldValue(key, random);
          }
          byte[] record = YcsbRecord.encode(fields);
          assertThat(YcsbRecord.decode(record)).isDeepEqualTo(fields);
          YcsbRecord.check(key, record);
          int field = random.nextInt(YcsbRecord.FIELDS);
          byte[] value = YcsbRecord.fieldValue(key, random);
          byte[][] updated = YcsbRecord.decode(YcsbRecord.withField(key, record, field, value));
          for (int i = 0; i < fields.length; i++) {
            assertThat(updated[i]).isEqualTo(i == field ? value : fields[i]);
          }
        });
  }

  @Test
  void aWrongMissingOrDamagedRecordIsAWrongAnswer() {
    byte[] key = YcsbKeys.key(1);
    byte[] record = YcsbRecord.newRecord(key, new SplittableRandom(3));
    assertThatThrownBy(() -> YcsbRecord.check(YcsbKeys.key(2), record))
        .isInstanceOf(WrongAnswerException.class).hasMessageContaining("another record");
    assertThatThrownBy(() -> YcsbRecord.check(key, null))
        .isInstanceOf(WrongAnswerException.class).hasMessageContaining("absent");
    assertThatThrownBy(() -> YcsbRecord.check(key, Arrays.copyOf(record, record.length - 1)))
        .isInstanceOf(WrongAnswerException.class);
    byte[] renamed = record.clone();
    renamed[3] = 'F';
    assertThatThrownBy(() -> YcsbRecord.check(key, renamed))
        .isInstanceOf(WrongAnswerException.class).hasMessageContaining("wrong name");
    assertThatThrownBy(() -> YcsbRecord.withField(key, null, 0, new byte[YcsbRecord.FIELD_BYTES]))
        .isInstanceOf(WrongAnswerException.class).hasMessageContaining("missing");
  }

  @Test
  void fieldValuesArePrintableAfterTheKeyPrefix() {
    byte[] key = YcsbKeys.key(42);
    byte[] value = YcsbRecord.fieldValue(key, new SplittableRandom(4));
    assertThat(Arrays.copyOf(value, key.length)).isEqualTo(key);
    assertThat(value[key.length]).isEqualTo((byte) ':');
    for (int i = key.length + 1; i < value.length; i++) {
      assertThat(value[i]).isBetween((byte) ' ', (byte) '~');
    }
  }

  @Test
  void keysAreUserAndTheHashedRecordNumber() {
    Set<String> keys = new HashSet<>();
    for (long n = 0; n < 200_000; n++) {
      long hash = YcsbKeys.fnv64(n);
      assertThat(hash).isNotNegative();
      String key = new String(YcsbKeys.key(n), StandardCharsets.US_ASCII);
      assertThat(key).isEqualTo("user" + hash);
      assertThat(key.length()).isLessThanOrEqualTo(YcsbKeys.MAX_KEY_BYTES);
      keys.add(key);
    }
    assertThat(keys).hasSize(200_000);
  }
}
