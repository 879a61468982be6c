package io.cairn.lsm.internal.memtable;

import io.cairn.lsm.internal.key.InternalKeyComparator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.KeyOrder;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * A skiplist of memtable entries ordered by internal key, with LevelDB's concurrency contract:
 * one writer at a time (the engine serialises inserts), any number of readers at once without
 * locks. A node is fully built before a release store links it in, and readers follow links with
 * acquire loads, so a reader sees either the old list or the new node complete. Nodes are never
 * removed; the whole list is dropped with its memtable.
 *
 * <p>Writer-only state: the splice, the last inserted node, the random state and each node's
 * copy of its successors' prefixes ({@code Node.nextPrefix(level)}, session 13) are read and written by
 * the writer alone, with plain accesses; the engine's serialisation of inserts orders one writer's
 * accesses before the next one's. Readers never read them, so they add nothing to the
 * publication order above.
 *
 * <p>An entry is a slice of an array, usually one of its memtable's {@link EntryArena} chunks
 * (session 14): the internal key ({@code keyLength} bytes at {@code offset}) followed by the value
 * ({@code valueLength} bytes). Its bytes are written before the node that holds them is linked in
 * and never change after, so the same release store publishes them.
 */
final class SkipList {
  static final int MAX_HEIGHT = 12;
  private static final int BRANCHING = 4;
  private static final VarHandle NEXT = MethodHandles.arrayElementVarHandle(Node[].class);

  /**
   * One entry. Its slice's fields are final, so safely published with the node. Its level-0 link
   * and the writer's copy of that successor's prefix are fields of the node itself, and only the
   * levels above 0 (a quarter of the nodes have any) are arrays (session 15): a step of a walk at
   * level 0 reads one object instead of three (the node, its links, its prefixes), and a node of
   * height 1 (three in four) is one object of 56 bytes instead of three of 96.
   */
  static final class Node {
    private static final VarHandle NEXT0;

