package io.cairn.chain.api;

import io.cairn.chain.codec.TransactionFormat;
import io.cairn.common.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * How to read an anchored record back: the seed's "interface parameter and read parameter". The
 * {@code store} names the interface (the off-chain store that holds the record, resolved by each
 * verifier through its {@link RecordSource}s) and {@code key} names the record inside it.
 *
 * <p>Thread-safety: immutable; the key is copied in and out.
 */
public final class ReadParameters {
  /** Longest store name in UTF-8 bytes. */
  public static final int STORE_BYTES_MAX = 255;
  /** Longest record key. */
  public static final int KEY_BYTES_MAX = TransactionFormat.RECORD_KEY_BYTES_MAX;

  private final String store;
  private final byte[] key;

  private ReadParameters(String store, byte[] key) {
    this.store = store;
    this.key = key;
  }

  /**
   * Parameters that read {@code key} from {@code store}.
   *
   * @throws InvalidArgumentException when the store name is empty or longer than 255 UTF-8 bytes,
   *     or the key is empty or longer than 1,024 bytes
   */
  public static ReadParameters of(String store, byte[] key) {
    int storeBytes = store == null ? 0 : store.getBytes(StandardCharsets.UTF_8).length;
    if (storeBytes < 1 || storeBytes > STORE_BYTES_MAX) {
      throw new InvalidArgumentException("store name must be 1.." + STORE_BYTES_MAX + " UTF-8 bytes, was " + storeBytes);
    }
    if (key == null || key.length < 1 || key.length > KEY_BYTES_MAX) {
      throw new InvalidArgumentException("record key must be 1.." + KEY_BYTES_MAX + " bytes, was "
          + (key == null ? "null" : key.length));
    }
    return new ReadParameters(store, key.clone());
  }

  static ReadParameters decoded(String store, byte[] key) {
    return new ReadParameters(store, key);
  }

  /** The store (interface) that holds the record. */
  public String store() {
    return store;
  }

  /** A copy of the record's key inside the store. */
  public byte[] key() {
    return key.clone();
  }

  /** The key itself, not a copy: for encoders in this package, which never write to it. */
  byte[] sharedKey() {
    return key;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ReadParameters read && store.equals(read.store) && Arrays.equals(key, read.key);
  }

  @Override
  public int hashCode() {
    return store.hashCode() * 31 + Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return store + ":" + HexFormat.of().formatHex(key);
  }
}
