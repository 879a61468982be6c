package io.cairn.chain.contract.exec;

import io.cairn.chain.contract.StateKey;
import java.util.Arrays;

/**
 * What a {@link Stretch}'s calls overwrote in its write buffer, so that the calls found to be
 * deferred only after they ran can be taken back out: per write, in the order written, the
 * block index of the call, the key and the buffer's value before it (null when the key was not in
 * the buffer), read just before the write.
 *
 * <p>{@link #revert} is exact when, for every key, no call that stays writes it after a call that
 * is reverted wrote it: then the reverted calls' entries of a key all come after the kept ones,
 * and restoring them from the newest back leaves the value the last kept call wrote (or none).
 * The deferral rule guarantees it (a call that declares a key of a deferred call before it in its
 * stretch is deferred too; see {@link Stretch}).
 *
 * <p>Thread-safety: confined to the stretch's thread.
 */
final class UndoLog {
  private int[] calls = new int[1024];
  private StateKey[] keys = new StateKey[1024];
  private byte[][] before = new byte[1024][];
  private int size;

  /** Forgets every entry (and the references it held). */
  void clear() {
    Arrays.fill(keys, 0, size, null);
    Arrays.fill(before, 0, size, null);
    size = 0;
  }

  /** How many writes were logged since the last {@link #clear}. */
  int size() {
    return size;
  }

  /** Puts the writes of call {@code call} into {@code buffer}, logging what each replaced. */
  void putInto(StateTable buffer, int call, CallWrites writes) {
    for (int w = 0; w < writes.size(); w++) {
      StateKey key = writes.key(w);
      byte[] replaced = buffer.get(key);
      writes.putInto(buffer, w);
      if (size == keys.length) {
        grow();
      }
      calls[size] = call;
      keys[size] = key;
      before[size] = replaced;
      size++;
    }
  }

  /**
   * Takes the writes of the {@code count} calls {@code reverted[0..count-1]} (block indexes in
   * increasing order) back out of {@code buffer}, newest first.
   */
  void revert(StateTable buffer, int[] reverted, int count) {
    int next = count - 1; // the newest reverted call not yet passed
    for (int e = size - 1; e >= 0 && next >= 0; e--) {
      while (next >= 0 && reverted[next] > calls[e]) {
        next--;
      }
      if (next >= 0 && reverted[next] == calls[e]) {
        if (before[e] == null) {
          buffer.remove(keys[e]);
        } else {
          buffer.put(keys[e], before[e]);
        }
      }
    }
  }

  private void grow() {
    int capacity = 2 * keys.length;
    calls = Arrays.copyOf(calls, capacity);
    keys = Arrays.copyOf(keys, capacity);
    before = Arrays.copyOf(before, capacity);
  }
}
