package io.cairn.lsm.internal.log;

/**
 * What a {@link LogReader} does at a bad spot: a record that fails its checksum, runs past the
 * end of the file, is zero-filled, or breaks the FIRST/MIDDLE/LAST order.
 *
 * <p>A bad spot after which no intact record follows is a <em>torn tail</em>, the normal result
 * of a crash during an append. A bad spot followed by intact records is damage in the middle.
 */
public enum TailPolicy {
  /** Drop a torn tail (reported through {@link LogReader#droppedTail()}); refuse damage in the middle. */
  DROP_TORN_TAIL,
  /**
   * Drop a tail only where the file simply ends early (inside a record, or in zero-filled bytes:
   * an append a crash cut short); refuse a tail record that fails its checksum. For the MANIFEST,
   * whose every record was synced before anyone relied on it.
   */
  DROP_TRUNCATED_TAIL,
  /** Refuse any bad spot, even a torn tail (paranoid checks). */
  REFUSE_ANY
}
