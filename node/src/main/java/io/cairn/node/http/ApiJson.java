package io.cairn.node.http;

import io.cairn.chain.api.AnchorReceipt;
import io.cairn.chain.api.AnchorTransaction;
import io.cairn.chain.api.Block;
import io.cairn.chain.api.BlockHeader;
import io.cairn.chain.api.ConsensusOutcome;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.InclusionProof;
import io.cairn.chain.api.SignedVerdict;
import io.cairn.chain.api.StateTransaction;
import io.cairn.chain.api.Transaction;
import io.cairn.chain.contract.ContractTransaction;
import io.cairn.chain.api.Verdict;
import io.cairn.node.api.Json;
import io.cairn.replication.api.NodeStatus;
import io.cairn.replication.api.VerificationResult;
import java.util.HexFormat;
import java.util.List;

/**
 * The JSON bodies of the client API, one method per response type. Field names are snake_case
 * and stable; {@code openapi.json} (beside this class) describes each one, and {@link
 * io.cairn.node.client.NodeClient} reads them back.
 *
 * <p>Thread-safety: stateless.
 */
public final class ApiJson {
  private ApiJson() {}

  /** {@code POST /records}: where the record was anchored. */
  public static Json.Obj receipt(AnchorReceipt receipt) {
    return Json.object().put("key", receipt.key().hex()).put("algorithm", receipt.algorithm().label())
        .put("height", receipt.position().height()).put("transaction", receipt.position().transactionIndex())
        .put("entry", receipt.position().entryIndex()).put("block_hash", receipt.blockHash().hex());
  }

  /** {@code GET /records/{key}/verdict}: the local reflection verification verdict. */
  public static Json.Obj verdict(Verdict verdict) {
    Json.Obj out = Json.object().put("key", verdict.key().hex()).put("verdict", verdict.code().name())
        .put("passed", verdict.passed()).put("detail", verdict.detail());
    if (verdict.position() != null) {
      out.put("height", verdict.position().height()).put("transaction", verdict.position().transactionIndex())
          .put("entry", verdict.position().entryIndex());
    }
    return out;
  }

  /** {@code POST /records/{key}/verification}: the outcome and every participant's verdict. */
  public static Json.Obj outcome(Hash32 key, VerificationResult result) {
    ConsensusOutcome outcome = result.outcome();
    Json.Arr verdicts = Json.array();
    for (SignedVerdict verdict : outcome.verdicts()) {
      verdicts.add(Json.object().put("participant", verdict.participant().hex())
          .put("verdict", verdict.code().name()).put("passed", verdict.passed())
          .put("attempts", verdict.attempts()).put("detail", verdict.detail()));
    }
    Json.Arr problems = Json.array();
    outcome.problems().forEach(problems::add);
    return Json.object().put("key", key.hex()).put("request", outcome.requestHash().hex())
        .put("agreed", outcome.agreed()).put("passing", outcome.passing())
        .put("participants", outcome.participants()).put("verdicts", verdicts).put("problems", problems)
        .put("recorded", result.recorded() == null ? null : receipt(result.recorded()));
  }

  /** {@code GET /blocks/...}: a block's header and its transactions (without their entries). */
  public static Json.Obj block(Block block) {
    Json.Arr transactions = Json.array();
    for (Transaction transaction : block.transactions()) {
      transactions.add(transaction(transaction));
    }
    return header(block.header()).put("transactions", transactions);
  }

  /** A block header's fields. */
  public static Json.Obj header(BlockHeader header) {
    return Json.object().put("height", header.height()).put("hash", header.hash().hex())
        .put("previous_hash", header.previousHash().hex()).put("merkle_root", header.merkleRoot().hex())
        .put("timestamp_ms", header.timestampMillis()).put("proposer", header.proposer().hex())
        .put("signature_valid", header.signatureValid()).put("transaction_count", header.transactionCount());
  }

