package io.cairn.pmem.l0;

import java.util.List;

/**
 * What opening an {@link L0TableSet} found in its directory and did about it (also logged).
 *
 * @param kept the committed tables opened, newest first
 * @param uncommittedDeleted tables an interrupted build left (commit word 0), deleted with their
 *     containers; with a live list, also tables it does not name whose region cannot be opened
 * @param orphansDeleted committed tables the live list (the engine's manifest) did not name: a
 *     crash between a table's commit and the manifest edit that would have listed it; deleted
 *     (their entries are still in the write-ahead log)
 * @param strayContainersDeleted container regions without a kept table, deleted
 */
public record L0RecoveryReport(
    List<Long> kept, List<Long> uncommittedDeleted, List<Long> orphansDeleted, List<String> strayContainersDeleted) {
  /** Copies the lists. */
  public L0RecoveryReport {
    kept = List.copyOf(kept);
    uncommittedDeleted = List.copyOf(uncommittedDeleted);
    orphansDeleted = List.copyOf(orphansDeleted);
    strayContainersDeleted = List.copyOf(strayContainersDeleted);
  }

  /** Whether anything was deleted. */
  public boolean deletedAnything() {
    return !uncommittedDeleted.isEmpty() || !orphansDeleted.isEmpty() || !strayContainersDeleted.isEmpty();
  }
}
