package io.cairn.consortium;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

/**
 * One HQ node's audit of committed records (docs/consortium.md, "Audit"): block verification checks
 * the data sets' signatures only, so after each commit the node checks the enterprises' signatures
 * of the other HQ nodes' records of the block, once, on an executor off the commit path. A data set
 * holding a forged record becomes {@code FORGED_DATA_SET} evidence naming the committed block,
 * which the node puts on chain when it next leads; it is dropped once the chain holds it.
 *
 * <p>Thread-safety: {@link #audit}, {@link #collect}, {@link #pending} and {@link #settle} from the
 * node's driver thread; the executor hands its findings over through a concurrent queue.
 */
final class RecordAudit {
  private final int number;
  private final Executor executor;
  private final Queue<Evidence> found = new ConcurrentLinkedQueue<>();
  private final List<Evidence> pending = new ArrayList<>();

  /** The audit of HQ {@code number}, run on {@code executor} (inline: deterministic, for the simulation). */
  RecordAudit(int number, Executor executor) {
    this.number = number;
    this.executor = executor;
  }

  /** Schedules the check of every other HQ node's records in the committed {@code block}. */
  void audit(ConsortiumBlock block) {
    for (DataSet dataSet : block.dataSets()) {
      if (dataSet.hq() != number) {
        executor.execute(() -> {
          if (BlockChecks.forgedRecords(dataSet).length > 0) {
            found.add(new Evidence(Evidence.Kind.FORGED_DATA_SET, dataSet.hq(), block.height(), block.hash(),
                List.of(dataSet.encode())));
          }
        });
      }
    }
  }

  /** Takes what the executor found into the pending evidence, one event line each. */
  void collect(List<String> events) {
    for (Evidence evidence = found.poll(); evidence != null; evidence = found.poll()) {
      pending.add(evidence);
      events.add("hq" + number + " audit: hq" + evidence.suspect() + "'s data set in block h" + evidence.height()
          + " holds records whose enterprise signature fails");
    }
  }

  /** Evidence to put on chain with the next block this node leads. */
  List<Evidence> pending() {
    return List.copyOf(pending);
  }

  /** Drops the evidence {@code ledger} now holds. */
  void settle(ConsortiumLedger ledger) {
    pending.removeIf(ledger::holds);
  }
}
