package io.cairn.bench.dag;

import io.cairn.chain.dag.ConfluxOrder;
import io.cairn.chain.dag.DagBlock;
import io.cairn.chain.dag.DagBlockCodec;
import io.cairn.chain.dag.DagId;
import io.cairn.chain.dag.DagTx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A large DAG shaped like {@code width} honest nodes generating blocks at the same pace: in each
 * round every node makes one block on the view it had one round ago (two rounds ago with
 * probability {@code lagChance}, as if a message was late): parent = that view's pivot tip,
 * references = its other tips. Blocks carry {@code txsPerBlock} anchored keys (random 32-byte
 * record hashes). Made once, then replayed into fresh orders to time them.
 */
final class LockstepDag {
  private LockstepDag() {}

  static List<DagBlock> make(int blocks, int width, int txsPerBlock, double lagChance, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    ConfluxOrder view = new ConfluxOrder();
    DagBlock genesis = DagBlockCodec.create(Optional.empty(), List.of(), List.of(), seed);
    view.add(genesis);
    List<DagBlock> out = new ArrayList<>(blocks);
    out.add(genesis);
    Snapshot previous = Snapshot.of(view);
    Snapshot current = previous;
    long nonce = 0;
    while (out.size() < blocks) {
      List<DagBlock> round = new ArrayList<>(width);
      for (int n = 0; n < width && out.size() + round.size() < blocks; n++) {
        Snapshot seen = random.nextDouble() < lagChance ? previous : current;
        List<DagTx> txs = new ArrayList<>(txsPerBlock);
        for (int t = 0; t < txsPerBlock; t++) {
          byte[] key = new byte[32];
          random.nextBytes(key);
          txs.add(DagTx.of(DagId.of(key)));
        }
        round.add(DagBlockCodec.create(Optional.of(seen.tip), seen.refs, txs, nonce++));
      }
      for (DagBlock b : round) {
        view.add(b);
      }
      out.addAll(round);
      previous = current;
      current = Snapshot.of(view);
    }
    return out;
  }

  private record Snapshot(DagId tip, List<DagId> refs) {
    static Snapshot of(ConfluxOrder view) {
      DagId tip = view.pivotTip().orElseThrow();
      List<DagId> refs = new ArrayList<>();
      for (DagId t : view.tips()) {
        if (!t.equals(tip) && refs.size() < DagBlockCodec.REFS_MAX) {
          refs.add(t);
        }
      }
      return new Snapshot(tip, refs);
    }
  }
}
