package io.cairn.chain.codec;

import io.cairn.common.ByteWriter;

/**
 * The canonical encoding of transactions (see {@code docs/formats/transaction.md}). All integers
 * are little-endian; a transaction has a fixed header that the requester signs, and an anchoring
 * transaction is followed by its entries, which the header commits to through their Merkle root.
 *
 * <pre>
 * anchoring transaction header (150 bytes)
 * +0   u32  magic 0x4e585443 ("CTXN")
 * +4   u8   version (1)
 * +5   u8   kind (1 = anchor)
 * +6   [32] requester: Ed25519 public key
 * +38  u64  nonce: strictly increasing per requester
 * +46  u32  entry count (1..65,536)
 * +50  [32] entries root: Merkle root over the entries' leaf hashes
 * +82  [64] signature: Ed25519 over "cairn.transaction.v1" 0x00 || bytes [0, 82)
 * +146 u32  masked CRC32C of bytes [0, 146)
 * then, in version 1, entry count entries:
 *      u8 hash algorithm | [32] record hash | u8 n, [n] store (UTF-8, 1..255)
 *      | u16 m, [m] record key (1..1,024)
 * or, in version 2 (session 16), the store table and entry count compact entries:
 *      u8 s (1..255) | s x (u8 n, [n] store, UTF-8, 1..255): distinct, in the order of first use
 *      entries: u8 hash algorithm | [32] record hash | u8 store index (< s) | u16 m, [m] record key
 *   In both versions an entry's leaf hash is SHA-256(0x00 || its version 1 encoding): the store
 *   table is how the entries travel and are stored, not what is hashed and proven.
 *
 * state-data transaction (one piece, header only)
 * +0   u32 magic | +4 u8 version | +5 u8 kind (2 = state) | +6 [32] requester | +38 u64 nonce
 * +46  u8 n, [n] organization (UTF-8, 1..255)
 *      u32 m, [m] state record (0..65,536 bytes)
 *      [64] signature over everything before it | u32 masked CRC32C of everything before it
 * </pre>
 *
 * <p>The transaction's identifier, and its leaf in the block's Merkle tree, is {@code
 * SHA-256(0x00 || header)}, signature and CRC included.
 */
public final class TransactionFormat {
  /** "CTXN" read little-endian. */
  public static final int MAGIC = 0x4e585443;
  /** Version 1: every transaction kind; an anchoring transaction's entries each name their store. */
  public static final int VERSION = 1;
  /**
   * Version 2 (anchoring transactions only, session 16): the entries refer to a store table that
   * names each distinct store once (a member's store name is 70 of an entry's 115 bytes).
   */
  public static final int VERSION_STORE_TABLE = 2;
  /** Most distinct stores in a version 2 transaction's store table (more: the transaction is version 1). */
  public static final int STORES_MAX = 255;
  /** Kind byte of an anchoring transaction. */
  public static final int KIND_ANCHOR = 1;
  /** Kind byte of a state-data transaction. */
  public static final int KIND_STATE = 2;

  public static final int OFFSET_KIND = 5;
  public static final int OFFSET_REQUESTER = 6;
  public static final int OFFSET_NONCE = 38;
  public static final int OFFSET_BODY = 46;
  public static final int OFFSET_ENTRY_COUNT = 46;
  public static final int OFFSET_ENTRIES_ROOT = 50;
  public static final int OFFSET_ANCHOR_SIGNATURE = 82;
  public static final int OFFSET_ANCHOR_CRC = 146;
  /** Bytes of an anchoring transaction's header. */
  public static final int ANCHOR_HEADER_BYTES = 150;

  /** Most entries in one anchoring transaction. */
  public static final int ENTRIES_MAX = 65_536;
  /** Longest record key in read parameters. */
  public static final int RECORD_KEY_BYTES_MAX = 1024;
  /** Longest state record. */
  public static final int STATE_BYTES_MAX = 65_536;
  /** Longest encoded transaction, entries included. */
  public static final int TRANSACTION_BYTES_MAX = 8 << 20;

  private TransactionFormat() {}

