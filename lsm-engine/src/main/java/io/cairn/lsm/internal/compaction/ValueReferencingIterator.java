package io.cairn.lsm.internal.compaction;

import io.cairn.lsm.internal.iterator.InternalIterator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.ValueReference;
import io.cairn.lsm.internal.version.ContainerRefs;

/**
 * The entries of an iterator over pmem L0 tables with each value that lies in a table's Container
 * shown as a reference to it: key type {@link InternalKeyFormat#TYPE_VALUE_REFERENCE}, value the
 * {@link ValueReference} encoding (at most {@link ValueReference#MAX_BYTES}, so inline in an
 * NVMTable slot). An L0 merge writes its table from this view, so it copies keys and references,
 * never the values, which stay where the flush put them (key-value separation applied inside L0,
 * session 11). Every other entry (a tombstone, an inline value, a reference already) shows as it
 * is. Order is unchanged: an entry keeps its user key and sequence, only its type changes.
 *
 * <p>Counts, over the forward pass from {@link #seekToFirst} by {@link #next} (what a table writer
 * makes; other moves do not count): the Containers referenced and the value bytes each ({@link
 * #containerRefs}, recorded in the MANIFEST with the table so that the Containers stay alive), and
 * the value bytes left in place by this view ({@link #keptValueBytes}).
 *
 * <p>Owns the source (closed with it). Not thread-safe.
 */
public final class ValueReferencingIterator implements InternalIterator {
  private final InternalIterator source;
  /** Whether values in Containers show as references; else only references already there count. */
  private final boolean referenceValues;
  private ContainerRefs.Builder refs = new ContainerRefs.Builder();
  private final byte[] referenceValue = new byte[ValueReference.MAX_BYTES];
  private byte[] referenceKey = new byte[64];
  /** Whether the current entry shows as a reference (then the arrays above hold it). */
  private boolean referenced;
  private int referenceLength;
  private long keptValueBytes;

  /**
   * @param source the entries (owned)
   * @param referenceValues show each value that lies in a Container as a reference to it (key-value
   *     separation on); when false every entry shows as it is, and only the references the source
   *     already holds are counted (they pass through whether separation is on or off, so the table
   *     written must still record them)
   */
  public ValueReferencingIterator(InternalIterator source, boolean referenceValues) {
    this.source = source;
    this.referenceValues = referenceValues;
  }

  /** The Containers the forward pass's references named, with their value bytes (once: starts over). */
  public ContainerRefs containerRefs() {
    return refs.build();
  }

  /** Value bytes shown as references so far, i.e. not copied by the writer. */
  public long keptValueBytes() {
    return keptValueBytes;
  }

  /** Shows the source's entry; {@code count}: it is the next entry of the forward pass. */
  private void load(boolean count) {
    referenced = false;
    if (!source.isValid()) {
      return;
    }
    byte[] key = source.keyBytes();
    int keyOffset = source.keyOffset();
    int keyLength = source.keyLength();
    int type = InternalKeyFormat.type(InternalKeyFormat.tagOf(key, keyOffset, keyLength));
    if (type == InternalKeyFormat.TYPE_VALUE_REFERENCE) {
      if (count) {
        ValueReference passed = ValueReference.decode(source.valueBytes(), source.valueOffset(),
            source.valueLength(), "L0 merge input");
        refs.add(passed.container(), passed.length());
      }
      return;
    }
    ValueReference reference = referenceValues && type == InternalKeyFormat.TYPE_VALUE ? source.valueReference() : null;
    if (reference == null) {
      return;
    }
    if (referenceKey.length < keyLength) {
      referenceKey = new byte[Math.max(keyLength, referenceKey.length * 2)];
    }
    System.arraycopy(key, keyOffset, referenceKey, 0, keyLength);
    InternalKeyFormat.setType(referenceKey, 0, keyLength, InternalKeyFormat.TYPE_VALUE_REFERENCE);
    referenceLength = reference.encodeTo(referenceValue, 0);
    referenced = true;
    if (count) {
      refs.add(reference.container(), reference.length());
      keptValueBytes += reference.length();
    }
  }

  @Override
  public boolean isValid() {
    return source.isValid();
  }

  /** Starts the forward pass: the counts start over. */
  @Override
  public void seekToFirst() {
    refs = new ContainerRefs.Builder();
    keptValueBytes = 0;
    source.seekToFirst();
    load(true);
  }

  @Override
  public void next() {
    source.next();
    load(true);
  }

  @Override
  public void seekToLast() {
    source.seekToLast();
    load(false);
  }

  @Override
  public void seek(byte[] target, int offset, int length) {
    source.seek(target, offset, length);
    load(false);
  }

  @Override
  public void prev() {
    source.prev();
    load(false);
  }

  @Override
  public byte[] keyBytes() {
    return referenced ? referenceKey : source.keyBytes();
  }

  @Override
  public int keyOffset() {
    return referenced ? 0 : source.keyOffset();
  }

  @Override
  public int keyLength() {
    return source.keyLength();
  }

  @Override
  public byte[] valueBytes() {
    return referenced ? referenceValue : source.valueBytes();
  }

  @Override
  public int valueOffset() {
    return referenced ? 0 : source.valueOffset();
  }

  @Override
  public int valueLength() {
    return referenced ? referenceLength : source.valueLength();
  }

  @Override
  public void close() {
    source.close();
  }
}
