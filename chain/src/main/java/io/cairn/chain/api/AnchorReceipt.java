package io.cairn.chain.api;

/**
 * What anchoring one record produced: its key, where it is anchored and the hash of that block.
 *
 * @param key the record key (hash of its raw bytes)
 * @param algorithm the algorithm that computed the key
 * @param position where the record's first anchor is (an earlier anchor of the same bytes wins)
 * @param blockHash the hash of the block at {@code position.height()}
 */
public record AnchorReceipt(Hash32 key, HashAlgorithm algorithm, AnchorPosition position, Hash32 blockHash) {}