  /** The decoded fields of a transaction header; arrays are owned by the record. */
  public record Header(
      int version,
      int kind,
      byte[] requester,
      long nonce,
      int entryCount,
      byte[] entriesRoot,
      String organization,
      byte[] state,
      byte[] signature,
      byte[] encoded,
      int signedBytes) {}

  /** The decoded fields of one anchored entry; {@code encoded} is its canonical bytes. */
  public record Entry(int algorithm, byte[] recordHash, String store, byte[] recordKey, byte[] encoded) {}

  /** Writes the signed part of an anchoring transaction's header of version 1. */
  public static ByteWriter startAnchor(byte[] requester, long nonce, int entryCount, byte[] entriesRoot) {
    return startAnchor(VERSION, requester, nonce, entryCount, entriesRoot);
  }

  /** Writes the signed part of an anchoring transaction's header of {@code version} (1 or 2). */
  public static ByteWriter startAnchor(int version, byte[] requester, long nonce, int entryCount, byte[] entriesRoot) {
    if (version != VERSION && version != VERSION_STORE_TABLE) {
      throw new IllegalArgumentException("anchoring transactions are of version 1 or 2, not " + version);
    }
    ByteWriter out = start(version, KIND_ANCHOR, requester, nonce, ANCHOR_HEADER_BYTES);
    out.u32(entryCount).raw(entriesRoot);
    assert out.size() == OFFSET_ANCHOR_SIGNATURE;
    return out;
  }

  /** Writes the signed part of a state-data transaction. */
  public static ByteWriter startState(byte[] requester, long nonce, String organization, byte[] state) {
    ByteWriter out = start(VERSION, KIND_STATE, requester, nonce, OFFSET_BODY + 260 + state.length + 68);
    out.string8(organization).bytes32(state);
    return out;
  }

  /** Appends the signature and the CRC to a header begun by {@code start...}; returns the bytes. */
  public static byte[] finish(ByteWriter signedPart, byte[] signature) {
    signedPart.raw(signature).crcFrom(0);
    return signedPart.toByteArray();
  }

  /**
   * Encodes one entry, into an array of exactly its size (the leader encodes one per anchored
   * record: sized from the store name's UTF-8 bytes, {@link ByteWriter#toByteArray()} hands out the
   * writer's own array instead of a copy; session 12). The bytes are {@code string8(store)}'s.
   */
  public static byte[] encodeEntry(int algorithm, byte[] recordHash, String store, byte[] recordKey) {
    byte[] storeName = storeNameBytes(store);
    ByteWriter out = new ByteWriter(entryBytes(recordHash.length, storeName.length, recordKey.length));
    out.u8(algorithm).raw(recordHash).u8(storeName.length).raw(storeName).bytes16(recordKey);
    return out.toByteArray();
  }

  /** Bytes of an entry with a record hash, store name (UTF-8) and record key of these lengths. */
  private static int entryBytes(int recordHashBytes, int storeNameBytes, int recordKeyBytes) {
    return 1 + recordHashBytes + 1 + storeNameBytes + 2 + recordKeyBytes;
  }

  /** The last store name encoded, with its UTF-8 bytes: a member anchors into one store, so it is encoded once. */
  private record StoreName(String text, byte[] utf8) {}

  private static volatile StoreName lastStoreName = new StoreName("", new byte[0]);

  /**
   * The UTF-8 bytes of {@code store}, shared: {@link #encodeEntry} only reads them. One store name is cached
   * (the same String object asks again without encoding; session 14: one {@code getBytes} per
   * anchored record before).
   */
  private static byte[] storeNameBytes(String store) {
    StoreName last = lastStoreName;
    if (last.text() == store) {
      return last.utf8();
    }
    byte[] utf8 = store.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assert utf8.length <= 0xff : utf8.length;
    lastStoreName = new StoreName(store, utf8);
    return utf8;
  }

