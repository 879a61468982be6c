package io.cairn.chain.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.chain.Fixtures;
import io.cairn.chain.api.AnchorTransaction;
import io.cairn.chain.api.Identity;
import io.cairn.chain.api.StateTransaction;
import io.cairn.chain.api.Transaction;
import io.cairn.common.ByteWriter;
import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.testing.Property;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TransactionCodecTest {
  private final Identity member = Fixtures.identity(7);

  @Test
  void anchorTransactionRoundTripsCanonically() {
    Property.of("decode(encode(tx)) == tx and re-encodes to the same bytes", random -> {
          int count = 1 + random.nextInt(50);
          return Fixtures.anchor(member, random.nextLong(0, Long.MAX_VALUE),
              Fixtures.records(random, count, 1 + random.nextInt(100)));
        })
        .trials(50)
        .check(transaction -> {
          byte[] encoded = transaction.encode();
          Transaction decoded = Transaction.decode(encoded);
          assertThat(decoded).isEqualTo(transaction);
          assertThat(decoded.encode()).isEqualTo(encoded);
          assertThat(decoded.id()).isEqualTo(transaction.id());
          assertThat(decoded.signatureValid()).isTrue();
        });
  }

  @Test
  void headerLayoutMatchesTheFormat() {
    AnchorTransaction transaction = Fixtures.anchor(member, 5, Fixtures.records(new SplittableRandom(1), 3, 10));
    byte[] header = transaction.header();
    assertThat(header).hasSize(TransactionFormat.ANCHOR_HEADER_BYTES);
    assertThat(Arrays.copyOfRange(header, 0, 4)).containsExactly('C', 'T', 'X', 'N');
    assertThat(header[4]).isEqualTo((byte) TransactionFormat.VERSION);
    assertThat(header[TransactionFormat.OFFSET_KIND]).isEqualTo((byte) TransactionFormat.KIND_ANCHOR);
    assertThat(Arrays.copyOfRange(header, TransactionFormat.OFFSET_REQUESTER, TransactionFormat.OFFSET_REQUESTER + 32))
        .isEqualTo(member.key().bytes());
    assertThat(header[TransactionFormat.OFFSET_NONCE]).isEqualTo((byte) 5);
    assertThat(header[TransactionFormat.OFFSET_ENTRY_COUNT]).isEqualTo((byte) 3);
    assertThat(Arrays.copyOfRange(header, TransactionFormat.OFFSET_ENTRIES_ROOT, TransactionFormat.OFFSET_ENTRIES_ROOT + 32))
        .isEqualTo(transaction.entriesRoot().bytes());
  }

  @Test
  void stateTransactionRoundTrips() {
    StateTransaction transaction = StateTransaction.sign(member, 9, "acme, Inc.", new byte[] {4, 5, 6});
    Transaction decoded = Transaction.decode(transaction.encode());
    assertThat(decoded).isInstanceOf(StateTransaction.class).isEqualTo(transaction);
    assertThat(((StateTransaction) decoded).organization()).isEqualTo("acme, Inc.");
    assertThat(((StateTransaction) decoded).state()).containsExactly(4, 5, 6);
    assertThat(decoded.signatureValid()).isTrue();
  }

  @Test
  void everyTruncationIsRejected() {
    byte[] encoded = Fixtures.anchor(member, 1, Fixtures.records(new SplittableRandom(2), 4, 20)).encode();
    for (int length = 0; length < encoded.length; length++) {
      int cut = length;
      assertThatThrownBy(() -> Transaction.decode(Arrays.copyOf(encoded, cut)))
          .as("truncated to %d bytes", cut).isInstanceOf(CorruptionException.class);
    }
  }

  @Test
  void trailingBytesAreRejected() {
    byte[] encoded = Fixtures.anchor(member, 1, Fixtures.records(new SplittableRandom(3), 2, 20)).encode();
    assertThatThrownBy(() -> Transaction.decode(Arrays.copyOf(encoded, encoded.length + 1)))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("trailing");
  }

  @Test
  void flippedHeaderBitFailsTheCrcAndFlippedEntryBitFailsTheRoot() {
    byte[] encoded = Fixtures.anchor(member, 1, Fixtures.records(new SplittableRandom(4), 2, 20)).encode();
    byte[] header = encoded.clone();
    header[TransactionFormat.OFFSET_NONCE] ^= 1;
    assertThatThrownBy(() -> Transaction.decode(header)).isInstanceOf(CorruptionException.class)
        .hasMessageContaining("crc32c");
    byte[] entry = encoded.clone();
    entry[TransactionFormat.ANCHOR_HEADER_BYTES + 5] ^= 1;
    assertThatThrownBy(() -> Transaction.decode(entry)).isInstanceOf(CorruptionException.class)
        .hasMessageContaining("entries root");
  }

  @Test
  void aChangedSignatureStillDecodesButDoesNotVerify() {
    AnchorTransaction transaction = Fixtures.anchor(member, 1, Fixtures.records(new SplittableRandom(5), 2, 20));
    byte[] encoded = transaction.encode();
    encoded[TransactionFormat.OFFSET_ANCHOR_SIGNATURE] ^= 1;
    // Recompute the CRC, as a deliberate forger would.
    var writer = new ByteWriter(0);
    writer.raw(encoded, 0, TransactionFormat.OFFSET_ANCHOR_CRC).crcFrom(0);
    System.arraycopy(writer.toByteArray(), TransactionFormat.OFFSET_ANCHOR_CRC, encoded, TransactionFormat.OFFSET_ANCHOR_CRC, 4);
    Transaction forged = Transaction.decode(encoded);
    assertThat(forged.signatureValid()).isFalse();
  }

  @Test
  void entryCountAboveTheLimitIsOversized() {
    byte[] encoded = Fixtures.anchor(member, 1, Fixtures.records(new SplittableRandom(6), 1, 20)).encode();
    io.cairn.common.Varints.putFixed32(encoded, TransactionFormat.OFFSET_ENTRY_COUNT, TransactionFormat.ENTRIES_MAX + 1);
    assertThatThrownBy(() -> Transaction.decode(encoded)).isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("entry count");
  }

  @Test
  void transactionOverEightMebibytesIsOversized() {
    assertThatThrownBy(() -> Transaction.decode(new byte[TransactionFormat.TRANSACTION_BYTES_MAX + 1]))
        .isInstanceOf(LimitExceededException.class);
  }

  @Test
  void unknownVersionAndKindAreRejected() {
    byte[] encoded = StateTransaction.sign(member, 1, "acme", new byte[0]).encode();
    byte[] version = encoded.clone();
    version[4] = 2;
    assertThatThrownBy(() -> Transaction.decode(version)).hasMessageContaining("unsupported version 2");
    byte[] kind = encoded.clone();
    kind[TransactionFormat.OFFSET_KIND] = 9;
    assertThatThrownBy(() -> Transaction.decode(kind)).hasMessageContaining("unknown transaction kind 9");
  }

  @Test
  void signingRefusesEmptyAndOversizedTransactions() {
    assertThatThrownBy(() -> AnchorTransaction.sign(member, 0, java.util.List.of()))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> StateTransaction.sign(member, 0, "acme", new byte[TransactionFormat.STATE_BYTES_MAX + 1]))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> StateTransaction.sign(member, 0, "", new byte[1]))
        .isInstanceOf(InvalidArgumentException.class);
  }

  /** Any input either is rejected as corrupt or decodes to a transaction whose encoding is the input. */
  @FuzzTest(maxDuration = "10s")
  void decoderIsCanonicalAndNeverFailsBadly(byte[] input) {
    Transaction transaction;
    try {
      transaction = Transaction.decode(input);
    } catch (CorruptionException expected) {
      return;
    }
    assertThat(transaction.encode()).isEqualTo(input);
  }

  @Test
  void anEntryIsEncodedExactlyAsItsLayoutSaysIntoAnArrayOfItsSize() {
    SplittableRandom random = new SplittableRandom(12);
    for (String store : new String[] {"records", "b\u00fccher", "", "s".repeat(255)}) {
      byte[] hash = new byte[32];
      random.nextBytes(hash);
      byte[] key = new byte[random.nextInt(0, 60)];
      random.nextBytes(key);
      byte[] expected = new ByteWriter(8).u8(1).raw(hash).string8(store).bytes16(key).toByteArray();
      byte[] encoded = TransactionFormat.encodeEntry(1, hash, store, key);
      assertThat(encoded).as("store %s", store).isEqualTo(expected);
    }
  }
}
