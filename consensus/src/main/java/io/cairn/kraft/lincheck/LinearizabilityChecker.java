package io.cairn.kraft.lincheck;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether a history of register operations is linearizable: whether each operation can
 * be given one instant between its call and its return so that, in that order, every result is
 * what a single register would answer.
 *
 * <p>The search is Wing and Gong's, with Lowe's memoisation of (set of linearized operations,
 * state) pairs, the algorithm Porcupine and Knossos use. Registers are independent, so the
 * history is first split per key and each part checked alone (P-compositionality, Horn and
 * Kroening): a history is linearizable iff each key's sub-history is, and the parts are far
 * smaller than the whole.
 *
 * <p>Operations whose answer never arrived may take effect at any time after their call, or
 * never; a read without an answer constrains nothing and is dropped.
 *
 * <p>Thread-safety: stateless.
 */
public final class LinearizabilityChecker {
  private LinearizabilityChecker() {}

  /** The verdict: linearizable, or the first key whose history is not, with that history. */
  public record Result(boolean linearizable, long key, List<Operation> keyHistory) {
    static final Result OK = new Result(true, 0, List.of());
  }

  /** Checks {@code history} (any order). */
  public static Result check(List<Operation> history) {
    Map<Long, List<Operation>> byKey = new LinkedHashMap<>();
    for (Operation op : history) {
      if (op.kind() == Operation.Kind.GET && op.outcomeUnknown()) {
        continue;
      }
      byKey.computeIfAbsent(op.key(), key -> new ArrayList<>()).add(op);
    }
    for (Map.Entry<Long, List<Operation>> part : byKey.entrySet()) {
      if (!checkOneKey(part.getValue())) {
        return new Result(false, part.getKey(), part.getValue());
      }
    }
    return Result.OK;
  }

  /** A node of the doubly linked list of call and return events. */
  private static final class Event {
    final int op;
    final boolean call;
    final long time;
    Event match;
    Event prev;
    Event next;

    Event(int op, boolean call, long time) {
      this.op = op;
      this.call = call;
      this.time = time;
    }
  }

  private record Memo(BitSet linearized, long state) {}

  private record Frame(Event call, long state) {}

  static boolean checkOneKey(List<Operation> ops) {
    Event head = buildEvents(ops);
    long state = Operation.ABSENT;
    BitSet linearized = new BitSet(ops.size());
    Set<Memo> seen = new HashSet<>();
    ArrayList<Frame> stack = new ArrayList<>();
    Event entry = head.next;
    while (head.next != null) {
      if (entry.call) {
        long next = RegisterModel.step(state, ops.get(entry.op));
        if (next != RegisterModel.IMPOSSIBLE) {
          BitSet candidate = (BitSet) linearized.clone();
          candidate.set(entry.op);
          if (seen.add(new Memo(candidate, next))) {
            stack.add(new Frame(entry, state));
            state = next;
            linearized = candidate;
            lift(entry);
            entry = head.next;
            continue;
          }
        }
        entry = entry.next;
      } else {
        // A return whose call is still in the list: the current prefix cannot be extended.
        if (stack.isEmpty()) {
          return false;
        }
        Frame top = stack.removeLast();
        state = top.state();
        linearized = (BitSet) linearized.clone();
        linearized.clear(top.call().op);
        unlift(top.call());
        entry = top.call().next;
      }
    }
    return true;
  }

  /**
   * Calls and returns sorted by time; at equal times calls come first, which treats touching
   * operations as concurrent (never reports a violation the clock cannot prove).
   */
  private static Event buildEvents(List<Operation> ops) {
    Event[] events = new Event[ops.size() * 2];
    for (int i = 0; i < ops.size(); i++) {
      Event call = new Event(i, true, ops.get(i).callMicros());
      Event ret = new Event(i, false, ops.get(i).returnMicros());
      call.match = ret;
      ret.match = call;
      events[2 * i] = call;
      events[2 * i + 1] = ret;
    }
    Arrays.sort(events, (a, b) -> a.time != b.time ? Long.compare(a.time, b.time)
        : a.call != b.call ? (a.call ? -1 : 1) : Integer.compare(a.op, b.op));
    Event head = new Event(-1, false, Long.MIN_VALUE);
    Event last = head;
    for (Event event : events) {
      last.next = event;
      event.prev = last;
      last = event;
    }
    return head;
  }

  /** Removes a call and its return from the list. */
  private static void lift(Event call) {
    call.prev.next = call.next;
    if (call.next != null) {
      call.next.prev = call.prev;
    }
    Event ret = call.match;
    ret.prev.next = ret.next;
    if (ret.next != null) {
      ret.next.prev = ret.prev;
    }
  }

  /** Puts a lifted call and its return back where they were. */
  private static void unlift(Event call) {
    Event ret = call.match;
    ret.prev.next = ret;
    if (ret.next != null) {
      ret.next.prev = ret;
    }
    call.prev.next = call;
    if (call.next != null) {
      call.next.prev = call;
    }
  }
}
