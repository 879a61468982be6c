package io.cairn.chain.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.Fixtures;
import io.cairn.chain.api.AnchorEntry;
import io.cairn.chain.api.AnchorTransaction;
import io.cairn.chain.api.Block;
import io.cairn.chain.api.Genesis;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.HashAlgorithm;
import io.cairn.chain.api.Identity;
import io.cairn.chain.api.LedgerEntry;
import io.cairn.chain.api.ReadParameters;
import io.cairn.chain.api.StateTransaction;
import io.cairn.chain.api.Transaction;
import io.cairn.common.ByteWriter;
import io.cairn.testing.Property;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The leader writes a block's log entry in one pass (session 14: {@link Block#writeTo}, {@link
 * Transaction#writeTo}, {@link AnchorEntry#of} from the hash's and key's own arrays and a cached
 * store name): the bytes must be exactly those of the layout in docs/formats, built here field by
 * field from each part's own {@code encode()}.
 */
class BlockEntryEncodingTest {
  private static final Identity MEMBER = Fixtures.identity(7);
  private static final Hash32 PREVIOUS = Genesis.create("test-chain", Fixtures.identity(1).key(), Fixtures.T0).hash();
  /** Store names of different UTF-8 lengths; entries alternate between them, so the cached name changes. */
  private static final String[] STORES = {"records", "bücher", "r", "x".repeat(255)};

  @Test
  void aBlocksLogEntryIsTheEnvelopeAroundItsPartsEncodings() {
    Property.of("LedgerEntry.encode(block) == prefix || header || (u32 length || transaction.encode())*",
            BlockEntryEncodingTest::randomBlock)
        .describeWith(block -> block.transactions().size() + " transactions, " + block.encodedBytes() + " bytes")
        .trials(60)
        .check(block -> {
          ByteWriter expected = new ByteWriter(64);
          expected.u32(LedgerEntryFormat.MAGIC).u8(LedgerEntryFormat.VERSION).u8(LedgerEntryFormat.KIND_BLOCK);
          expected.raw(block.header().encode());
          for (Transaction transaction : block.transactions()) {
            expected.bytes32(transaction.encode());
          }
          byte[] entry = LedgerEntry.encode(block);
          assertThat(entry).isEqualTo(expected.toByteArray());
          assertThat(entry).hasSize(LedgerEntryFormat.PREFIX_BYTES + (int) block.encodedBytes());
          assertThat(block.encode()).isEqualTo(java.util.Arrays.copyOfRange(entry, LedgerEntryFormat.PREFIX_BYTES, entry.length));
          assertThat(block.isEntry(entry)).isTrue();
          assertThat(LedgerEntry.decode(entry)).isEqualTo(block);
        });
  }

  @Test
  void anAnchorEntryIsItsFieldsInOrder() {
    Property.of("AnchorEntry.of(...).encode() == u8 algorithm || hash || string8(store) || bytes16(key)",
            random -> {
              List<Object[]> cases = new ArrayList<>();
              for (int i = 0, n = 1 + random.nextInt(20); i < n; i++) {
                byte[] raw = new byte[1 + random.nextInt(64)];
                random.nextBytes(raw);
                byte[] key = new byte[1 + random.nextInt(ReadParameters.KEY_BYTES_MAX)];
                random.nextBytes(key);
                // A fresh String object half the time: the cache must answer by content either way.
                String store = STORES[random.nextInt(STORES.length)];
                cases.add(new Object[] {raw, random.nextBoolean() ? store : new String(store.toCharArray()), key});
              }
              return cases;
            })
        .trials(80)
        .check(cases -> {
          for (Object[] c : cases) {
            byte[] raw = (byte[]) c[0];
            String store = (String) c[1];
            byte[] key = (byte[]) c[2];
            HashAlgorithm algorithm = HashAlgorithm.SHA_256;
            Hash32 hash = algorithm.hash(raw);
            byte[] name = store.getBytes(StandardCharsets.UTF_8);
            byte[] expected = new ByteWriter(8).u8(algorithm.id()).raw(hash.bytes()).u8(name.length).raw(name)
                .bytes16(key).toByteArray();
            AnchorEntry entry = AnchorEntry.of(algorithm, hash, ReadParameters.of(store, key));
            assertThat(entry.encode()).as("store %s, key of %d bytes", store, key.length).isEqualTo(expected);
            assertThat(TransactionFormat.encodeEntry(algorithm.id(), hash.bytes(), store, key)).isEqualTo(expected);
            assertThat(entry.encodedBytes()).isEqualTo(expected.length);
          }
        });
  }

  private static Block randomBlock(SplittableRandom random) {
    List<Transaction> transactions = new ArrayList<>();
    long nonce = 0;
    for (int t = 0, n = 1 + random.nextInt(6); t < n; t++) {
      if (random.nextInt(4) == 0) {
        byte[] state = new byte[random.nextInt(100)];
        random.nextBytes(state);
        transactions.add(StateTransaction.sign(MEMBER, nonce++, "org" + random.nextInt(3), state));
        continue;
      }
      List<AnchorEntry> entries = new ArrayList<>();
      for (int i = 0, m = 1 + random.nextInt(40); i < m; i++) {
        byte[] raw = new byte[1 + random.nextInt(300)];
        random.nextBytes(raw);
        Hash32 hash = HashAlgorithm.SHA_256.hash(raw);
        byte[] key = random.nextBoolean() ? hash.bytes() : new byte[] {(byte) i, (byte) t, 1, 2, 3, 4, 5, 6, 7};
        entries.add(AnchorEntry.of(HashAlgorithm.SHA_256, hash, ReadParameters.of(STORES[random.nextInt(STORES.length)], key)));
      }
      transactions.add(AnchorTransaction.sign(MEMBER, nonce++, entries));
    }
    return Block.propose(MEMBER, 1 + random.nextInt(1000), PREVIOUS, Fixtures.T0 + random.nextInt(1_000_000), transactions);
  }
}
