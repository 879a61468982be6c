package io.cairn.replication.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.chain.api.Hash32;
import io.cairn.common.CorruptionException;
import io.cairn.testing.Property;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WireTest {
  @Test
  void payloadsRoundTrip() {
    Property.of("wire payloads round trip", SplittableRandom::nextLong).trials(100).check(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      byte[] id = new byte[32];
      random.nextBytes(id);
      Wire.Refusal refusal = new Wire.Refusal(Hash32.of(id), random.nextInt(3), "reason " + random.nextInt());
      assertThat(Wire.refusal(Wire.refuse(refusal).payload())).isEqualTo(refusal);
      byte[] body = new byte[random.nextInt(64)];
      random.nextBytes(body);
      Wire.Request request = Wire.request(Wire.request(new Wire.Request(random.nextLong(1L << 62),
          1 + random.nextInt(3), body)).payload());
      assertThat(request.body()).isEqualTo(body);
      Wire.Response response = Wire.response(Wire.response(new Wire.Response(7, random.nextInt(3), body)).payload());
      assertThat(response.body()).isEqualTo(body);
      Wire.RecordQuery query = Wire.recordQuery(Wire.recordQuery(new Wire.RecordQuery("cairn:x", body)));
      assertThat(query.key()).isEqualTo(body);
      assertThat(query.store()).isEqualTo("cairn:x");
      long from = random.nextLong(1L << 40);
      assertThat(Wire.blocksQuery(Wire.blocksQuery(from))).isEqualTo(from);
      Wire.BlocksAnswer answer = Wire.blocksAnswer(Wire.blocksAnswer(
          new Wire.BlocksAnswer(random.nextLong(1L << 40), from, java.util.List.of(body, id))));
      assertThat(answer.blockCount()).isEqualTo(from);
      assertThat(answer.blocks()).hasSize(2);
      assertThat(answer.blocks().get(0)).isEqualTo(body);
      assertThat(answer.blocks().get(1)).isEqualTo(id);
    });
  }

  /** Every payload decoder accepts only what its encoder writes. */
  @FuzzTest(maxDuration = "10s")
  void decodersAcceptOnlyCanonicalPayloads(byte[] input) {
    try {
      assertThat(Wire.refuse(Wire.refusal(input)).payload()).isEqualTo(input);
    } catch (CorruptionException refused) {
      // refused: fine
    }
    try {
      assertThat(Wire.request(Wire.request(input)).payload()).isEqualTo(input);
    } catch (CorruptionException refused) {
      // refused: fine
    }
    try {
      assertThat(Wire.response(Wire.response(input)).payload()).isEqualTo(input);
    } catch (CorruptionException refused) {
      // refused: fine
    }
    try {
      assertThat(Wire.blocksAnswer(Wire.blocksAnswer(input))).isEqualTo(input);
    } catch (CorruptionException refused) {
      // refused: fine
    }
    try {
      assertThat(Wire.blocksQuery(Wire.blocksQuery(input))).isEqualTo(input);
    } catch (CorruptionException refused) {
      // refused: fine
    }
    try {
      Wire.RecordQuery query = Wire.recordQuery(input);
      assertThat(Wire.recordQuery(Wire.recordQuery(query)).key()).isEqualTo(query.key());
    } catch (CorruptionException refused) {
      // refused: fine
    }
  }
}
