package io.cairn.node.http;

import io.cairn.chain.api.Hash32;
import io.cairn.chain.dag.ConfluxOrder;
import io.cairn.chain.dag.DagBlock;
import io.cairn.chain.dag.DagBlockCodec;
import io.cairn.chain.dag.DagEpoch;
import io.cairn.chain.dag.DagId;
import io.cairn.chain.dag.DagTx;
import io.cairn.common.CairnException;
import io.cairn.common.ErrorCode;
import io.cairn.common.InvalidArgumentException;
import io.cairn.node.api.Json;
import io.cairn.node.service.LedgerService;
import io.cairn.replication.dag.DagChain;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.HexFormat;
import java.util.List;

/**
 * The client API's DAG chain routes ({@code docs/node.md}, {@code openapi.json}); ids are hex:
 *
 * <pre>
 * GET  /dag                              the DAG's newest blocks, pivot chain and epochs
 * GET  /dag/blocks/{id}                  one block with its epoch and encoding
 * GET  /dag/order?from=H                 the total order from pivot height H on
 * POST /dag/records                      raw bytes in: kept off-chain here, the key into the DAG (write)
 * GET  /dag/records/{key}/proof          the composite proof: DAG path plus the ledger's checkpoint proof
 * </pre>
 *
 * <p>A node without a DAG chain answers 501 NOT_SUPPORTED. Thread-safety: stateless.
 */
final class DagRoutes {
  /** These routes, {@code "METHOD PATH"} as {@code openapi.json} names them. */
  static final List<String> ROUTES = List.of("GET /dag", "GET /dag/blocks/{id}", "GET /dag/order",
      "POST /dag/records", "GET /dag/records/{key}/proof");
  /** Most blocks {@code GET /dag} lists (the newest); {@code ?limit=} lowers it. */
  static final int BLOCKS_MAX = 2_000;
  /** Most epochs one {@code GET /dag/order} returns. */
  static final int EPOCHS_MAX = 500;

  private final LedgerService service;
  private final WriteGuard guard;
  private final long bodyBytesMax;

  private DagRoutes(LedgerService service, WriteGuard guard, long bodyBytesMax) {
    this.service = service;
    this.guard = guard;
    this.bodyBytesMax = bodyBytesMax;
  }

  /** Adds the routes over {@code service} to {@code routing}. */
  static void register(HttpRouting.Builder routing, LedgerService service, WriteGuard guard, long bodyBytesMax) {
    DagRoutes routes = new DagRoutes(service, guard, bodyBytesMax);
    routing.get("/dag", routes::summary)
        .get("/dag/blocks/{id}", routes::block)
        .get("/dag/order", routes::order)
        .post("/dag/records", routes::anchor)
        .get("/dag/records/{key}/proof", routes::proof);
  }

  private DagChain chain() {
    return service.dag().orElseThrow(() -> new CairnException(ErrorCode.NOT_SUPPORTED,
        "this node runs no DAG chain (start it with node start --dag, or cluster up --dag)"));
  }

  private void summary(ServerRequest request, ServerResponse response) {
    int limit = (int) number(request, "limit", BLOCKS_MAX, 1, BLOCKS_MAX);
    DagChain chain = chain();
    HttpApi.send(response, 200, chain.read(order -> {
      List<DagId> all = order.blockOrder();
      List<DagId> unordered = order.unorderedBlocks();
      Json.Arr blocks = Json.array();
      List<DagId> shown = all.subList(Math.max(0, all.size() - limit), all.size());
      shown.forEach(id -> blocks.add(block(order, order.block(id).orElseThrow())));
      unordered.forEach(id -> blocks.add(block(order, order.block(id).orElseThrow())));
      Json.Arr epochs = Json.array();
      List<DagEpoch> list = order.epochs();
      for (DagEpoch epoch : list.subList(Math.max(0, list.size() - limit), list.size())) {
        epochs.add(epoch(epoch));
      }
      return Json.object().put("blocks", blocks).put("pivot_chain", hexes(order.pivotChain()))
          .put("epochs", epochs).put("tips", hexes(order.tips())).put("block_count", order.size())
          .put("ordered_tx_count", order.orderedTxCount()).put("confirm_depth", chain.confirmDepth())
          .put("confirmed_epochs", order.confirmedEpochs(chain.confirmDepth()));
    }));
  }

