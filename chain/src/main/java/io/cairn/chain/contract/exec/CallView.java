package io.cairn.chain.contract.exec;

import io.cairn.chain.contract.AccessSet;
import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.contract.ContractState;
import io.cairn.chain.contract.GasSchedule;
import io.cairn.chain.contract.ReceiptStatus;
import io.cairn.chain.contract.StateKey;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The {@link ContractState} one execution of one call sees: its contract's namespace, its own
 * writes over the {@link ReadSource}, the gas meter and the declared-set check. Every check runs
 * before the access, so a failed access reads and writes nothing. The first failure is kept in
 * {@link #halt} and every later access fails the same way, so a contract that catches the
 * exception cannot turn the failure into success.
 *
 * <p>Thread-safety: confined to the thread that runs the call.
 */
final class CallView implements ContractState {
  /** The value that marks a deletion in a write set. */
  static final byte[] DELETED = new byte[0];

  /** The slot keys of a view that has run no declared call yet (a view per call, Block-STM's, makes none). */
  private static final StateKey[] NO_KEYS = new StateKey[0];

  /** How many of the call's latest writes {@link #stateKey} looks through for a key to reuse. */
  private static final int RECENT_WRITES = 4;

  private ContractCall call;
  private StateKey.Namespace namespace;
  private ReadSource source;
  private AccessSet declared;
  /**
   * A declared call's state keys by {@link AccessSet} slot, each built on the call's first access
   * to the slot's key (see {@link #declaredKey}); null where not built yet. Entries {@code
   * 0..declared.slots()-1} of the last declared call are cleared when the next call begins.
   */
  private StateKey[] slotKeys = NO_KEYS;
  private int slotKeysUsed;
  private final CallWrites writes;
  /** What {@link #kept} returns (set by {@link #keep}). */
  private CallWrites kept = CallWrites.NONE;
  /** The state key an undeclared call built last, reused when it touches the same key again. */
  private StateKey lastKey;
  private long used;
  Halt halt;
  int blocker = -1;

  /**
   * A view that a thread reuses from call to call ({@link #begin}), with a write buffer of its own:
   * an executor that moves each call's writes out at once keeps one per thread (since session 11;
   * until then a view per call: a transfer allocated 16 bytes more, measured).
   */
  CallView() {
    this.writes = new CallWrites(4);
  }

  /**
   * Starts {@code call}, whose contract's keys are {@code namespace}'s, reading {@code source}: the
   * previous call's writes, gas, failure and last key are forgotten (its {@link #writes} too, so
   * they must have been moved out).
   */
  CallView begin(ContractCall call, StateKey.Namespace namespace, ReadSource source) {
    writes.clear();
    kept = CallWrites.NONE;
    this.call = call;
    this.namespace = namespace;
    this.source = source;
    this.declared = call.declaredOrNull();
    if (slotKeysUsed > 0) {
      Arrays.fill(slotKeys, 0, slotKeysUsed, null);
      slotKeysUsed = 0;
    }
    if (declared != null) {
      slotKeysUsed = declared.slots();
      if (slotKeysUsed > slotKeys.length) {
        slotKeys = new StateKey[Math.max(Math.max(4, slotKeysUsed), 2 * slotKeys.length)];
      }
    }
    lastKey = null;
    used = 0;
    halt = null;
    blocker = -1;
    return this;
  }

  /** A failure that ends the call: its status and message. */
  static final class Halt extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final ReceiptStatus status;

    Halt(ReceiptStatus status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  @Override
  public byte[] get(byte[] key) {
    checkKey(key);
    int slot = -1;
    if (declared != null && (slot = declared.readSlot(key)) < 0) {
      throw stop(ReceiptStatus.UNDECLARED_ACCESS, "read of key " + hex(key) + " outside the declared sets of "
          + call.contract());
    }
    charge(GasSchedule.readCost(key.length));
    byte[] value = read(declared != null ? declaredKey(slot, key) : stateKey(key), true);
    if (value != null) {
      charge(GasSchedule.READ_PER_BYTE * value.length);
    }
    return value;
  }

  @Override
  public void put(byte[] key, byte[] value) {
    checkKey(key);
    if (value.length > GasSchedule.VALUE_BYTES_MAX) {
      throw stop(ReceiptStatus.BAD_ACCESS, "value of " + value.length + " bytes exceeds " + GasSchedule.VALUE_BYTES_MAX);
    }
    StateKey stateKey = writable(key);
    charge(GasSchedule.writeCost(key.length, value.length));
    writes.putCopy(stateKey != null ? stateKey : stateKey(key), value); // a copy (8 bytes: a long), never DELETED
  }

  @Override
  public void delete(byte[] key) {
    checkKey(key);
    StateKey stateKey = writable(key);
    charge(GasSchedule.writeCost(key.length, 0));
    writes.put(stateKey != null ? stateKey : stateKey(key), DELETED);
  }

  @Override
  public void meter(long steps) {
    if (halt != null) {
      throw halt;
    }
    if (steps < 0) {
      throw stop(ReceiptStatus.FAILED, "metered a negative number of steps: " + steps);
    }
    charge(GasSchedule.stepsCost(steps));
  }

  /** Reads a key outside the contract's namespace (the binding), through the same meter. */
  byte[] readSystem(StateKey key) {
    charge(GasSchedule.readCost(key.length()));
    byte[] value = read(key, false);
    if (value != null) {
      charge(GasSchedule.READ_PER_BYTE * value.length);
    }
    return value;
  }

  /** Writes a key outside the contract's namespace (the binding), through the same meter. */
  void writeSystem(StateKey key, byte[] value) {
    charge(GasSchedule.writeCost(key.length(), value.length));
    writes.put(key, value);
  }

  /** Charges {@code gas}; past the limit the call halts with OUT_OF_GAS. */
  void charge(long gas) {
    if (halt != null) {
      throw halt;
    }
    if (gas > call.gasLimit() - used) {
      used = call.gasLimit();
      throw stop(ReceiptStatus.OUT_OF_GAS, "gas limit " + call.gasLimit() + " exhausted");
    }
    used += gas;
  }

  /** Ends the call with {@code status}; this and every later access throws it. */
  Halt stop(ReceiptStatus status, String message) {
    if (halt == null) {
      halt = new Halt(status, message);
    }
    return halt;
  }

  long used() {
    return used;
  }

  CallWrites writes() {
    return writes;
  }

  /** Decides what {@link #kept} gives: the call's writes when it succeeded, none otherwise. */
  void keep(boolean succeeded) {
    kept = succeeded ? writes : CallWrites.NONE;
  }

  /** The writes to keep of the call that ran last ({@link CallRunner#run}): its writes if it succeeded, else none. */
  CallWrites kept() {
    return kept;
  }

  /**
   * The state key of {@code key} in an undeclared call's namespace: the one built last or one of
   * the last few written, when it names the same bytes (a transfer reads a balance and then writes
   * it), else a new one. Compared by content, never by array identity, so a contract that reuses
   * one array for two keys gets two keys. Costs a comparison of a few bytes instead of an array, a
   * key object and its hash.
   */
  private StateKey stateKey(byte[] key) {
    StateKey last = lastKey;
    if (last != null && namespace.names(last, key)) {
      return last;
    }
    for (int i = writes.size() - 1; i >= Math.max(0, writes.size() - RECENT_WRITES); i--) {
      StateKey written = writes.key(i);
      // The last key was compared just above (a transfer's second balance: its read finds the first
      // balance both as the last key and as the last write; session 17, one 40-byte compare less)
      if (written != last && namespace.names(written, key)) {
        return written;
      }
    }
    lastKey = namespace.key(key);
    return lastKey;
  }

  /**
   * The state key of a declared call's key {@code key}, whose {@link AccessSet} slot is {@code
   * slot}: built on the first access to the slot, from the hash the set computed when it was built
   * (the key's bytes are not hashed here at all), and reused by every later access to it (a
   * transfer reads a balance and writes it). The slot was found by comparing {@code key}'s bytes
   * with the declared key's, so the two name the same state; a contract that reuses one array for
   * two keys finds two slots.
   */
  private StateKey declaredKey(int slot, byte[] key) {
    StateKey made = slotKeys[slot];
    if (made == null) {
      made = namespace.key(key, declared.slotHash(slot));
      slotKeys[slot] = made;
    }
    return made;
  }

  /** The value of {@code key} as the call sees it; an array the caller owns when {@code copy}. */
  private byte[] read(StateKey key, boolean copy) {
    byte[] own = copy ? writes.copy(key) : writes.get(key);
    if (own != null) {
      return own == DELETED ? null : own;
    }
    try {
      return copy ? source.copy(key) : source.read(key);
    } catch (ReadBlocked blocked) {
      blocker = blocked.blocker;
      throw stop(ReceiptStatus.FAILED, "blocked on an estimate of call " + blocked.blocker);
    }
  }

  private void checkKey(byte[] key) {
    if (halt != null) {
      throw halt;
    }
    if (key.length > GasSchedule.KEY_BYTES_MAX) {
      throw stop(ReceiptStatus.BAD_ACCESS, "key of " + key.length + " bytes exceeds " + GasSchedule.KEY_BYTES_MAX);
    }
  }

  /**
   * Checks that {@code key} may be written: for a declared call, its state key ({@link
   * #declaredKey}); null for an undeclared call, whose key is built after the charge.
   */
  private StateKey writable(byte[] key) {
    if (declared == null) {
      return null;
    }
    int slot = declared.writeSlot(key);
    if (slot < 0) {
      throw stop(ReceiptStatus.UNDECLARED_ACCESS, "write of key " + hex(key) + " outside the declared write set of "
          + call.contract());
    }
    return declaredKey(slot, key);
  }

  private static String hex(byte[] key) {
    String text = HexFormat.of().formatHex(key, 0, Math.min(key.length, 32));
    return key.length > 32 ? text + "..." : text;
  }
}
