package io.cairn.bench.cluster;

import io.cairn.chain.api.Admission;
import io.cairn.chain.api.AnchorEntry;
import io.cairn.chain.api.AnchorTransaction;
import io.cairn.chain.api.ApplyResult;
import io.cairn.chain.api.Block;
import io.cairn.chain.api.Genesis;
import io.cairn.chain.api.HashAlgorithm;
import io.cairn.chain.api.Identity;
import io.cairn.chain.api.Ledger;
import io.cairn.chain.api.LedgerEntry;
import io.cairn.chain.api.LedgerOptions;
import io.cairn.chain.api.ReadParameters;
import io.cairn.chain.api.Role;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;

/**
 * The Ratis peer's second state machine: every server applies each committed request to its own
 * Cairn {@link Ledger}, as a Cairn member applies a block, so {@code bench cluster --ratis-ledger}
 * shows Ratis's replication with the ledger's cost on top, beside the counting machine's row.
 *
 * <p>A request is the client's records, concatenated ({@code recordBytes} each). Each server turns
 * the entry into the block a Cairn leader would propose for it: one anchoring transaction whose
 * entries are the records' SHA-256 hashes with read parameters naming them, signed by the bench's
 * one member (with its next nonce), in a block signed by the same member, chained on the
 * ledger's head, timestamped with the genesis time. Ed25519 signatures are deterministic, so every
 * server builds and applies the same bytes and ends with the same chain. What it does beyond a
 * Cairn follower: it hashes the records and signs twice per entry (a Cairn leader does that once,
 * for every member); what it leaves out: the raw records are not stored (a Cairn leader stores
 * them with a synced write before it proposes).
 *
 * <p>Thread-safety: Ratis calls {@link #applyTransaction} from one thread per server, in log order.
 */
final class RatisLedgerMachine extends BaseStateMachine {
  private static final String STORE = "ratis-bench";

  private final Identity member;
  private final int recordBytes;
  private final Db db;
  private final Ledger ledger;
  private final long genesisMillis;

  /**
   * A machine whose ledger lives in {@code folder}, founded by {@code member} at {@code
   * genesisMillis} (the same on every server), for requests of records of {@code recordBytes}.
   */
  RatisLedgerMachine(Path folder, Identity member, long genesisMillis, int recordBytes) {
    this.member = member;
    this.recordBytes = recordBytes;
    this.genesisMillis = genesisMillis;
    this.db = Cairn.open(folder, Options.defaults());
    this.ledger = Ledger.open(db, LedgerOptions.defaults().withSyncWrites(false));
    require(ledger.apply(1, LedgerEntry.encode(Genesis.create("ratis-bench", member.key(), genesisMillis))));
    require(ledger.apply(2, LedgerEntry.encode(
        Admission.issue(member, member.key(), "bench", EnumSet.allOf(Role.class), genesisMillis))));
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext transaction) {
    LogEntryProto entry = transaction.getLogEntry();
    ByteBuffer data = entry.getStateMachineLogEntry().getLogData().asReadOnlyByteBuffer();
    List<AnchorEntry> entries = new ArrayList<>(data.remaining() / recordBytes + 1);
    byte[] raw = new byte[recordBytes];
    while (data.remaining() >= recordBytes) {
      data.get(raw);
      var hash = HashAlgorithm.SHA_256.hash(raw);
      entries.add(AnchorEntry.of(HashAlgorithm.SHA_256, hash, ReadParameters.of(STORE, hash.bytes())));
    }
    if (!entries.isEmpty()) {
      AnchorTransaction anchor = AnchorTransaction.sign(member, ledger.nextNonce(member.key()), entries);
      Block block = Block.propose(member, ledger.blockCount(), ledger.headHash(), genesisMillis, List.of(anchor));
      require(ledger.apply(ledger.lastAppliedIndex() + 1, LedgerEntry.encode(block)));
    }
    updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
    return CompletableFuture.completedFuture(Message.EMPTY);
  }

  /** Blocks on this server's ledger. */
  long blockCount() {
    return ledger.blockCount();
  }

  @Override
  public void close() throws IOException {
    super.close();
    ledger.close();
    db.close();
  }

  private static void require(ApplyResult result) {
    if (result.outcome() != ApplyResult.Outcome.APPLIED) {
      throw new IllegalStateException("the bench ledger refused an entry: " + result.detail());
    }
  }
}
