package io.cairn.bench.dag;

import io.cairn.chain.api.Admission;
import io.cairn.chain.api.Genesis;
import io.cairn.chain.api.HashAlgorithm;
import io.cairn.chain.api.Identity;
import io.cairn.chain.api.Ledger;
import io.cairn.chain.api.LedgerNode;
import io.cairn.chain.api.LedgerOptions;
import io.cairn.chain.api.RecordStore;
import io.cairn.chain.api.Role;
import io.cairn.chain.api.StoredRecord;
import io.cairn.chain.dag.DagBlock;
import io.cairn.chain.dag.DagBlockCodec;
import io.cairn.chain.dag.DagId;
import io.cairn.chain.dag.DagNode;
import io.cairn.chain.dag.DagStore;
import io.cairn.chain.dag.DagTx;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.WriteOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Seed 004 §5.3-5.4 (Figs 12-13): bytes on chain and time to store N enterprise records, three
 * ways, in one process on one node (no network: the comparison is of what each way writes):
 *
 * <ul>
 *   <li>{@link Mode#ALL_ON_CHAIN}: each record rides in a DAG transaction (payload), blocks go to
 *       the DAG store;
 *   <li>{@link Mode#HASHES_ON_DAG}: the record goes to the off-chain engine database under its
 *       SHA-256, the DAG carries the 32-byte key (Cairn's way);
 *   <li>{@link Mode#COMPOSITE}: as HASHES_ON_DAG, plus each enterprise's state data (one per
 *       {@code recordsPerEnterprise} records) published in the consortium ledger.
 * </ul>
 *
 * Blocks of {@code blockRecords} transactions; every block write and every consortium block is
 * synced.
 */
final class DagStorageExperiment {
  enum Mode { ALL_ON_CHAIN, HASHES_ON_DAG, COMPOSITE }

  record Result(Mode mode, int records, long onChainBytes, double seconds) {}

  private final int recordBytes;
  private final int blockRecords;
  private final int recordsPerEnterprise;
  private final long seed;

  DagStorageExperiment(int recordBytes, int blockRecords, int recordsPerEnterprise, long seed) {
    this.recordBytes = recordBytes;
    this.blockRecords = blockRecords;
    this.recordsPerEnterprise = recordsPerEnterprise;
    this.seed = seed;
  }

  Result run(Mode mode, int records, Path dir) {
    SplittableRandom random = new SplittableRandom(seed);
    DagBlock genesis = DagBlockCodec.create(Optional.empty(), List.of(), List.of(), seed);
    try (Db dagDb = Cairn.open(dir.resolve("dag"), Options.defaults());
        Db recordDb = Cairn.open(dir.resolve("records"), Options.defaults());
        Db ledgerDb = Cairn.open(dir.resolve("ledger"), Options.defaults())) {
      RecordStore offChain = new RecordStore(RecordStore.DEFAULT_NAME, recordDb, WriteOptions.SYNC);
      LedgerNode consortium = mode == Mode.COMPOSITE ? consortium(ledgerDb, offChain) : null;
      DagStore store = new DagStore(dagDb, true);
      DagNode node = new DagNode(0, 1, genesis, blockRecords);
      store.append(genesis);
      long onChain = DagBlockCodec.encodedSize(genesis);
      MessageDigest sha256 = sha256();
      long start = System.nanoTime();
      for (int done = 0; done < records; done += blockRecords) {
        int n = Math.min(blockRecords, records - done);
        List<byte[]> raws = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          byte[] raw = new byte[recordBytes];
          random.nextBytes(raw);
          raws.add(raw);
        }
        if (mode == Mode.ALL_ON_CHAIN) {
          for (byte[] raw : raws) {
            DagId key = DagId.of(sha256.digest(raw));
            node.submit(new DagTx(key, key, raw));
          }
        } else {
          for (StoredRecord stored : offChain.storeAll(raws, HashAlgorithm.SHA_256)) {
            node.submit(DagTx.of(DagId.of(stored.key().bytes())));
          }
        }
        DagBlock block = node.generate();
        store.append(block);
        onChain += DagBlockCodec.encodedSize(block);
        if (consortium != null) {
          onChain += publishStates(consortium, done, n);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Result(mode, records, onChain, seconds);
    }
  }

  private long publishStates(LedgerNode consortium, int done, int n) {
    long bytes = 0;
    for (int r = done; r < done + n; r++) {
      if ((r + 1) % recordsPerEnterprise == 0) {
        String organization = "enterprise-" + (r / recordsPerEnterprise);
        byte[] state = ("{\"organization\":\"" + organization + "\",\"records\":" + recordsPerEnterprise
            + ",\"status\":\"operating\"}").getBytes(StandardCharsets.UTF_8);
        consortium.publishState("bench", state);
        Ledger ledger = consortium.ledger();
        bytes += ledger.block(ledger.blockCount() - 1).orElseThrow().encode().length;
      }
    }
    return bytes;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static LedgerNode consortium(Db ledgerDb, RecordStore offChain) {
    Identity member = Identity.generate();
    Ledger ledger = Ledger.open(ledgerDb, LedgerOptions.defaults().withSources(offChain));
    long now = System.currentTimeMillis();
    ledger.apply(Genesis.create("bench-dag", member.key(), now));
    ledger.apply(Admission.issue(member, member.key(), "bench", EnumSet.allOf(Role.class), now));
    return new LedgerNode(member, ledger, offChain, System::currentTimeMillis, LedgerNode.DEFAULT_ENTRIES_PER_TRANSACTION);
  }
}
