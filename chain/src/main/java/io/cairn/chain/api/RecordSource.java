package io.cairn.chain.api;

/**
 * An off-chain store that verification reads records back from: the "interface" named by {@link
 * ReadParameters#store()}. The node's own engine-backed store is a {@link RecordStore}; other
 * interfaces (another enterprise's store, a file tree, a network service) implement this too.
 *
 * <p>Implementations must be safe to call from several verifying threads at once.
 */
public interface RecordSource {
  /** The store name that read parameters use to select this source. */
  String name();

  /**
   * The record stored under {@code key}, or {@code null} when there is none. The caller owns the
   * returned array.
   *
   * @throws io.cairn.common.CairnException when the store fails (treated as missing data by
   *     verification, with the error in the verdict)
   */
  byte[] read(byte[] key);
}
