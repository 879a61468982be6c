package io.cairn.node.cli;

import io.cairn.chain.dag.ConfluxOrder;
import io.cairn.chain.dag.DagBlock;
import io.cairn.chain.dag.DagEpoch;
import io.cairn.chain.dag.DagId;
import io.cairn.chain.dag.DagTx;
import io.cairn.chain.dag.DroppedTx;
import io.cairn.common.CairnIoException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.node.api.Json;
import jakarta.json.JsonException;
import jakarta.json.stream.JsonLocation;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import jakarta.json.stream.JsonParsingException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JSON form of a DAG for {@code cairn dag order} (docs/dag.md, "For scripts"): reads {@code
 * {"blocks": [{"id", "parent", "refs": [...], "txs": [...]}]}} and writes the order. Ids are text
 * and stand for hashes; a transaction is a string (its own key) or {@code {"id", "key"}}. Reading
 * is strict: an unknown member, a wrong type or malformed JSON is refused with its line and column.
 * It uses the node's one JSON parser, Jakarta JSON-P (Parsson), through its streaming API.
 */
final class DagJson {
  private DagJson() {}

  /** The blocks of the document in {@code in}; {@code name} names it in errors. */
  static List<DagBlock> read(InputStream in, String name) {
    try (JsonParser p = jakarta.json.Json.createParser(in)) {
      expect(p, next(p), Event.START_OBJECT, name, "the document");
      List<DagBlock> blocks = null;
      while (next(p) == Event.KEY_NAME) {
        String field = p.getString();
        if (!field.equals("blocks")) {
          throw error(p, name, "unknown member \"" + field + "\" (the document has only \"blocks\")");
        }
        expect(p, next(p), Event.START_ARRAY, name, "\"blocks\"");
        blocks = new ArrayList<>();
        for (Event e = next(p); e != Event.END_ARRAY; e = next(p)) {
          blocks.add(block(p, e, name));
        }
      }
      if (blocks == null) {
        throw new InvalidArgumentException(name + ": no \"blocks\" member");
      }
      if (next(p) != null) {
        throw error(p, name, "content after the document");
      }
      return blocks;
    } catch (JsonParsingException e) {
      JsonLocation at = e.getLocation();
      throw new InvalidArgumentException(name + ": not JSON: " + e.getMessage()
          + (at == null ? "" : " at line " + at.getLineNumber() + ", column " + at.getColumnNumber()));
    } catch (JsonException e) {
      throw new CairnIoException(name + ": " + e.getMessage(), e);
    }
  }

  /** The next event, or null at the end of the input. */
  private static Event next(JsonParser p) {
    return p.hasNext() ? p.next() : null;
  }

  private static DagBlock block(JsonParser p, Event first, String name) {
    expect(p, first, Event.START_OBJECT, name, "a block");
    String id = null;
    Optional<DagId> parent = null;
    List<DagId> refs = List.of();
    List<DagTx> txs = List.of();
    while (next(p) == Event.KEY_NAME) {
      String field = p.getString();
      Event value = next(p);
      switch (field) {
        case "id" -> id = text(p, value, name, "\"id\"");
        case "parent" -> parent = value == Event.VALUE_NULL
            ? Optional.empty() : Optional.of(DagId.ofText(text(p, value, name, "\"parent\"")));
        case "refs" -> refs = ids(p, value, name);
        case "txs" -> txs = txs(p, value, name);
        default -> throw error(p, name, "unknown block member \"" + field + "\" (id, parent, refs, txs)");
      }
    }
    if (id == null) {
      throw error(p, name, "a block without \"id\"");
    }
    if (parent == null) {
      throw error(p, name, "block " + id + " has no \"parent\" member (null for the genesis)");
    }
    try {
      return new DagBlock(DagId.ofText(id), parent, refs, txs, 0);
    } catch (InvalidArgumentException e) {
      throw error(p, name, e.getMessage());
    }
  }

  private static List<DagId> ids(JsonParser p, Event value, String name) {
    expect(p, value, Event.START_ARRAY, name, "\"refs\"");
    List<DagId> out = new ArrayList<>();
    for (Event e = next(p); e != Event.END_ARRAY; e = next(p)) {
      out.add(DagId.ofText(text(p, e, name, "a reference")));
    }
    return out;
  }

  private static List<DagTx> txs(JsonParser p, Event value, String name) {
    expect(p, value, Event.START_ARRAY, name, "\"txs\"");
    List<DagTx> out = new ArrayList<>();
    for (Event e = next(p); e != Event.END_ARRAY; e = next(p)) {
      if (e == Event.START_OBJECT) {
        String id = null;
        String key = null;
        while (next(p) == Event.KEY_NAME) {
          String field = p.getString();
          Event v = next(p);
          switch (field) {
            case "id" -> id = text(p, v, name, "a transaction's \"id\"");
            case "key" -> key = text(p, v, name, "a transaction's \"key\"");
            default -> throw error(p, name, "unknown transaction member \"" + field + "\" (id, key)");
          }
        }
        if (id == null || key == null) {
          throw error(p, name, "a transaction object needs \"id\" and \"key\"");
        }
        out.add(new DagTx(DagId.ofText(id), DagId.ofText(key)));
      } else {
        out.add(DagTx.of(DagId.ofText(text(p, e, name, "a transaction"))));
      }
    }
    return out;
  }

  private static String text(JsonParser p, Event e, String name, String what) {
    if (e != Event.VALUE_STRING) {
      throw error(p, name, what + " must be a string, found " + describe(e));
    }
    String text = p.getString();
    if (text.isEmpty()) {
      throw error(p, name, what + " must not be empty");
    }
    return text;
  }

  private static void expect(JsonParser p, Event found, Event wanted, String name, String what) {
    if (found != wanted) {
      throw error(p, name, what + " must be " + describe(wanted) + ", found " + describe(found));
    }
  }

  private static String describe(Event e) {
    if (e == null) {
      return "the end of the input";
    }
    return switch (e) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NULL -> "null";
      case VALUE_NUMBER -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case END_OBJECT -> "'}'";
      case END_ARRAY -> "']'";
      case KEY_NAME -> "a member name";
    };
  }

  private static InvalidArgumentException error(JsonParser p, String name, String problem) {
    JsonLocation at = p.getLocation();
    return new InvalidArgumentException(name + " line " + at.getLineNumber() + ", column " + at.getColumnNumber()
        + ": " + problem);
  }

  /** The order as the "For scripts" object: pivot_chain, epochs, block_order, tx_order, dropped_txs, unordered_blocks. */
  static Json.Obj write(ConfluxOrder order) {
    Json.Arr epochs = Json.array();
    for (DagEpoch epoch : order.epochs()) {
      epochs.add(Json.object().put("pivot", epoch.pivot().text()).put("blocks", texts(epoch.blocks())));
    }
    Json.Arr txs = Json.array();
    order.txOrder().forEach(tx -> txs.add(tx.id().text()));
    Json.Arr dropped = Json.array();
    for (DroppedTx d : order.droppedTxs()) {
      dropped.add(d.tx().id().text());
    }
    return Json.object()
        .put("pivot_chain", texts(order.pivotChain()))
        .put("epochs", epochs)
        .put("block_order", texts(order.blockOrder()))
        .put("tx_order", txs)
        .put("dropped_txs", dropped)
        .put("unordered_blocks", texts(order.unorderedBlocks()));
  }

  private static Json.Arr texts(List<DagId> ids) {
    Json.Arr out = Json.array();
    ids.forEach(id -> out.add(id.text()));
    return out;
  }
}
