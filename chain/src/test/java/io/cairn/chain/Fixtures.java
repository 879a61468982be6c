package io.cairn.chain;

import io.cairn.chain.api.AnchorEntry;
import io.cairn.chain.api.AnchorTransaction;
import io.cairn.chain.api.Block;
import io.cairn.chain.api.Genesis;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.HashAlgorithm;
import io.cairn.chain.api.Identity;
import io.cairn.chain.api.ReadParameters;
import io.cairn.chain.api.StateTransaction;
import io.cairn.chain.api.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic identities, records and blocks for the chain's tests. */
public final class Fixtures {
  /** Fixed start of test clocks: 2024-01-01T00:00:00Z. */
  public static final long T0 = 1_704_067_200_000L;

  private Fixtures() {}

  /** The identity whose secret seed is 32 copies of {@code fill}: the same in every run. */
  public static Identity identity(int fill) {
    byte[] seed = new byte[32];
    java.util.Arrays.fill(seed, (byte) fill);
    return Identity.fromSeed(seed);
  }

  /** {@code count} random records of {@code bytes} bytes each. */
  public static List<byte[]> records(SplittableRandom random, int count, int bytes) {
    List<byte[]> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] raw = new byte[bytes];
      random.nextBytes(raw);
      records.add(raw);
    }
    return records;
  }

  /** An entry anchoring {@code raw} as stored in the store called "records". */
  public static AnchorEntry entry(byte[] raw) {
    Hash32 key = HashAlgorithm.SHA_256.hash(raw);
    return AnchorEntry.of(HashAlgorithm.SHA_256, key, ReadParameters.of("records", key.bytes()));
  }

  /** A transaction anchoring {@code raws} signed by {@code requester}. */
  public static AnchorTransaction anchor(Identity requester, long nonce, List<byte[]> raws) {
    List<AnchorEntry> entries = new ArrayList<>();
    for (byte[] raw : raws) {
      entries.add(entry(raw));
    }
    return AnchorTransaction.sign(requester, nonce, entries);
  }

  /** {@link #anchor(Identity, long, List)} of transaction version {@code version} (1, or 2: the store table). */
  public static AnchorTransaction anchor(Identity requester, long nonce, List<byte[]> raws, int version) {
    List<AnchorEntry> entries = new ArrayList<>();
    for (byte[] raw : raws) {
      entries.add(entry(raw));
    }
    return AnchorTransaction.sign(requester, nonce, entries, version);
  }

  /** A small valid-looking block (one anchor and one state transaction) for codec tests. */
  public static Block sampleBlock() {
    Identity member = identity(7);
    SplittableRandom random = new SplittableRandom(42);
    List<Transaction> transactions = List.of(
        anchor(member, 0, records(random, 5, 40)),
        StateTransaction.sign(member, 1, "acme", new byte[] {1, 2, 3}));
    Genesis genesis = Genesis.create("test-chain", identity(1).key(), T0);
    return Block.propose(member, 0, genesis.hash(), T0 + 1, transactions);
  }
}
