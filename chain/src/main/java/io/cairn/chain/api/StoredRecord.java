package io.cairn.chain.api;

/**
 * A record written to an off-chain store: its key (the hash of its raw bytes under {@code
 * algorithm}) and the parameters that read it back. Ready to be anchored ({@link
 * AnchorEntry#of(StoredRecord)}).
 */
public record StoredRecord(Hash32 key, HashAlgorithm algorithm, ReadParameters read) {}