  /**
   * Decodes a transaction header at the reader's position, checking magic, version, kind, lengths,
   * limits and CRC. Signatures and the entries root are not checked here.
   */
  public static Header decodeHeader(ByteReader in) {
    int from = in.offset();
    in.magic(MAGIC);
    int version = in.u8("version");
    if (version != VERSION && version != VERSION_STORE_TABLE) {
      throw in.error("unsupported version " + version + " (this build reads versions 1 and 2)");
    }
    int kind = in.u8("kind");
    if (version == VERSION_STORE_TABLE && kind != KIND_ANCHOR) {
      throw in.error("unsupported version 2 of a transaction of kind " + kind + " (only anchoring transactions have it)");
    }
    byte[] requester = in.raw(32, "requester");
    long nonce = in.u64("nonce");
    int entryCount = 0;
    byte[] entriesRoot = null;
    String organization = null;
    byte[] state = null;
    if (kind == KIND_ANCHOR) {
      entryCount = in.u32("entry count");
      if (entryCount == 0) {
        throw in.error("an anchoring transaction has no entries");
      }
      if (entryCount < 0 || entryCount > ENTRIES_MAX) {
        throw in.overLimit("entry count " + Integer.toUnsignedString(entryCount) + " outside 1.." + ENTRIES_MAX);
      }
      entriesRoot = in.raw(32, "entries root");
    } else if (kind == KIND_STATE) {
      organization = in.string8(1, "organization");
      int length = in.u32("state length");
      if (length < 0 || length > STATE_BYTES_MAX) {
        throw in.overLimit("state record of " + Integer.toUnsignedString(length) + " bytes exceeds " + STATE_BYTES_MAX);
      }
      state = in.raw(length, "state record");
    } else {
      throw in.error("unknown transaction kind " + kind);
    }
    int signedBytes = in.offset() - from;
    byte[] signature = in.raw(64, "signature");
    in.crcFrom(from);
    byte[] encoded = in.copyFrom(from);
    return new Header(version, kind, requester, nonce, entryCount, entriesRoot, organization, state, signature,
        encoded, signedBytes);
  }

  /** Decodes one entry at the reader's position. */
  public static Entry decodeEntry(ByteReader in) {
    return decodeEntry(in, null);
  }

  /**
   * {@link #decodeEntry(ByteReader)} that shares {@code previousStore} (the previous entry's store,
   * or null) when this entry names the same store.
   */
  public static Entry decodeEntry(ByteReader in, String previousStore) {
    int from = in.offset();
    int algorithm = in.u8("hash algorithm");
    byte[] hash = in.raw(32, "record hash");
    String store = in.string8(1, "store", previousStore);
    byte[] key = recordKey(in);
    // Fixed widths and strictly decoded UTF-8 make these bytes the one encoding of the fields.
    return new Entry(algorithm, hash, store, key, in.copyFrom(from));
  }

  /** An entry's record key: a u16 length of 1..{@value #RECORD_KEY_BYTES_MAX}, then the bytes. */
  private static byte[] recordKey(ByteReader in) {
    int keyLength = in.u16("record key length");
    if (keyLength == 0) {
      throw in.error("empty record key");
    }
    if (keyLength > RECORD_KEY_BYTES_MAX) {
      throw in.overLimit("record key of " + keyLength + " bytes outside 1.." + RECORD_KEY_BYTES_MAX);
    }
    return in.raw(keyLength, "record key");
  }

  /**
   * A version 2 transaction's store table as decoded: each store's name and its UTF-8 bytes.
   */
  public record StoreTable(String[] names, byte[][] utf8) {
    /** Number of stores. */
    public int size() {
      return names.length;
    }
  }

  /** The entries of a version 2 transaction as decoded: its store table and each entry (its version 1 encoding in {@code encoded}). */
  public record CompactEntries(StoreTable stores, Entry[] entries, byte[] storeIndexes) {}

  /**
   * Appends a store table of {@code stores} (UTF-8 names, each 1..255 bytes, distinct, in the order
   * of first use: the caller's).
   */
  public static void writeStoreTable(ByteWriter out, byte[][] stores) {
    if (stores.length < 1 || stores.length > STORES_MAX) {
      throw new IllegalArgumentException("a store table names 1.." + STORES_MAX + " stores, not " + stores.length);
    }
    out.u8(stores.length);
    for (byte[] store : stores) {
      out.u8(store.length).raw(store);
    }
  }

  /** Bytes of {@link #writeStoreTable} of {@code stores}. */
  public static int storeTableBytes(byte[][] stores) {
    int bytes = 1;
    for (byte[] store : stores) {
      bytes += 1 + store.length;
    }
    return bytes;
  }