  private static Json.Obj transaction(Transaction transaction) {
    Json.Obj out = Json.object().put("id", transaction.id().hex()).put("requester", transaction.requester().hex())
        .put("nonce", transaction.nonce()).put("signature_valid", transaction.signatureValid());
    switch (transaction) {
      case AnchorTransaction anchor -> {
        Json.Arr keys = Json.array();
        anchor.entries().forEach(entry -> keys.add(entry.recordHash().hex()));
        out.put("kind", "anchor").put("records", keys);
      }
      case StateTransaction state -> out.put("kind", "state").put("organization", state.organization())
          .put("state_hex", HexFormat.of().formatHex(state.state()));
      case ContractTransaction contract -> out.put("kind", "contract")
          .put("call", contract.call().kind().name().toLowerCase(java.util.Locale.ROOT))
          .put("contract", contract.call().contract()).put("method", contract.call().method())
          .put("args_hex", HexFormat.of().formatHex(contract.call().argsShared()))
          .put("gas_limit", contract.call().gasLimit());
    }
    return out;
  }

  /** {@code GET /records/{key}/proof}: the Merkle paths from the entry to the block header. */
  public static Json.Obj proof(InclusionProof proof) {
    return Json.object().put("key", proof.recordKey().hex()).put("height", proof.position().height())
        .put("transaction", proof.position().transactionIndex()).put("entry", proof.position().entryIndex())
        .put("entry_leaf", proof.entry().leafHash().hex()).put("entry_path", hashes(proof.entryPath()))
        .put("transaction_id", proof.transactionId().hex())
        .put("transaction_header_hex", HexFormat.of().formatHex(proof.transactionHeader()))
        .put("transaction_path", hashes(proof.transactionPath())).put("requester", proof.requester().hex())
        .put("block", header(proof.blockHeader()));
  }

  private static Json.Arr hashes(List<Hash32> path) {
    Json.Arr out = Json.array();
    path.forEach(hash -> out.add(hash.hex()));
    return out;
  }

  /** {@code GET /status}: this node's view of itself and the cluster. */
  public static Json.Obj status(NodeStatus status) {
    Json.Arr members = Json.array();
    for (NodeStatus.MemberStatus member : status.members()) {
      members.add(Json.object().put("id", member.id())
          .put("url", member.http() == null ? null : member.http().toString())
          .put("peer", member.peer() == null ? null : member.peer().getHostString() + ":" + member.peer().getPort())
          .put("self", member.self()).put("alive", member.alive())
          .put("match_index", member.matchIndex()).put("lagging", member.lagging()));
    }
    return Json.object().put("id", status.id()).put("role", status.role()).put("term", status.term())
        .put("commit_index", status.commitIndex()).put("applied_index", status.appliedIndex())
        .put("leader", status.leaderId()).put("block_count", status.blockCount()).put("members", members)
        .put("peer_bytes_sent", status.peerBytesSent())
        .put("snapshot_bytes_received", status.snapshotBytesReceived())
        .put("snapshot_receive_ms", status.snapshotReceiveMillis())
        .put("snapshot_received", timeline(status.snapshotReceived()))
        .put("snapshots_sent", timelines(status.snapshotsSent()))
        .put("allocated_bytes", AllocatedBytes.total());
  }

  /** A snapshot transfer's steps: {@code {"member", "index", "bytes", "steps_us": {step: wall-clock µs}}}. */
  private static Json.Obj timeline(io.cairn.replication.api.SnapshotTimeline timeline) {
    if (timeline == null) {
      return null;
    }
    Json.Obj steps = Json.object();
    timeline.micros().forEach(steps::put);
    return Json.object().put("member", timeline.member()).put("index", timeline.index())
        .put("bytes", timeline.bytes()).put("steps_us", steps);
  }

  private static Json.Arr timelines(List<io.cairn.replication.api.SnapshotTimeline> timelines) {
    Json.Arr out = Json.array();
    timelines.forEach(timeline -> out.add(timeline(timeline)));
    return out;
  }

  /** Every error response: {@code {"error": CODE, "message": TEXT}}. */
  public static Json.Obj error(String code, String message) {
    return Json.object().put("error", code).put("message", message);
  }
}
