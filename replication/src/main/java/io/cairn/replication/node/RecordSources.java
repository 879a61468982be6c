package io.cairn.replication.node;

import io.cairn.chain.api.RecordSource;
import io.cairn.chain.api.RecordStore;
import io.cairn.common.BusyException;

/**
 * Off-chain records between members: this node answers record requests from its own store, and
 * reads other members' records through {@link #remote}, one {@link RecordSource} per member named
 * as that member's store, so the ledger's verifier reads any anchored record back by its read
 * parameters. A read that fails (timeout, no connection) is tried once more before it counts as
 * failed: a verifier re-fetches before it votes no.
 *
 * <p>Thread-safety: thread-safe.
 */
final class RecordSources {
  static final long FETCH_TIMEOUT_MILLIS = 3_000;
  private static final int ATTEMPTS = 2;

  private RecordSources() {}

  /** Serves record requests of peers from {@code local}. */
  static void serve(Calls calls, RecordStore local) {
    calls.handle(Wire.KIND_RECORD, body -> {
      Wire.RecordQuery query = Wire.recordQuery(body);
      return query.store().equals(local.name()) && query.key().length > 0 ? local.read(query.key()) : null;
    });
  }

  /** The source that reads records of store {@code store} from member {@code member}. */
  static RecordSource remote(Calls calls, String store, int member) {
    return new RecordSource() {
      @Override
      public String name() {
        return store;
      }

      @Override
      public byte[] read(byte[] key) {
        byte[] body = Wire.recordQuery(new Wire.RecordQuery(store, key));
        BusyException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
          try {
            return calls.call(member, Wire.KIND_RECORD, body, FETCH_TIMEOUT_MILLIS);
          } catch (BusyException e) {
            last = e;
          }
        }
        throw last;
      }
    };
  }
}
