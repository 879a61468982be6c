package io.cairn.chain.contract;

import io.cairn.common.InvalidArgumentException;
import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.IntFunction;

/**
 * A block whose calls are made on first use, by the thread that first asks for each (session 13):
 * decoding a block's calls where they will run, so that each call's objects are allocated in, and
 * still cached by, the core that runs the call. The task-parallel executor's threads each read
 * only their own stretch of a run until they are joined (each one's planning pass reads its
 * calls first), so on a block without barriers each call is made by the thread that runs it, and
 * none is fetched from the core that would otherwise have built the whole block; the serial
 * executor makes each call just before it runs it.
 *
 * <p>Contract: {@code get(i)} returns the call {@code maker.apply(i)} returns, made at most once
 * per index by one thread (the first to ask); later reads return that object. The maker must be
 * deterministic (equal calls for an index, whenever and wherever made) and safe to call from any
 * thread. If two threads asked for one index at once without ordering (no executor does), both may
 * make it and either call may be kept: equal calls, so no result changes, and every field of a
 * call is final, so a call read through the race is seen whole.
 *
 * <p>Thread-safety: as above; the list is read-only (no {@code set}, {@code add} or {@code remove}).
 */
public final class LazyBlock extends AbstractList<ContractCall> implements RandomAccess {
  private final ContractCall[] made;
  private final IntFunction<ContractCall> maker;

  /** A block of {@code size} calls, call {@code i} made by {@code maker.apply(i)} on first use. */
  public LazyBlock(int size, IntFunction<ContractCall> maker) {
    if (size < 0) {
      throw new InvalidArgumentException("a block's size must not be negative, was " + size);
    }
    this.made = new ContractCall[size];
    this.maker = Objects.requireNonNull(maker, "maker");
  }

  @Override
  public ContractCall get(int index) {
    ContractCall call = made[index]; // bounds checked here
    if (call == null) {
      call = maker.apply(index);
      if (call == null) {
        throw new InvalidArgumentException("the maker of a lazy block returned no call for index " + index);
      }
      made[index] = call;
    }
    return call;
  }

  @Override
  public int size() {
    return made.length;
  }

  /** Whether call {@code index} was made (tests; read by the thread that made it, or after a join). */
  public boolean isMade(int index) {
    return made[index] != null;
  }
}
