package io.cairn.pmem.l0;

import java.util.List;

/**
 * What a pmem directory holds, judged by region headers and commit words alone, without changing
 * anything ({@link L0TableSet#scan}): for tools, and for an engine comparing its manifest with
 * the directory before it opens the set.
 *
 * @param committed ids of tables whose commit word is set, ascending
 * @param uncommitted ids of tables an interrupted build left (commit word 0), ascending
 * @param unreadable ids of tables whose region cannot be opened (bad region header or size),
 *     ascending
 * @param strayContainers container regions with no table region of their id
 */
public record L0Scan(List<Long> committed, List<Long> uncommitted, List<Long> unreadable, List<String> strayContainers) {
  /** Copies the lists. */
  public L0Scan {
    committed = List.copyOf(committed);
    uncommitted = List.copyOf(uncommitted);
    unreadable = List.copyOf(unreadable);
    strayContainers = List.copyOf(strayContainers);
  }
}
