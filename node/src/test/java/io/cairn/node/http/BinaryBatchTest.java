package io.cairn.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.chain.api.AnchorPosition;
import io.cairn.chain.api.AnchorReceipt;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.HashAlgorithm;
import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.testing.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The binary batch body and its receipts (docs/formats/anchor-batch.md): round trips, refusals, canonical decoding. */
class BinaryBatchTest {
  @Test
  void recordsRoundTripAndAnyDamagedByteIsRefused() {
    Property.of("records round trip; one flipped bit is refused", BinaryBatchTest::records)
        .trials(200)
        .check(raws -> {
          byte[] body = BinaryBatch.encodeRecords(raws);
          List<byte[]> decoded = BinaryBatch.decodeRecords(body);
          assertThat(decoded).hasSameSizeAs(raws);
          for (int i = 0; i < raws.size(); i++) {
            assertThat(decoded.get(i)).isEqualTo(raws.get(i));
          }
          int at = (raws.size() * 7919) % body.length;
          body[at] ^= (byte) (1 << (raws.size() % 8));
          assertThatThrownBy(() -> BinaryBatch.decodeRecords(body)).isInstanceOf(CorruptionException.class);
        });
  }

  @Test
  void aBodyReadAsItArrivesDecodesAsItsArrayDoesAndReadsNothingPastItsLength() {
    Property.of("stream decode == array decode; a short body is refused; bytes past the length stay unread",
            BinaryBatchTest::records)
        .trials(200)
        .check(raws -> {
          byte[] body = BinaryBatch.encodeRecords(raws);
          byte[] followed = java.util.Arrays.copyOf(body, body.length + 5); // the next bytes of the connection
          java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(followed);
          List<byte[]> decoded = BinaryBatch.requestRecords(in, body.length);
          assertThat(decoded).hasSameSizeAs(raws);
          for (int i = 0; i < raws.size(); i++) {
            assertThat(decoded.get(i)).isEqualTo(raws.get(i));
          }
          assertThat(in.available()).isEqualTo(5);
          int cut = (raws.size() * 7919) % body.length;
          assertThatThrownBy(() -> BinaryBatch.requestRecords(new java.io.ByteArrayInputStream(body, 0, cut), body.length))
              .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("ended after " + cut + " bytes");
          byte[] damaged = body.clone();
          damaged[cut] ^= (byte) (1 << (raws.size() % 8));
          assertThatThrownBy(() -> BinaryBatch.requestRecords(new java.io.ByteArrayInputStream(damaged), damaged.length))
              .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("not an anchor batch");
          // A declared length shorter than the body: the decoder stops at it and refuses.
          assertThatThrownBy(() -> BinaryBatch.requestRecords(new java.io.ByteArrayInputStream(body), body.length - 1))
              .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("not an anchor batch");
        });
  }

  @Test
  void receiptsRoundTripAndACutOrLongerAnswerIsRefused() {
    Property.of("receipts round trip; cut and padded answers are refused", BinaryBatchTest::receipts)
        .trials(200)
        .check(receipts -> {
          byte[] answer = BinaryBatch.encodeReceipts(receipts);
          assertThat(answer).hasSize(13 + receipts.size() * BinaryBatch.RECEIPT_BYTES);
          assertThat(BinaryBatch.decodeReceipts(answer)).isEqualTo(receipts);
          byte[] cut = java.util.Arrays.copyOf(answer, answer.length - 1);
          assertThatThrownBy(() -> BinaryBatch.decodeReceipts(cut)).isInstanceOf(CorruptionException.class);
          byte[] longer = java.util.Arrays.copyOf(answer, answer.length + 1);
          assertThatThrownBy(() -> BinaryBatch.decodeReceipts(longer)).isInstanceOf(CorruptionException.class);
        });
  }

  @Test
  void emptyOrOversizedBatchesAreRefusedBeforeTheyAreSent() {
    assertThatThrownBy(() -> BinaryBatch.encodeRecords(List.of())).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> BinaryBatch.encodeRecords(List.of(new byte[0])))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("empty");
    List<byte[]> tooMany = new ArrayList<>();
    for (int i = 0; i <= AnchorBatch.RECORDS_MAX; i++) {
      tooMany.add(new byte[] {1});
    }
    assertThatThrownBy(() -> BinaryBatch.encodeRecords(tooMany)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> BinaryBatch.decodeRecords(new byte[] {'C', 'R', 'A', 'B', 1, 0, 0, 0, 0, 0, 0, 0, 0}))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("record count 0");
  }

  @FuzzTest(maxDuration = "10s")
  void recordsDecoderAcceptsOnlyCanonicalBodies(byte[] input) {
    List<byte[]> raws;
    try {
      raws = BinaryBatch.decodeRecords(input);
    } catch (CorruptionException refused) {
      return;
    }
    assertThat(BinaryBatch.encodeRecords(raws)).isEqualTo(input);
  }

  @FuzzTest(maxDuration = "10s")
  void receiptsDecoderAcceptsOnlyCanonicalAnswers(byte[] input) {
    List<AnchorReceipt> receipts;
    try {
      receipts = BinaryBatch.decodeReceipts(input);
    } catch (CorruptionException refused) {
      return;
    }
    assertThat(BinaryBatch.encodeReceipts(receipts)).isEqualTo(input);
  }

  private static List<byte[]> records(SplittableRandom random) {
    List<byte[]> raws = new ArrayList<>();
    int count = 1 + random.nextInt(random.nextInt(8) == 0 ? 300 : 5);
    for (int i = 0; i < count; i++) {
      byte[] raw = new byte[1 + random.nextInt(random.nextBoolean() ? 8 : 600)];
      random.nextBytes(raw);
      raws.add(raw);
    }
    return raws;
  }

  private static List<AnchorReceipt> receipts(SplittableRandom random) {
    List<AnchorReceipt> receipts = new ArrayList<>();
    int count = random.nextInt(6);
    for (int i = 0; i < count; i++) {
      HashAlgorithm algorithm = HashAlgorithm.values()[random.nextInt(HashAlgorithm.values().length)];
      AnchorPosition position = new AnchorPosition(random.nextLong(Long.MAX_VALUE), random.nextInt(Integer.MAX_VALUE),
          random.nextInt(Integer.MAX_VALUE));
      receipts.add(new AnchorReceipt(hash(random), algorithm, position, hash(random)));
    }
    return receipts;
  }

  private static Hash32 hash(SplittableRandom random) {
    byte[] bytes = new byte[Hash32.BYTES];
    random.nextBytes(bytes);
    return Hash32.of(bytes);
  }
}
