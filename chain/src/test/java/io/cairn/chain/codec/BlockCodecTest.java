package io.cairn.chain.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.chain.Fixtures;
import io.cairn.chain.api.Block;
import io.cairn.chain.api.BlockHeader;
import io.cairn.chain.api.LedgerEntry;
import io.cairn.common.ByteWriter;
import io.cairn.common.CorruptionException;
import io.cairn.common.Varints;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BlockCodecTest {
  @Test
  void blockRoundTripsCanonically() {
    Block block = Fixtures.sampleBlock();
    byte[] encoded = block.encode();
    Block decoded = Block.decode(encoded);
    assertThat(decoded).isEqualTo(block);
    assertThat(decoded.encode()).isEqualTo(encoded);
    assertThat(decoded.hash()).isEqualTo(block.hash());
    assertThat(decoded.header().signatureValid()).isTrue();
    assertThat(Block.merkleRoot(decoded.transactions())).isEqualTo(decoded.header().merkleRoot());
  }

  @Test
  void headerLayoutMatchesTheFormat() {
    BlockHeader header = Fixtures.sampleBlock().header();
    byte[] bytes = header.encode();
    assertThat(bytes).hasSize(BlockFormat.HEADER_BYTES);
    assertThat(Arrays.copyOfRange(bytes, 0, 4)).containsExactly('C', 'B', 'L', 'K');
    assertThat(Varints.getFixed64(bytes, BlockFormat.OFFSET_HEIGHT)).isEqualTo(header.height());
    assertThat(Varints.getFixed64(bytes, BlockFormat.OFFSET_TIMESTAMP)).isEqualTo(header.timestampMillis());
    assertThat(Varints.getFixed32(bytes, BlockFormat.OFFSET_TRANSACTION_COUNT)).isEqualTo(2);
    assertThat(header.merkleRoot().matches(bytes, BlockFormat.OFFSET_MERKLE_ROOT)).isTrue();
    assertThat(header.previousHash().matches(bytes, BlockFormat.OFFSET_PREVIOUS_HASH)).isTrue();
    assertThat(header.proposer().bytes()).isEqualTo(Arrays.copyOfRange(bytes, BlockFormat.OFFSET_PROPOSER,
        BlockFormat.OFFSET_PROPOSER + 32));
  }

  @Test
  void ledgerEntryEnvelopeRoundTrips() {
    Block block = Fixtures.sampleBlock();
    assertThat(LedgerEntry.decode(LedgerEntry.encode(block))).isEqualTo(block);
  }

  @Test
  void everyTruncationIsRejected() {
    byte[] encoded = Fixtures.sampleBlock().encode();
    for (int length = 0; length < encoded.length; length += 3) {
      int cut = length;
      assertThatThrownBy(() -> Block.decode(Arrays.copyOf(encoded, cut))).as("cut at %d", cut)
          .isInstanceOf(CorruptionException.class);
    }
  }

  @Test
  void transactionCountMustMatchTheTransactions() {
    byte[] encoded = Fixtures.sampleBlock().encode();
    Varints.putFixed32(encoded, BlockFormat.OFFSET_TRANSACTION_COUNT, 3);
    fixHeaderCrc(encoded);
    assertThatThrownBy(() -> Block.decode(encoded)).isInstanceOf(CorruptionException.class);
  }

  @Test
  void oversizedTransactionLengthIsOversized() {
    byte[] encoded = Fixtures.sampleBlock().encode();
    Varints.putFixed32(encoded, BlockFormat.HEADER_BYTES, TransactionFormat.TRANSACTION_BYTES_MAX + 1);
    assertThatThrownBy(() -> Block.decode(encoded)).isInstanceOf(LimitExceededException.class);
  }

  @Test
  void zeroTransactionsIsMalformed() {
    byte[] encoded = Arrays.copyOf(Fixtures.sampleBlock().encode(), BlockFormat.HEADER_BYTES);
    Varints.putFixed32(encoded, BlockFormat.OFFSET_TRANSACTION_COUNT, 0);
    fixHeaderCrc(encoded);
    assertThatThrownBy(() -> Block.decode(encoded)).hasMessageContaining("no transactions");
  }

  @Test
  void blockHashChangesWithAnyHeaderByte() {
    Block block = Fixtures.sampleBlock();
    byte[] header = block.header().encode();
    for (int offset : new int[] {BlockFormat.OFFSET_HEIGHT, BlockFormat.OFFSET_PREVIOUS_HASH,
        BlockFormat.OFFSET_MERKLE_ROOT, BlockFormat.OFFSET_TIMESTAMP, BlockFormat.OFFSET_PROPOSER,
        BlockFormat.OFFSET_SIGNATURE}) {
      byte[] changed = header.clone();
      changed[offset] ^= 1;
      fixHeaderCrc(changed);
      BlockHeader decoded = BlockHeader.decode(changed);
      assertThat(decoded.hash()).as("offset %d", offset).isNotEqualTo(block.hash());
      assertThat(decoded.signatureValid()).as("offset %d", offset).isFalse();
    }
  }

  /** Rewrites the header's CRC after a deliberate change, as a forger would. */
  static void fixHeaderCrc(byte[] block) {
    ByteWriter writer = new ByteWriter(BlockFormat.HEADER_BYTES);
    writer.raw(block, 0, BlockFormat.OFFSET_CRC).crcFrom(0);
    System.arraycopy(writer.toByteArray(), BlockFormat.OFFSET_CRC, block, BlockFormat.OFFSET_CRC, 4);
  }

  /** Any input either is rejected as corrupt or decodes to a block whose encoding is the input. */
  @FuzzTest(maxDuration = "10s")
  void decoderIsCanonicalAndNeverFailsBadly(byte[] input) {
    Block block;
    try {
      block = Block.decode(input);
    } catch (CorruptionException expected) {
      return;
    }
    assertThat(block.encode()).isEqualTo(input);
  }

  /** The log envelope: any input is rejected as corrupt or decodes to an entry that re-encodes to it. */
  @FuzzTest(maxDuration = "10s")
  void ledgerEntryDecoderIsCanonical(byte[] input) {
    LedgerEntry entry;
    try {
      entry = LedgerEntry.decode(input);
    } catch (CorruptionException expected) {
      return;
    }
    assertThat(LedgerEntry.encode(entry)).isEqualTo(input);
  }
}
