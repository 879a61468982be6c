package io.cairn.chain.contract;

import io.cairn.common.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One key of contract state as the engine stores it (see {@code docs/formats/contract-state.md}):
 * a contract's entry {@code 0x73 ('s') | u8 n | contract name | key}, or a deployment binding
 * {@code 0x64 ('d') | u8 n | contract name} whose value is the code name. The prefix puts each
 * contract's keys in their own namespace, so no contract can name another's state.
 *
 * <p>Ordered by unsigned bytes, the engine's order. Thread-safety: immutable.
 */
public final class StateKey implements Comparable<StateKey> {
  /** Tag of a contract's state entry. */
  public static final byte TAG_STATE = 's';
  /** Tag of a deployment binding (contract name to code name). */
  public static final byte TAG_BINDING = 'd';

  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  private final byte[] bytes;
  /** {@link #engineHash} of {@link #bytes}, computed once when the key is built (or handed in, already known). */
  private final long hash;

  private StateKey(byte[] bytes, long hash) {
    assert hash == engineHash(bytes) : "a state key's hash is its bytes' engine hash";
    this.bytes = bytes;
    this.hash = hash;
  }

  private StateKey(byte[] bytes) {
    this(bytes, engineHash(bytes));
  }

  /**
   * A multiply-rotate hash over 8 bytes at a time, then a final avalanche: keys that differ only
   * in their last bytes (account numbers) spread over the whole table, where {@code
   * Arrays.hashCode}'s small polynomial (31) collides. Of a contract's own key (not an engine
   * key): {@link AccessSet} keeps it of each declared key, and a state key's hash ({@link
   * #hash64()}, whose low 32 bits are its {@link #hashCode}) is built from it.
   */
  public static long hash64(byte[] bytes) {
    return hash64(bytes, 0, bytes.length);
  }

  /** {@link #hash64(byte[])} of {@code bytes[from..to-1]}. */
  static long hash64(byte[] bytes, int from, int to) {
    long h = to - from;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      h = Long.rotateLeft((h ^ (long) LONGS.get(bytes, i)) * 0x9e3779b97f4a7c15L, 29);
    }
    for (; i < to; i++) {
      h = (h ^ (bytes[i] & 0xff)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }

  /**
   * The hash of an engine key: its prefix's ({@code tag | u8 n | name}) {@link #hash64} combined
   * with the {@link #hash64} of the contract's own key after it (empty for a binding). Built this
   * way so that a contract's access hashes its key's bytes once: that hash checks the declared
   * sets ({@link AccessSet}) and, combined with the namespace's hash made once per contract,
   * becomes the state key's hash without a second pass over the bytes.
   */
  static long engineHash(byte[] bytes) {
    int prefix = Math.min(bytes.length, 2 + (bytes.length > 1 ? bytes[1] & 0xff : 0));
    return combine(hash64(bytes, 0, prefix), hash64(bytes, prefix, bytes.length));
  }

  /** The engine hash of a key from its prefix's hash and its own key's hash. */
  private static long combine(long prefixHash, long keyHash) {
    long h = prefixHash ^ Long.rotateLeft(keyHash, 31) * 0x9e3779b97f4a7c15L;
    h ^= h >>> 32;
    h *= 0xd6e8feb86659fd93L;
    h ^= h >>> 32;
    return h;
  }

  /** Key {@code key} in the namespace of contract {@code contract} (a valid name). */
  public static StateKey of(String contract, byte[] key) {
    byte[] name = contract.getBytes(StandardCharsets.US_ASCII);
    byte[] bytes = new byte[2 + name.length + key.length];
    bytes[0] = TAG_STATE;
    bytes[1] = (byte) name.length;
    System.arraycopy(name, 0, bytes, 2, name.length);
    System.arraycopy(key, 0, bytes, 2 + name.length, key.length);
    return new StateKey(bytes);
  }

  /** The key under which the code name of contract {@code contract} is kept. */
  public static StateKey binding(String contract) {
    byte[] name = contract.getBytes(StandardCharsets.US_ASCII);
    byte[] bytes = new byte[2 + name.length];
    bytes[0] = TAG_BINDING;
    bytes[1] = (byte) name.length;
    System.arraycopy(name, 0, bytes, 2, name.length);
    return new StateKey(bytes);
  }

  /** The namespace of contract {@code contract} (a valid name): its keys and its binding. */
  public static Namespace namespace(String contract) {
    return new Namespace(contract);
  }

  /**
   * One contract's keys, built from its prefix {@code 0x73 | u8 n | name} made once, so that a
   * key costs one array and no encoding of the name; and its {@link #binding()}, made once.
   * Executors keep one per contract for the calls of a block.
   *
   * <p>Thread-safety: immutable.
   */
  public static final class Namespace {
    private final byte[] prefix;
    private final long prefixHash;
    private final StateKey binding;

    private Namespace(String contract) {
      this.binding = StateKey.binding(contract);
      this.prefix = binding.bytes.clone();
      this.prefix[0] = TAG_STATE;
      this.prefixHash = hash64(prefix);
    }

    /** Key {@code key} of this contract; equal to {@link StateKey#of(String, byte[])} of its name. */
    public StateKey key(byte[] key) {
      return key(key, hash64(key));
    }

    /**
     * As {@link #key(byte[])}, given {@code keyHash}, the {@link StateKey#hash64(byte[])} of {@code
     * key} already computed (the declared-set check's): the key's bytes are not hashed again.
     */
    public StateKey key(byte[] key, long keyHash) {
      byte[] bytes = Arrays.copyOf(prefix, prefix.length + key.length);
      System.arraycopy(key, 0, bytes, prefix.length, key.length);
      return new StateKey(bytes, combine(prefixHash, keyHash));
    }

    /** The {@link StateKey#hash64()} of this contract's key whose own {@link StateKey#hash64(byte[])} is {@code keyHash}. */
    public long hashOf(long keyHash) {
      return combine(prefixHash, keyHash);
    }

    /** Whether {@code stateKey} is this contract's key {@code key}, compared without building it. */
    public boolean names(StateKey stateKey, byte[] key) {
      byte[] bytes = stateKey.bytes;
      return bytes.length == prefix.length + key.length
          && Arrays.equals(bytes, prefix.length, bytes.length, key, 0, key.length)
          && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** The key of this contract's deployment binding ({@link StateKey#binding}). */
    public StateKey binding() {
      return binding;
    }
  }

  /** The key whose engine bytes are {@code bytes} (copied). */
  public static StateKey ofEngineKey(byte[] bytes) {
    if (bytes.length < 3 || (bytes[0] != TAG_STATE && bytes[0] != TAG_BINDING)) {
      throw new InvalidArgumentException("not a contract state key: " + HexFormat.of().formatHex(bytes));
    }
    return new StateKey(bytes.clone());
  }

  /** The engine key; the array is shared, do not change it. */
  public byte[] engineKey() {
    return bytes;
  }

  /**
   * The 64-bit hash of the engine key, computed once when the key was built: what the compact
   * state tables ({@code StateTable}) probe with, comparing the key's bytes only on an equal hash.
   */
  public long hash64() {
    return hash;
  }

  /** Bytes of the engine key. */
  public int length() {
    return bytes.length;
  }

  @Override
  public int compareTo(StateKey other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StateKey key && hash == key.hash && Arrays.equals(bytes, key.bytes);
  }

  @Override
  public int hashCode() {
    return (int) hash;
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes);
  }
}
