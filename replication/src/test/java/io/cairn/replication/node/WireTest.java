package io.cairn.replication.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.chain.api.Hash32;
import io.cairn.common.CorruptionException;
import io.cairn.testing.Property;
import org.junit.jupiter.api.Test;

class WireTest {
  @Test
  void payloadsRoundTrip() {
    Property.of("wire payloads round trip", random -> random.nextLong()).trials(100).check(seed -> {
      java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
      byte[] id = new byte[32];
      random.nextBytes(id);
      Wire.Refusal refusal = new Wire.Refusal(Hash32.of(id), random.nextBoolean(), "reason " + random.nextInt());
      assertThat(Wire.refusal(Wire.refuse(refusal).payload())).isEqualTo(refusal);
      byte[] key = new byte[1 + random.nextInt(64)];
      random.nextBytes(key);
      Wire.Fetch fetch = Wire.fetch(Wire.fetch(new Wire.Fetch(random.nextLong(1L << 62), "cairn:x", key)).payload());
      assertThat(fetch.key()).isEqualTo(key);
      assertThat(fetch.store()).isEqualTo("cairn:x");
      Wire.Record record = Wire.record(Wire.record(new Wire.Record(7, Wire.Record.FOUND, key)).payload());
      assertThat(record.data()).isEqualTo(key);
      assertThat(Wire.record(Wire.record(new Wire.Record(8, Wire.Record.MISSING, null)).payload()).data()).isNull();
    });
  }

  /** Every payload decoder accepts only what its encoder writes. */
  @FuzzTest(maxDuration = "10s")
  void decodersAcceptOnlyCanonicalPayloads(byte[] input) {
    try {
      Wire.Refusal refusal = Wire.refusal(input);
      assertThat(Wire.refuse(refusal).payload()).isEqualTo(input);
    } catch (CorruptionException refused) {
      // refused: fine
    }
    try {
      Wire.Fetch fetch = Wire.fetch(input);
      byte[] again = Wire.fetch(fetch).payload();
      if (new String(fetch.store().getBytes(java.nio.charset.StandardCharsets.UTF_8),
          java.nio.charset.StandardCharsets.UTF_8).equals(fetch.store())) {
        assertThat(Wire.fetch(again).key()).isEqualTo(fetch.key());
      }
    } catch (CorruptionException refused) {
      // refused: fine
    }
    try {
      Wire.Record record = Wire.record(input);
      assertThat(Wire.record(record).payload()).isEqualTo(input);
    } catch (CorruptionException refused) {
      // refused: fine
    }
  }
}
