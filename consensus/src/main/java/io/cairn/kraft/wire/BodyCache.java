package io.cairn.kraft.wire;

import io.cairn.kraft.api.AppendRequest;
import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.Message;
import java.util.List;

/**
 * The body encodings ({@link MessageFormat}) of the appends one node sends lately, so that copies
 * of one append to several destinations are encoded once: a leader's append to each peer (same
 * entries, same commit), a relay's copies to its group, which reuse the bytes the relay received
 * ({@link #remember}). Only appends are kept: they carry the entries; every other message is small
 * and encoded afresh.
 *
 * <p>Two appends share a body when every body field is equal and their entries are the same
 * objects (a core hands the same {@link Entry} instances to every peer's append; a forwarded copy
 * keeps the received list). Comparing by identity costs a pointer per entry and never mistakes
 * two different entries for one; equal entries that are different objects are merely encoded
 * twice.
 *
 * <p>{@link #clear} drops everything; the owner calls it after each batch of sends, so that the
 * cache holds bodies for one batch only and never keeps a large entry alive past it.
 *
 * <p>Thread-safety: none; one sending thread owns it.
 */
public final class BodyCache {
  /** Bodies kept at once; a batch of sends seldom has more distinct appends. */
  static final int SLOTS = 8;

  /** A body encoding: {@code length} bytes of {@code array} from {@code offset}. */
  public record Body(byte[] array, int offset, int length) {}

  private final AppendRequest[] keys = new AppendRequest[SLOTS];
  private final Body[] bodies = new Body[SLOTS];
  private int next;
  private long hits;
  private long misses;

  /** The body encoding of {@code message}: a kept one when an equal body was encoded or received. */
  public Body bodyOf(Message message) {
    if (!(message instanceof AppendRequest append)) {
      return whole(MessageEncoder.encodeBody(message));
    }
    for (int i = 0; i < SLOTS; i++) {
      if (keys[i] != null && sameBody(keys[i], append)) {
        hits++;
        return bodies[i];
      }
    }
    misses++;
    Body body = whole(MessageEncoder.encodeBody(append));
    keep(append, body);
    return body;
  }

  /**
   * Keeps the body {@code array[offset, offset + length)} that {@code message} was decoded from,
   * for the copies a relay forwards; anything but an append with a fanout is ignored.
   */
  public void remember(Message message, byte[] array, int offset, int length) {
    if (message instanceof AppendRequest append && !append.fanout().isEmpty()) {
      keep(append, new Body(array, offset, length));
    }
  }

  /** Forgets every kept body. */
  public void clear() {
    java.util.Arrays.fill(keys, null);
    java.util.Arrays.fill(bodies, null);
  }

  /** Appends whose body came from the cache so far. */
  public long hits() {
    return hits;
  }

  /** Appends encoded so far. */
  public long misses() {
    return misses;
  }

  private void keep(AppendRequest append, Body body) {
    keys[next] = append;
    bodies[next] = body;
    next = (next + 1) % SLOTS;
  }

  private static Body whole(byte[] bytes) {
    return new Body(bytes, 0, bytes.length);
  }

  /** Whether {@code a} and {@code b} have the same body encoding (their entries compared by identity). */
  static boolean sameBody(AppendRequest a, AppendRequest b) {
    return a.term() == b.term() && a.prevIndex() == b.prevIndex() && a.prevTerm() == b.prevTerm()
        && a.commit() == b.commit() && a.ackDirect() == b.ackDirect() && a.from().equals(b.from())
        && sameEntries(a.entries(), b.entries());
  }

  private static boolean sameEntries(List<Entry> a, List<Entry> b) {
    if (a == b) {
      return true;
    }
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i) != b.get(i)) {
        return false;
      }
    }
    return true;
  }
}
