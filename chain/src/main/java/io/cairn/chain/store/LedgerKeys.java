package io.cairn.chain.store;

import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.MemberKey;
import java.nio.charset.StandardCharsets;

/**
 * The keys of the ledger's engine database (see {@code docs/formats/chain-indexes.md}): one ASCII
 * letter names the table, then fixed-width big-endian numbers (so a table scans in height order)
 * or a hash.
 *
 * <pre>
 * 'S'                          ledger state: applied index, block count, head hash
 * 'G'                          the genesis
 * 'M' member[32]               the member's admission
 * 'B' height[8]                block header                      (block index by height)
 * 'T' height[8] tx[4]          transaction header + its path in the block
 * 'E' height[8] tx[4]          the anchoring transaction's entries, all in one value
 * 'E' height[8] tx[4] entry[4] one anchored entry (ledgers written before the one-value form)
 * 'H' hash[32]                 height of the block with that hash (block index by hash)
 * 'A' record hash[32]          first anchor of the record: (height, tx, entry)
 * 'N' requester[32]            the requester's last nonce
 * 'O' organization (UTF-8)     position of the organisation's latest state transaction
 * 'R' transaction id[32]       a contract transaction's receipt and position
 * </pre>
 */
public final class LedgerKeys {
  public static final byte STATE = 'S';
  public static final byte GENESIS = 'G';
  public static final byte MEMBER = 'M';
  public static final byte HEADER = 'B';
  public static final byte TRANSACTION = 'T';
  public static final byte ENTRY = 'E';
  public static final byte BY_HASH = 'H';
  public static final byte ANCHOR = 'A';
  public static final byte NONCE = 'N';
  public static final byte ORGANIZATION_STATE = 'O';
  public static final byte RECEIPT = 'R';
  /** Length of an {@link #entries} key; a per-entry {@link #entry} key is 4 bytes longer. */
  public static final int ENTRIES_KEY_BYTES = 13;

  private LedgerKeys() {}

  public static byte[] state() {
    return new byte[] {STATE};
  }

  public static byte[] genesis() {
    return new byte[] {GENESIS};
  }

  public static byte[] member(MemberKey member) {
    byte[] key = new byte[1 + MemberKey.BYTES];
    key[0] = MEMBER;
    member.copyTo(key, 1);
    return key;
  }

  public static byte[] header(long height) {
    byte[] key = new byte[9];
    key[0] = HEADER;
    putLong(key, 1, height);
    return key;
  }

  public static byte[] transaction(long height, int transactionIndex) {
    byte[] key = new byte[13];
    key[0] = TRANSACTION;
    putLong(key, 1, height);
    putInt(key, 9, transactionIndex);
    return key;
  }

  /** The key of an anchoring transaction's entries (13 bytes; sorts before its per-entry keys). */
  public static byte[] entries(long height, int transactionIndex) {
    byte[] key = new byte[ENTRIES_KEY_BYTES];
    key[0] = ENTRY;
    putLong(key, 1, height);
    putInt(key, 9, transactionIndex);
    return key;
  }

  /** The transaction index in an entries key or an entry piece's key (big-endian at offset 9). */
  public static int transactionIndexOf(byte[] entriesKey) {
    return (entriesKey[9] & 0xff) << 24 | (entriesKey[10] & 0xff) << 16 | (entriesKey[11] & 0xff) << 8
        | (entriesKey[12] & 0xff);
  }

  /** The key of one entry piece (17 bytes), as ledgers written before {@link #entries} hold them. */
  public static byte[] entry(long height, int transactionIndex, int entryIndex) {
    byte[] key = new byte[17];
    key[0] = ENTRY;
    putLong(key, 1, height);
    putInt(key, 9, transactionIndex);
    putInt(key, 13, entryIndex);
    return key;
  }

  public static byte[] byHash(Hash32 blockHash) {
    return prefixed(BY_HASH, blockHash);
  }

  public static byte[] receipt(Hash32 transactionId) {
    return prefixed(RECEIPT, transactionId);
  }

  public static byte[] anchor(Hash32 recordHash) {
    return prefixed(ANCHOR, recordHash);
  }

  public static byte[] nonce(MemberKey requester) {
    byte[] key = new byte[1 + MemberKey.BYTES];
    key[0] = NONCE;
    requester.copyTo(key, 1);
    return key;
  }

  public static byte[] organizationState(String organization) {
    byte[] utf8 = organization.getBytes(StandardCharsets.UTF_8);
    byte[] key = new byte[1 + utf8.length];
    key[0] = ORGANIZATION_STATE;
    System.arraycopy(utf8, 0, key, 1, utf8.length);
    return key;
  }

  private static byte[] prefixed(byte table, Hash32 hash) {
    byte[] key = new byte[1 + Hash32.BYTES];
    key[0] = table;
    hash.copyTo(key, 1);
    return key;
  }

  private static void putLong(byte[] target, int offset, long value) {
    for (int i = 0; i < 8; i++) {
      target[offset + i] = (byte) (value >>> (56 - 8 * i));
    }
  }

  private static void putInt(byte[] target, int offset, int value) {
    for (int i = 0; i < 4; i++) {
      target[offset + i] = (byte) (value >>> (24 - 8 * i));
    }
  }
}
