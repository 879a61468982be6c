package io.cairn.node.cli;

import io.cairn.common.InvalidArgumentException;
import io.cairn.node.api.ExitCodes;
import io.cairn.node.client.NodeClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * {@code cairn chain --node URL} and {@code cairn chain show --node URL}: a running node's chain,
 * printed from its client API's JSON in the layout of the local commands.
 *
 * <p>Thread-safety: stateless.
 */
final class RemoteChain {
  private RemoteChain() {}

  /** Block count, head and one line per newest block: {@code H  HASH  txs N  proposer P}. */
  static int summary(NodeClient client, int last, PrintWriter out) {
    JsonObject blocks = client.blocks();
    long count = blocks.getJsonNumber("count").longValue();
    out.println("node " + client.baseUrl() + ": " + count + " blocks"
        + (count == 0 ? "" : ", head " + blocks.getString("head_hash")));
    for (long height = Math.max(0, count - last); height < count; height++) {
      Optional<JsonObject> block = client.block(height);
      if (block.isEmpty()) {
        break;
      }
      JsonObject header = block.get();
      out.println("  " + height + "  " + header.getString("hash") + "  txs " + header.getInt("transaction_count")
          + "  proposer " + header.getString("proposer").substring(0, 12));
    }
    return ExitCodes.OK;
  }

  /** One block (by height, by hash, or the head), header and transactions. */
  static int show(NodeClient client, Long height, String hash, boolean entries, PrintWriter out, PrintWriter err) {
    Optional<JsonObject> block;
    if (hash != null) {
      block = client.block(hash);
    } else {
      long count = client.blocks().getJsonNumber("count").longValue();
      if (height == null && count == 0) {
        out.println("the node at " + client.baseUrl() + " has no blocks yet");
        return ExitCodes.OK;
      }
      long chosen = height == null ? count - 1 : height;
      if (chosen < 0) {
        throw new InvalidArgumentException("--height must not be negative, was " + chosen);
      }
      block = client.block(chosen);
    }
    if (block.isEmpty()) {
      err.println("cairn chain show: the node at " + client.baseUrl() + " has no such block");
      return ExitCodes.FAILED;
    }
    print(block.get(), entries, out);
    return ExitCodes.OK;
  }

  private static void print(JsonObject block, boolean entries, PrintWriter out) {
    out.println("block " + block.getJsonNumber("height"));
    out.println("  hash           " + block.getString("hash"));
    out.println("  previous hash  " + block.getString("previous_hash"));
    out.println("  merkle root    " + block.getString("merkle_root"));
    out.println("  timestamp      " + java.time.Instant.ofEpochMilli(block.getJsonNumber("timestamp_ms").longValue())
        + " (" + block.getJsonNumber("timestamp_ms") + " ms)");
    out.println("  proposer       " + block.getString("proposer"));
    out.println("  signature      " + (block.getBoolean("signature_valid") ? "valid" : "INVALID"));
    out.println("  transactions   " + block.getInt("transaction_count"));
    int index = 0;
    for (JsonValue value : block.getJsonArray("transactions")) {
      JsonObject transaction = value.asJsonObject();
      String kind = transaction.getString("kind");
      String details = "anchor".equals(kind)
          ? "entries " + transaction.getJsonArray("records").size()
          : "organization " + transaction.getString("organization");
      out.println("  tx " + index++ + "  " + kind + "  id " + transaction.getString("id") + "  requester "
          + transaction.getString("requester").substring(0, 12) + "  nonce " + transaction.getJsonNumber("nonce")
          + "  " + details + "  signature " + (transaction.getBoolean("signature_valid") ? "valid" : "INVALID"));
      if (entries && "anchor".equals(kind)) {
        int position = 0;
        for (JsonValue record : transaction.getJsonArray("records")) {
          out.println("    " + position++ + "  " + ((jakarta.json.JsonString) record).getString());
        }
      }
    }
  }
}
