package io.cairn.pmem.l0.internal;

import io.cairn.pmem.api.PmemRegion;

/**
 * How corruption messages name a region: its file when it has one, else its name. Offsets in
 * those messages are region offsets (a region file adds its 256-byte header in front).
 *
 * <p>Thread-safety: stateless.
 */
public final class Where {
  private Where() {}

  /** The file of {@code region}, or "pmem region NAME" for in-memory regions. */
  public static Object of(PmemRegion region) {
    return region.file().<Object>map(path -> path).orElse("pmem region " + region.name());
  }
}
