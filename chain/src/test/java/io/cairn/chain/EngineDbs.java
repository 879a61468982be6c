package io.cairn.chain;

import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.DbIterator;
import io.cairn.lsm.api.Options;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** The two engine databases of a test ledger (ledger and records) under one directory. */
public final class EngineDbs implements AutoCloseable {
  public final Path directory;
  public final Db ledger;
  public final Db records;
  private boolean closed;

  private EngineDbs(Path directory) {
    this.directory = directory;
    this.records = Cairn.open(directory.resolve("records"), Options.defaults());
    this.ledger = Cairn.open(directory.resolve("ledger"), Options.defaults());
  }

  /** Opens (creating when missing) the databases under {@code directory}. */
  public static EngineDbs open(Path directory) {
    return new EngineDbs(directory);
  }

  /** Closes both databases and opens them again, as after a restart. */
  public EngineDbs reopen() {
    close();
    return open(directory);
  }

  /** Every entry of {@code db} in hex, to compare whole states. */
  public static Map<String, String> contents(Db db) {
    Map<String, String> copy = new TreeMap<>();
    try (DbIterator iterator = db.newIterator()) {
      for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
        copy.put(HexFormat.of().formatHex(iterator.key()), HexFormat.of().formatHex(iterator.value()));
      }
    }
    return copy;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      ledger.close();
    } finally {
      records.close();
    }
  }
}