  /** Offset of the store name's length byte in a version 1 entry's encoding. */
  public static final int ENTRY_STORE_AT = 33;

  /**
   * Appends the compact (version 2) form of the entry whose version 1 encoding is {@code entry}:
   * the store name replaced by {@code storeIndex}. Returns the compact form's length.
   */
  public static int writeCompactEntry(ByteWriter out, byte[] entry, int storeIndex) {
    int keyAt = ENTRY_STORE_AT + 1 + (entry[ENTRY_STORE_AT] & 0xff);
    out.raw(entry, 0, ENTRY_STORE_AT).u8(storeIndex).raw(entry, keyAt, entry.length - keyAt);
    return compactEntryBytes(entry);
  }

  /** Bytes of the compact form of the entry whose version 1 encoding is {@code entry}. */
  public static int compactEntryBytes(byte[] entry) {
    return entry.length - (entry[ENTRY_STORE_AT] & 0xff);
  }

  /**
   * Decodes a store table and {@code count} compact entries at the reader's position, each entry
   * returned with its version 1 encoding. Refuses (as corrupt) a table that is empty, names a store
   * twice or in another order than the entries first use them, or names a store no entry uses, and
   * an entry whose index is outside the table: the encoding is canonical.
   */
  public static CompactEntries decodeCompactEntries(ByteReader in, int count) {
    int storeCount = in.u8("store count");
    if (storeCount == 0) {
      throw in.error("an empty store table");
    }
    String[] names = new String[storeCount];
    byte[][] utf8 = new byte[storeCount][];
    for (int i = 0; i < storeCount; i++) {
      int at = in.offset() + 1;
      names[i] = in.string8(1, "store");
      for (int j = 0; j < i; j++) {
        if (names[j].equals(names[i])) {
          throw in.error("the store table names store " + j + " again as store " + i);
        }
      }
      utf8[i] = in.copyFrom(at);
    }
    Entry[] entries = new Entry[count];
    byte[] indexes = new byte[count];
    int firstUnused = 0;
    for (int e = 0; e < count; e++) {
      int algorithm = in.u8("hash algorithm");
      byte[] hash = in.raw(32, "record hash");
      int index = in.u8("store index");
      if (index >= storeCount) {
        throw in.error("store index " + index + " outside the table of " + storeCount);
      }
      if (index > firstUnused) {
        throw in.error("store " + index + " is used before store " + firstUnused + ": the table is not in the order of first use");
      }
      if (index == firstUnused) {
        firstUnused++;
      }
      byte[] key = recordKey(in);
      byte[] encoded = expand(algorithm, hash, utf8[index], key);
      entries[e] = new Entry(algorithm, hash, names[index], key, encoded);
      indexes[e] = (byte) index;
    }
    if (firstUnused != storeCount) {
      throw in.error("store " + firstUnused + " of the table is used by no entry");
    }
    return new CompactEntries(new StoreTable(names, utf8), entries, indexes);
  }

  /** The version 1 encoding of an entry naming the store whose UTF-8 name is {@code store} (1..255 bytes). */
  public static byte[] expand(int algorithm, byte[] recordHash, byte[] store, byte[] recordKey) {
    byte[] encoded = new byte[ENTRY_STORE_AT + 1 + store.length + 2 + recordKey.length];
    encoded[0] = (byte) algorithm;
    System.arraycopy(recordHash, 0, encoded, 1, 32);
    encoded[ENTRY_STORE_AT] = (byte) store.length;
    System.arraycopy(store, 0, encoded, ENTRY_STORE_AT + 1, store.length);
    int keyAt = ENTRY_STORE_AT + 1 + store.length;
    encoded[keyAt] = (byte) recordKey.length;
    encoded[keyAt + 1] = (byte) (recordKey.length >>> 8);
    System.arraycopy(recordKey, 0, encoded, keyAt + 2, recordKey.length);
    return encoded;
  }

  private static ByteWriter start(int version, int kind, byte[] requester, long nonce, int expectedBytes) {
    ByteWriter out = new ByteWriter(expectedBytes);
    out.u32(MAGIC).u8(version).u8(kind).raw(requester).u64(nonce);
    assert out.size() == OFFSET_BODY;
    return out;
  }
}
