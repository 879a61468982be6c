package io.cairn.pmem.testing;

/**
 * What a crash-simulating run did, counted over every region of one simulated machine. The two
 * "wasted" counts find Agamotto's second bug class, redundant persistence: a flush of lines that
 * hold nothing unflushed, a fence with nothing flushed before it. (Its first class, a missing
 * flush or fence, is what crash images find.)
 *
 * @param writes write calls (of any width)
 * @param flushes flush calls
 * @param redundantFlushLines cache lines flushed that had no write since their last flush
 * @param fences fences (persist points of kind FENCE)
 * @param emptyFences fences with no flushed line waiting
 */
public record SimulationCounters(long writes, long flushes, long redundantFlushLines, long fences, long emptyFences) {}
