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
    assertThat(header[4]).isEqualTo((byte) TransactionFormat.VERSION_STORE_TABLE);
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

  /** Entries over a few stores, each entry's store drawn at random (several stores per transaction). */
  private static java.util.List<io.cairn.chain.api.AnchorEntry> mixedEntries(SplittableRandom random, int count,
      String... stores) {
    java.util.List<io.cairn.chain.api.AnchorEntry> entries = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] raw = new byte[1 + random.nextInt(40)];
      random.nextBytes(raw);
      io.cairn.chain.api.Hash32 hash = io.cairn.chain.api.HashAlgorithm.SHA_256.hash(raw);
      byte[] key = random.nextBoolean() ? hash.bytes() : new byte[1 + random.nextInt(12)];
      entries.add(io.cairn.chain.api.AnchorEntry.of(io.cairn.chain.api.HashAlgorithm.SHA_256, hash,
          io.cairn.chain.api.ReadParameters.of(stores[random.nextInt(stores.length)], key)));
    }
    return entries;
  }

  @Test
  void storeTableTransactionsRoundTripAndHashTheirEntriesAsVersion1Does() {
    String[] stores = {"cairn:" + "ab".repeat(32), "records", "b\u00fccher", "s".repeat(255)};
    Property.of("version 2: decode(encode(tx)) == tx; the same entries root and ids of entries as version 1", random ->
            mixedEntries(random, 1 + random.nextInt(60), java.util.Arrays.copyOf(stores, 1 + random.nextInt(stores.length))))
        .trials(60)
        .check(entries -> {
          AnchorTransaction compact = AnchorTransaction.sign(member, 3, entries);
          AnchorTransaction wide = AnchorTransaction.sign(member, 3, entries, TransactionFormat.VERSION);
          assertThat(compact.version()).isEqualTo(TransactionFormat.VERSION_STORE_TABLE);
          assertThat(wide.version()).isEqualTo(TransactionFormat.VERSION);
          assertThat(compact.entriesRoot()).isEqualTo(wide.entriesRoot());
          assertThat(compact.id()).isNotEqualTo(wide.id()); // the version byte is signed
          for (AnchorTransaction transaction : java.util.List.of(compact, wide)) {
            byte[] encoded = transaction.encode();
            assertThat(encoded).hasSize(transaction.encodedBytes());
            Transaction decoded = Transaction.decode(encoded);
            assertThat(decoded).isEqualTo(transaction);
            assertThat(decoded.encode()).isEqualTo(encoded);
            assertThat(((AnchorTransaction) decoded).entries()).isEqualTo(entries);
            assertThat(((AnchorTransaction) decoded).version()).isEqualTo(transaction.version());
            assertThat(decoded.signatureValid()).isTrue();
          }
          assertThat(compact.encodedBytes()).isLessThanOrEqualTo(wide.encodedBytes() + 1 + 4);
        });
  }

  @Test
  void aMembersEntryShrinksFrom115To45Bytes() {
    byte[] key = {1, 0, 0, 0, 0, 0, 0, 0, 7};
    java.util.List<io.cairn.chain.api.AnchorEntry> entries = new java.util.ArrayList<>();
    SplittableRandom random = new SplittableRandom(8);
    for (int i = 0; i < 100; i++) {
      byte[] hash = new byte[32];
      random.nextBytes(hash);
      entries.add(io.cairn.chain.api.AnchorEntry.of(io.cairn.chain.api.HashAlgorithm.SHA_256,
          io.cairn.chain.api.Hash32.of(hash), io.cairn.chain.api.ReadParameters.of("cairn:" + "0f".repeat(32), key)));
    }
    assertThat(entries.get(0).encodedBytes()).isEqualTo(115);
    assertThat(AnchorTransaction.sign(member, 1, entries, TransactionFormat.VERSION).encodedBytes())
        .isEqualTo(TransactionFormat.ANCHOR_HEADER_BYTES + 100 * 115);
    assertThat(AnchorTransaction.sign(member, 1, entries).encodedBytes())
        .isEqualTo(TransactionFormat.ANCHOR_HEADER_BYTES + 1 + 1 + 70 + 100 * 45);
  }

  @Test
  void moreThan255StoresAreWrittenAsVersion1() {
    java.util.List<io.cairn.chain.api.AnchorEntry> entries = new java.util.ArrayList<>();
    for (int i = 0; i < TransactionFormat.STORES_MAX + 1; i++) {
      byte[] hash = new byte[32];
      hash[0] = (byte) i;
      hash[1] = (byte) (i >> 8);
      entries.add(io.cairn.chain.api.AnchorEntry.of(io.cairn.chain.api.HashAlgorithm.SHA_256,
          io.cairn.chain.api.Hash32.of(hash), io.cairn.chain.api.ReadParameters.of("store-" + i, new byte[] {1})));
    }
    assertThat(AnchorTransaction.sign(member, 1, entries).version()).isEqualTo(TransactionFormat.VERSION);
    assertThat(AnchorTransaction.sign(member, 1, entries.subList(0, TransactionFormat.STORES_MAX)).version())
        .isEqualTo(TransactionFormat.VERSION_STORE_TABLE);
  }

  /**
   * The bytes of a version 2 transaction with {@code body} after the header of a transaction of
   * {@code count} entries (its entries root is a real one, so each refusal below comes from the
   * table and index checks, which run first).
   */
  private byte[] withBody(int count, ByteWriter body) {
    AnchorTransaction signed = Fixtures.anchor(member, 1, Fixtures.records(new SplittableRandom(9), count, 10));
    ByteWriter out = new ByteWriter(256);
    out.raw(signed.header()).raw(body.toByteArray());
    return out.toByteArray();
  }

  private static ByteWriter compactEntry(ByteWriter out, int storeIndex) {
    return out.u8(1).raw(new byte[32]).u8(storeIndex).u16(1).u8(5);
  }

  @Test
  void aStoreTableThatIsNotTheOneEncodingIsRefused() {
    // empty table
    assertThatThrownBy(() -> Transaction.decode(withBody(1, compactEntry(new ByteWriter(64).u8(0), 0))))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("empty store table");
    // a store named twice
    assertThatThrownBy(() -> Transaction.decode(withBody(2,
        compactEntry(compactEntry(new ByteWriter(64).u8(2).string8("a").string8("a"), 0), 1))))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("again");
    // not in the order of first use
    assertThatThrownBy(() -> Transaction.decode(withBody(2,
        compactEntry(compactEntry(new ByteWriter(64).u8(2).string8("a").string8("b"), 1), 0))))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("order of first use");
    // a store no entry uses
    assertThatThrownBy(() -> Transaction.decode(withBody(1,
        compactEntry(new ByteWriter(64).u8(2).string8("a").string8("b"), 0))))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("used by no entry");
    // an index outside the table
    assertThatThrownBy(() -> Transaction.decode(withBody(1, compactEntry(new ByteWriter(64).u8(1).string8("a"), 1))))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("outside the table");
    // an empty record key
    assertThatThrownBy(() -> Transaction.decode(withBody(1,
        new ByteWriter(64).u8(1).string8("a").u8(1).raw(new byte[32]).u8(0).u16(0))))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("empty record key");
    // a well-formed table whose entries are not the signed ones
    assertThatThrownBy(() -> Transaction.decode(withBody(1, compactEntry(new ByteWriter(64).u8(1).string8("a"), 0))))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("entries root");
  }

  @Test
  void aChangedStoreNameInTheTableFailsTheEntriesRoot() {
    AnchorTransaction transaction = AnchorTransaction.sign(member, 1, mixedEntries(new SplittableRandom(3), 10, "records"));
    byte[] encoded = transaction.encode();
    encoded[TransactionFormat.ANCHOR_HEADER_BYTES + 2] ^= 1; // the first byte of the name "records"
    assertThatThrownBy(() -> Transaction.decode(encoded)).isInstanceOf(CorruptionException.class)
        .hasMessageContaining("entries root");
  }
}