  private void block(ServerRequest request, ServerResponse response) {
    DagId id = DagId.of(hex(request.path().pathParameters().get("id"), "a block id"));
    Json.Obj found = chain().read(order -> order.block(id).map(block -> block(order, block)
        .put("encoding_hex", HexFormat.of().formatHex(DagBlockCodec.encode(block)))
        .put("subtree_weight", order.subtreeWeight(id))).orElse(null));
    if (found == null) {
      HttpApi.send(response, 404, ApiJson.error("NOT_FOUND", "this node holds no DAG block " + id.hex()));
    } else {
      HttpApi.send(response, 200, found);
    }
  }

  private void order(ServerRequest request, ServerResponse response) {
    int from = (int) number(request, "from", 0, 0, Integer.MAX_VALUE);
    DagChain chain = chain();
    HttpApi.send(response, 200, chain.read(order -> {
      Json.Arr epochs = Json.array();
      int to = Math.min(order.pivotLength(), from + EPOCHS_MAX);
      for (int h = from; h < to; h++) {
        Json.Arr txs = Json.array();
        order.txOrder(h).forEach(tx -> txs.add(tx.id().hex()));
        epochs.add(epoch(order.epoch(h)).put("txs", txs));
      }
      return Json.object().put("from", from).put("next", to).put("pivot_length", order.pivotLength())
          .put("confirmed_epochs", order.confirmedEpochs(chain.confirmDepth())).put("epochs", epochs);
    }));
  }

  private void anchor(ServerRequest request, ServerResponse response) {
    guard.check(request);
    byte[] raw = HttpApi.readBody(request, bodyBytesMax);
    if (raw.length == 0) {
      throw new InvalidArgumentException("the request body is empty: send the record's raw bytes");
    }
    Hash32 key = chain().anchor(raw);
    HttpApi.send(response, 202, Json.object().put("key", key.hex()));
  }

  private void proof(ServerRequest request, ServerResponse response) {
    Hash32 key = Hash32.parse(request.path().pathParameters().get("key"));
    chain().proof(key).ifPresentOrElse(proof -> {
      Json.Arr path = Json.array();
      proof.dag().path().forEach(encoding -> path.add(HexFormat.of().formatHex(encoding)));
      HttpApi.send(response, 200, Json.object().put("key", key.hex()).put("pivot", proof.pivot().hex())
          .put("dag_path_hex", path)
          .put("checkpoint", proof.checkpoint().map(ApiJson::proof).orElse(null))
          .put("checkpoint_verdict", proof.checkpointVerdict() == null ? null : ApiJson.verdict(proof.checkpointVerdict()))
          .put("verified", proof.verified()));
    }, () -> HttpApi.send(response, 404, ApiJson.error("NOT_FOUND",
        "no ordered DAG transaction claims key " + key + " on this node (yet)")));
  }

  private static Json.Obj block(ConfluxOrder order, DagBlock block) {
    Json.Arr txs = Json.array();
    for (DagTx tx : block.txs()) {
      txs.add(tx.id().hex());
    }
    int epoch = order.epochOf(block.id());
    return Json.object().put("id", block.id().hex()).put("parent", block.parent().map(DagId::hex).orElse(null))
        .put("refs", hexes(block.refs())).put("txs", txs).put("epoch", epoch < 0 ? null : (Object) epoch);
  }

  private static Json.Obj epoch(DagEpoch epoch) {
    return Json.object().put("height", epoch.height()).put("pivot", epoch.pivot().hex())
        .put("blocks", hexes(epoch.blocks()));
  }

  private static Json.Arr hexes(List<DagId> ids) {
    Json.Arr out = Json.array();
    ids.forEach(id -> out.add(id.hex()));
    return out;
  }

  private static long number(ServerRequest request, String name, long fallback, long min, long max) {
    String text = request.query().first(name).orElse(null);
    if (text == null) {
      return fallback;
    }
    try {
      long value = Long.parseLong(text);
      if (value < min || value > max) {
        throw new InvalidArgumentException(name + " must be in " + min + ".." + max + ", was " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException(name + " must be a number, was '" + text + "'");
    }
  }

  private static byte[] hex(String text, String what) {
    try {
      return HexFormat.of().parseHex(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(what + " is hex digits in pairs, was '" + text + "'");
    }
  }
}
