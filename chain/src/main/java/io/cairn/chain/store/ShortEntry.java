package io.cairn.chain.store;

import io.cairn.chain.codec.ByteReader;
import io.cairn.chain.codec.TransactionFormat;
import io.cairn.common.ByteWriter;
import java.util.Arrays;

/**
 * An anchored entry as a record-hash index value of version 4 holds it: the entry's encoding
 * ({@code docs/formats/transaction.md}) without what the index key already says. The record hash
 * is the key's ({@code 'A'} record hash), and a record key equal to the record hash, as a
 * hash-keyed {@link io.cairn.chain.api.RecordStore} writes it, is left out too (a sequence-keyed
 * store's 9-byte key is written out):
 *
 * <pre>
 * u8 hash algorithm | u8 n, [n] store | u16 m, [m] record key   (m = 0: the record key is the record hash)
 * </pre>
 *
 * <p>A record key that equals the record hash is always written with {@code m = 0}, so the short
 * form of an entry is unique and {@link #read} followed by {@link #write} gives back the bytes
 * read. For a record store's entry this is 66 bytes shorter than the entry (the 32-byte hash
 * twice and the u16 length that the index value of version 3 put before the entry).
 *
 * <p>Thread-safety: stateless.
 */
final class ShortEntry {
  /** The record key length that stands for "the record key is the record hash". */
  static final int KEY_IS_RECORD_HASH = 0;
  private static final int HASH_BYTES = 32;
  /** Offset of the store's length byte in an entry's encoding. */
  private static final int STORE_AT = 1 + HASH_BYTES;

  private ShortEntry() {}

  /**
   * Appends the short form of {@code entry}, an entry's encoding.
   *
   * @throws IllegalArgumentException when {@code entry} does not have an entry's layout
   */
  static void write(ByteWriter out, byte[] entry) {
    write(out, entry, entry.length);
  }

  /** {@link #write(ByteWriter, byte[])} of the entry's encoding in {@code entry[0, length)}. */
  static void write(ByteWriter out, byte[] entry, int length) {
    int storeLength = length > STORE_AT ? entry[STORE_AT] & 0xff : -1;
    int keyAt = STORE_AT + 1 + storeLength;
    if (storeLength < 1 || length < keyAt + 2) {
      throw new IllegalArgumentException("not an entry's encoding: " + length + " bytes");
    }
    int keyLength = (entry[keyAt] & 0xff) | (entry[keyAt + 1] & 0xff) << 8;
    if (keyLength < 1 || length != keyAt + 2 + keyLength) {
      throw new IllegalArgumentException("not an entry's encoding: record key of " + keyLength + " bytes in "
          + length);
    }
    out.u8(entry[0] & 0xff).raw(entry, STORE_AT, 1 + storeLength);
    if (keyLength == HASH_BYTES && Arrays.equals(entry, keyAt + 2, length, entry, 1, STORE_AT)) {
      out.u16(KEY_IS_RECORD_HASH);
    } else {
      out.raw(entry, keyAt, 2 + keyLength);
    }
  }

  /**
   * Reads a short form at the reader's position and returns the entry's encoding, with {@code
   * recordHash} (32 bytes, from the index key) put back.
   *
   * @throws io.cairn.common.CorruptionException when the short form is malformed or not the one
   *     {@link #write} makes
   */
  static byte[] read(ByteReader in, byte[] recordHash) {
    assert recordHash.length == HASH_BYTES : recordHash.length;
    int algorithm = in.u8("hash algorithm");
    int storeLength = in.u8("store length");
    if (storeLength == 0) {
      throw in.error("empty store name");
    }
    byte[] store = in.raw(storeLength, "store");
    byte[] key = recordKey(in, recordHash);
    ByteWriter out = new ByteWriter(STORE_AT + 1 + storeLength + 2 + key.length);
    out.u8(algorithm).raw(recordHash).u8(storeLength).raw(store).bytes16(key);
    return out.toByteArray();
  }

  /**
   * The short form of an index value of version 5 (an entry of a version 2 transaction): the store
   * named by its index in the transaction's store table instead of its name.
   *
   * <pre>
   * u8 hash algorithm | u8 store index | u16 m, [m] record key   (m = 0: the record key is the record hash)
   * </pre>
   */
  record Indexed(int algorithm, int storeIndex, byte[] recordKey) {
    /**
     * The entry's version 1 encoding, its store the table's {@code storeIndex}th ({@code stores}:
     * UTF-8 names), or null when the table has no such store.
     */
    byte[] expand(byte[] recordHash, byte[][] stores) {
      if (stores == null || storeIndex >= stores.length) {
        return null;
      }
      return TransactionFormat.expand(algorithm, recordHash, stores[storeIndex], recordKey);
    }
  }

  /**
   * Appends the version 5 short form of {@code entry} (a version 1 entry encoding) whose store is
   * {@code storeIndex} in its transaction's table.
   */
  static void writeIndexed(ByteWriter out, byte[] entry, int storeIndex) {
    int keyAt = STORE_AT + 1 + (entry[STORE_AT] & 0xff);
    int keyLength = entry.length - keyAt - 2;
    out.u8(entry[0] & 0xff).u8(storeIndex);
    if (keyLength == HASH_BYTES && Arrays.equals(entry, keyAt + 2, entry.length, entry, 1, STORE_AT)) {
      out.u16(KEY_IS_RECORD_HASH);
    } else {
      out.raw(entry, keyAt, 2 + keyLength);
    }
  }

  /** Bytes of {@link #writeIndexed} of {@code entry} at most. */
  static int indexedBytesMax(byte[] entry) {
    return 2 + entry.length - STORE_AT - 1 - (entry[STORE_AT] & 0xff);
  }

  /**
   * Reads a version 5 short form at the reader's position; the record key is {@code recordHash}
   * where the form says so.
   *
   * @throws io.cairn.common.CorruptionException when it is malformed or not the one {@link
   *     #writeIndexed} makes
   */
  static Indexed readIndexed(ByteReader in, byte[] recordHash) {
    int algorithm = in.u8("hash algorithm");
    int storeIndex = in.u8("store index");
    byte[] key = recordKey(in, recordHash);
    return new Indexed(algorithm, storeIndex, key);
  }

  /**
   * The short form's record key: a u16 length, 0 meaning the record hash itself (the one way a key
   * equal to the hash is written), else 1..{@link TransactionFormat#RECORD_KEY_BYTES_MAX} bytes.
   */
  private static byte[] recordKey(ByteReader in, byte[] recordHash) {
    int keyLength = in.u16("record key length");
    if (keyLength > TransactionFormat.RECORD_KEY_BYTES_MAX) {
      throw in.error("record key of " + keyLength + " bytes outside 1.." + TransactionFormat.RECORD_KEY_BYTES_MAX);
    }
    byte[] key = keyLength == KEY_IS_RECORD_HASH ? recordHash : in.raw(keyLength, "record key");
    if (keyLength == HASH_BYTES && Arrays.equals(key, recordHash)) {
      throw in.error("a record key equal to the record hash is stored as length 0");
    }
    return key;
  }
}