    static {
      try {
        NEXT0 = MethodHandles.lookup().findVarHandle(Node.class, "next0", Node.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    /** The array holding the entry (an arena chunk shared with other nodes, or the entry alone). */
    final byte[] chunk;
    /** Where the entry's internal key starts in {@link #chunk}. */
    final int offset;
    final int keyLength;
    /** Bytes of the value, after the key. */
    final int valueLength;
    /**
     * {@link KeyOrder#prefix} of the user key: a search compares it first, and reads the entry
     * (another cache miss) only when the prefixes are equal or the order is not bytewise.
     */
    final long prefix;
    /** The link at level 0 (read with acquire, written with release, through {@link #NEXT0}). */
    @SuppressWarnings("unused") // accessed through NEXT0
    private Node next0;
    /** The links at levels 1 and up ({@code upper[level - 1]}), or null for a node of height 1. */
    private final Node[] upper;
    /**
     * The writer's copy of each successor's {@link #prefix} ({@code next(level).prefix}; anything
     * where the link is null), meaningful only when prefixes order keys: level 0 here, the levels
     * above in {@link #upperPrefix}. Only the writer reads or writes them (readers never do, so
     * their plain accesses need no ordering): the writer's search decides a step from the node it
     * stands on, and loads a successor (a cache miss in a large list) only to move to it or when
     * the prefixes are equal, not to find that it stops there.
     */
    private long nextPrefix0;
    /** {@link #nextPrefix0} of the levels above 0, or null (height 1, or prefixes do not order keys). */
    private final long[] upperPrefix;

    Node(byte[] chunk, int offset, int keyLength, int valueLength, int height, boolean prefixOrdered) {
      this.chunk = chunk;
      this.offset = offset;
      this.keyLength = keyLength;
      this.valueLength = valueLength;
      this.prefix = KeyOrder.prefix(chunk, offset, keyLength - InternalKeyFormat.TAG_BYTES);
      this.upper = height > 1 ? new Node[height - 1] : null;
      this.upperPrefix = height > 1 && prefixOrdered ? new long[height - 1] : null;
    }

    /** Offset of the value in {@link #chunk}. */
    int valueOffset() {
      return offset + keyLength;
    }

    /** A copy of the internal key. */
    byte[] copyKey() {
      return Arrays.copyOfRange(chunk, offset, offset + keyLength);
    }

    /** Levels this node is linked at. */
    int levels() {
      return upper == null ? 1 : upper.length + 1;
    }

    Node next(int level) {
      return level == 0 ? (Node) NEXT0.getAcquire(this) : (Node) NEXT.getAcquire(upper, level - 1);
    }

    void setNext(int level, Node node) {
      if (level == 0) {
        NEXT0.setRelease(this, node);
      } else {
        NEXT.setRelease(upper, level - 1, node);
      }
    }

    void setNextPlain(int level, Node node) {
      if (level == 0) {
        NEXT0.set(this, node);
      } else {
        upper[level - 1] = node;
      }
    }

    /** The writer's copy of the successor's prefix at {@code level} (prefixes on). Writer only. */
    long nextPrefix(int level) {
      return level == 0 ? nextPrefix0 : upperPrefix[level - 1];
    }

    /** Sets the writer's copy of the successor's prefix at {@code level} (prefixes on). Writer only. */
    void setNextPrefix(int level, long successorPrefix) {
      if (level == 0) {
        nextPrefix0 = successorPrefix;
      } else {
        upperPrefix[level - 1] = successorPrefix;
      }
    }
  }

  private final InternalKeyComparator comparator;
  /** Whether node prefixes order keys ({@link KeyOrder#prefixOrdered}). */
  private final boolean prefixOrdered;
  private final Node head;
  /**
   * Writer's scratch: after an insert, {@code splice[level]} is a node before the inserted key at
   * that level (the inserted node itself below its height), so every entry is below any larger
   * key inserted next.
   */
  private final Node[] splice = new Node[MAX_HEIGHT];
  /** The node of the last insert, or null: the finger that ascending inserts search from. */
  private Node lastInserted;
  private volatile int height = 1;
  private long randomState;

  SkipList(InternalKeyComparator comparator, long seed) {
    this.comparator = comparator;
    this.prefixOrdered = comparator.userOrder().prefixOrdered();
    this.head = new Node(new byte[InternalKeyFormat.TAG_BYTES], 0, InternalKeyFormat.TAG_BYTES, 0, MAX_HEIGHT, prefixOrdered);
    this.randomState = seed | 1;
  }

  /**
   * Links in the entry at {@code chunk[offset]} (internal key, then value), whose bytes must not
   * change after. Callers must not run two inserts at once, and must not insert an internal key
   * that is already present (sequence numbers make every key distinct).
   *
   * <p>An entry above the previous insert's key is found from that insert's splice (a finger
   * search: climb to the lowest level whose link passes the new key, descend from there), so a
   * batch written in ascending key order costs about log(distance between neighbours) compares per
   * entry, on nodes the previous insert just touched, instead of a search from the head. Either
   * search decides each step from the writer's copy of the successor's prefix in the node it stands
   * on, so it loads a successor only to move to it (or on equal prefixes): in a memtable of random
   * 33-byte keys about 14 node loads per sorted insert instead of 24 (session 13).
   */
  void insert(byte[] chunk, int offset, int keyLength, int valueLength) {
    Node last = lastInserted;
    Node found = last != null && comparator.compare(last.chunk, last.offset, last.keyLength, chunk, offset, keyLength) < 0
        ? findSpliceFromFinger(chunk, offset, keyLength)
        : findSplice(head, height - 1, chunk, offset, keyLength, prefixOf(chunk, offset, keyLength));
    assert found == null || comparator.compare(found.chunk, found.offset, found.keyLength, chunk, offset, keyLength) != 0;
    int nodeHeight = randomHeight();
    int currentHeight = height;
    if (nodeHeight > currentHeight) {
      for (int level = currentHeight; level < nodeHeight; level++) {
        splice[level] = head;
      }
      // Readers that see the new height before the node find null links from head: harmless.
      height = nodeHeight;
    }
    Node node = new Node(chunk, offset, keyLength, valueLength, nodeHeight, prefixOrdered);
    for (int level = 0; level < nodeHeight; level++) {
      Node previous = splice[level];
      node.setNextPlain(level, previous.next(level));
      if (prefixOrdered) {
        node.setNextPrefix(level, previous.nextPrefix(level));
        previous.setNextPrefix(level, node.prefix);
      }
      previous.setNext(level, node);
      splice[level] = node;
    }
    lastInserted = node;
  }

  /**
   * The writer's {@link #findFromFinger} on {@link #splice} (the key is above the last inserted
   * one, so above every splice node), deciding each step by the nodes' {@code nextPrefix}.
   */
  private Node findSpliceFromFinger(byte[] key, int offset, int length) {
    int top = height - 1;
    int level = 0;
    long keyPrefix = prefixOf(key, offset, length);
    while (level < top) {
      Node from = splice[level];
      Node next = from.next(level);
      if (next == null || compareNext(from, level, next, keyPrefix, key, offset, length) >= 0) {
        break;
      }
      level++;
    }
    return findSplice(splice[level], level, key, offset, length, keyPrefix);
  }

  /**
   * The writer's {@link #findGreaterOrEqual} into {@link #splice}: the same walk, with each step
   * decided by {@link #compareNext}, so a level's last comparison (the successor at or after the
   * key) reads no successor unless the prefixes are equal.
   */
  private Node findSplice(Node start, int startLevel, byte[] key, int offset, int length, long keyPrefix) {
    Node node = start;
    int level = startLevel;
    Node atOrAfter = null;
    while (true) {
      Node next = node.next(level);
      if (next != null && next != atOrAfter && compareNext(node, level, next, keyPrefix, key, offset, length) < 0) {
        node = next;
      } else {
        atOrAfter = next;
        splice[level] = node;
        if (level == 0) {
          return next;
        }
        level--;
      }
    }
  }

  /**
   * {@code node}'s successor {@code next} at {@code level} against the internal key, from {@code
   * node}'s copy of the successor's prefix where prefixes order keys. Writer only.
   */
  private int compareNext(Node node, int level, Node next, long keyPrefix, byte[] key, int offset, int length) {
    if (prefixOrdered) {
      long nextPrefix = node.nextPrefix(level);
      assert nextPrefix == next.prefix : "stale successor prefix at level " + level;
      if (nextPrefix != keyPrefix) {
        return Long.compareUnsigned(nextPrefix, keyPrefix);
      }
    }
    return comparator.compare(next.chunk, next.offset, next.keyLength, key, offset, length);
  }

  /**
   * {@link #findGreaterOrEqual} for a key above every node of {@code finger} (true of the splice
   * when the key is above the last inserted one), starting from the lowest finger node, among
   * levels below {@code fingerHeight}, whose successor at its level is at or after the key (or
   * from the highest one when none is); refills {@code finger} up to that level.
   */
  private Node findFromFinger(Node[] finger, int fingerHeight, byte[] key, int offset, int length) {
    int top = fingerHeight - 1;
    int level = 0;
    long keyPrefix = prefixOf(key, offset, length);
    while (level < top) {
      Node next = finger[level].next(level);
      if (next == null || compare(next, keyPrefix, key, offset, length) >= 0) {
        break;
      }
      level++;
    }
    return findGreaterOrEqual(finger[level], level, key, offset, length, finger);
  }

  /** The first node at or after the internal key, or null. */
  Node seek(byte[] key, int offset, int length) {
    return findGreaterOrEqual(head, height - 1, key, offset, length, null);
  }

  /**
   * A reader's finger for lookups in ascending order ({@link #seek(Finger, byte[])}): the
   * nodes before the last key sought at each level. Owned by one reader.
   */
  static final class Finger {
    private final Node[] nodes = new Node[MAX_HEIGHT];
    /** Levels of {@link #nodes} filled; 0 before the first seek. */
    private int height;
    /** The last internal key sought, or null. */
    private byte[] lastKey;
  }

  /**
   * {@link #seek} of the internal key {@code key}, searching from {@code finger} when the
   * key is above the last key it sought (a lookup of the next key of an ascending run costs about
   * log(distance) compares on nodes just visited), from the head otherwise.
   */
  Node seek(Finger finger, byte[] key) {
    byte[] last = finger.lastKey;
    Node found;
    if (last != null && comparator.compare(last, 0, last.length, key, 0, key.length) < 0) {
      found = findFromFinger(finger.nodes, finger.height, key, 0, key.length);
    } else {
      int levels = height;
      found = findGreaterOrEqual(head, levels - 1, key, 0, key.length, finger.nodes);
      finger.height = levels;
    }
    finger.lastKey = key;
    return found;
  }

  /** The first node, or null when empty. */
  Node first() {
    return head.next(0);
  }

  /** The last node, or null when empty. */
  Node last() {
    Node node = head;
    for (int level = height - 1; level >= 0; level--) {
      Node next;
      while ((next = node.next(level)) != null) {
        node = next;
      }
    }
    return node == head ? null : node;
  }

  /** The last node before the internal key, or null when none. */
  Node lessThan(byte[] key, int offset, int length) {
    Node node = head;
    for (int level = height - 1; level >= 0; level--) {
      Node next;
      while ((next = node.next(level)) != null
          && comparator.compare(next.chunk, next.offset, next.keyLength, key, offset, length) < 0) {
        node = next;
      }
    }
    return node == head ? null : node;
  }

  /**
   * The first node at or after the key, searching from {@code start} at {@code startLevel} down
   * ({@code start} is the head or a node before the key); fills {@code previous[level]} with the
   * last node before the key at each level searched, when given.
   */
  private Node findGreaterOrEqual(Node start, int startLevel, byte[] key, int offset, int length, Node[] previous) {
    Node node = start;
    int level = startLevel;
    long keyPrefix = prefixOf(key, offset, length);
    // The node a level above was found at or after the key; met again one level down (about one
    // descent in BRANCHING), it needs no second comparison (RocksDB's skip list does the same).
    Node atOrAfter = null;
    while (true) {
      Node next = node.next(level);
      if (next != null && next != atOrAfter && compare(next, keyPrefix, key, offset, length) < 0) {
        node = next;
      } else {
        atOrAfter = next;
        if (previous != null) {
          previous[level] = node;
        }
        if (level == 0) {
          return next;
        }
        level--;
      }
    }
  }

  /**
   * The first broken invariant, or null: at every level the links run in strictly ascending key
   * order, and (prefixes on) each node's copy of its successor's prefix equals that prefix. Walks
   * the whole list; for tests, with the writer stopped.
   */
  String invariantViolation() {
    for (int level = 0; level < MAX_HEIGHT; level++) {
      for (Node node = head, next; (next = node.next(level)) != null; node = next) {
        if (node != head && comparator.compare(node.chunk, node.offset, node.keyLength, next.chunk, next.offset,
            next.keyLength) >= 0) {
          return "level " + level + ": a node is not below its successor";
        }
        if (prefixOrdered && node.nextPrefix(level) != next.prefix) {
          return "level " + level + ": a node's copy of its successor's prefix is stale";
        }
      }
    }
    return null;
  }

  /** The user-key prefix of an internal key, as {@link Node#prefix}. */
  private static long prefixOf(byte[] key, int offset, int length) {
    return KeyOrder.prefix(key, offset, length - InternalKeyFormat.TAG_BYTES);
  }

  /** {@code node}'s key against the internal key (whose user-key prefix is {@code keyPrefix}). */
  private int compare(Node node, long keyPrefix, byte[] key, int offset, int length) {
    if (prefixOrdered && node.prefix != keyPrefix) {
      return Long.compareUnsigned(node.prefix, keyPrefix);
    }
    return comparator.compare(node.chunk, node.offset, node.keyLength, key, offset, length);
  }

  private int randomHeight() {
    int nodeHeight = 1;
    while (nodeHeight < MAX_HEIGHT && (nextRandom() & (BRANCHING - 1)) == 0) {
      nodeHeight++;
    }
    return nodeHeight;
  }

  private int nextRandom() {
    // xorshift64: the writer is single-threaded, so plain state suffices.
    long x = randomState;
    x ^= x << 13;
    x ^= x >>> 7;
    x ^= x << 17;
    randomState = x;
    return (int) (x >>> 32);
  }
}
