package io.cairn.chain.api;

import io.cairn.chain.codec.ByteReader;
import io.cairn.chain.codec.LedgerEntryFormat;
import io.cairn.common.ByteWriter;
import java.util.Arrays;

/**
 * One ordered, deterministic change to a ledger: the {@link Genesis}, an {@link Admission} or a
 * {@link Block}. Every change to a ledger's state is the application of such an entry, in log
 * order, so a replicated log (KRaft) can drive the ledgers of many nodes to the same state: same
 * entries in, same state and same rejections out. Nothing in {@link Ledger#apply} reads a clock or
 * a random source.
 */
public sealed interface LedgerEntry permits Genesis, Admission, Block {
  /** The entry in its log envelope ({@code docs/formats/chain-indexes.md}). */
  static byte[] encode(LedgerEntry entry) {
    return switch (entry) {
      case Genesis genesis -> LedgerEntryFormat.wrap(LedgerEntryFormat.KIND_GENESIS, genesis.encode());
      case Admission admission -> LedgerEntryFormat.wrap(LedgerEntryFormat.KIND_ADMISSION, admission.encode());
      case Block block -> { // written once into the entry's array: no block-sized copy of the block's own encoding
        ByteWriter out = new ByteWriter(Math.toIntExact(LedgerEntryFormat.PREFIX_BYTES + block.encodedBytes()));
        LedgerEntryFormat.writePrefix(out, LedgerEntryFormat.KIND_BLOCK);
        block.writeTo(out);
        yield out.toByteArray();
      }
    };
  }

  /**
   * Decodes an entry from its log envelope.
   *
   * @throws io.cairn.common.CorruptionException when the bytes are not one well-formed entry
   */
  static LedgerEntry decode(byte[] bytes) {
    ByteReader in = new ByteReader(bytes, "ledger entry");
    int kind = LedgerEntryFormat.unwrap(in);
    if (kind == LedgerEntryFormat.KIND_BLOCK) { // decoded where it lies: a block is the large, frequent kind
      return Block.decode(bytes, LedgerEntryFormat.PREFIX_BYTES, bytes.length - LedgerEntryFormat.PREFIX_BYTES);
    }
    byte[] payload = Arrays.copyOfRange(bytes, LedgerEntryFormat.PREFIX_BYTES, bytes.length);
    return switch (kind) {
      case LedgerEntryFormat.KIND_GENESIS -> Genesis.decode(payload);
      case LedgerEntryFormat.KIND_ADMISSION -> Admission.decode(payload);
      default -> Block.decode(payload);
    };
  }
}
