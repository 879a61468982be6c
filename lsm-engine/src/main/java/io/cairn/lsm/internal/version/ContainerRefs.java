package io.cairn.lsm.internal.version;

import io.cairn.common.CorruptionException;
import io.cairn.common.Varints;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * The pmem Containers one table's value references name (an SSTable's, or since session 11 an
 * NVMTable's written by an L0 merge that kept its inputs' values in place), each with the value bytes it
 * references there (key-value separation on pmem): what keeps a Container alive ({@link
 * LiveContainers}) and what its live bytes are estimated from. Recorded in the MANIFEST (tag 9,
 * {@link ManifestFormat}):
 *
 * <pre>
 * byte      version (1)
 * varint32  count (at least 1)
 * count x   varint64 container number (strictly increasing) | varint64 referenced value bytes
 * </pre>
 *
 * <p>Thread-safety: immutable; {@link Builder} is not thread-safe.
 */
public final class ContainerRefs {
  /** No references: every SSTable written without key-value separation, and every flushed NVMTable. */
  public static final ContainerRefs NONE = new ContainerRefs(new long[0], new long[0]);
  /** The version of the encoding. */
  public static final int VERSION = 1;

  private final long[] containers;
  private final long[] bytes;

  private ContainerRefs(long[] containers, long[] bytes) {
    this.containers = containers;
    this.bytes = bytes;
  }

  /** Whether no container is referenced. */
  public boolean isEmpty() {
    return containers.length == 0;
  }

  /** Number of containers referenced. */
  public int size() {
    return containers.length;
  }

  /** The {@code i}-th container number, in increasing order. */
  public long container(int i) {
    return containers[i];
  }

  /** Value bytes referenced in the {@code i}-th container. */
  public long bytes(int i) {
    return bytes[i];
  }

  /** Value bytes referenced in all containers together. */
  public long totalBytes() {
    long total = 0;
    for (long referenced : bytes) {
      total += referenced;
    }
    return total;
  }

  /** The canonical encoding. */
  public byte[] encode() {
    byte[] out = new byte[1 + Varints.MAX_VARINT32_BYTES + containers.length * 2 * Varints.MAX_VARINT64_BYTES];
    out[0] = VERSION;
    int at = Varints.putVarint64(out, 1, containers.length);
    for (int i = 0; i < containers.length; i++) {
      at = Varints.putVarint64(out, at, containers[i]);
      at = Varints.putVarint64(out, at, bytes[i]);
    }
    return Arrays.copyOf(out, at);
  }

  /**
   * Decodes {@link #encode}'s output.
   *
   * @param where the MANIFEST record, for messages
   * @throws CorruptionException naming {@code where} for anything else
   */
  public static ContainerRefs decode(byte[] in, String where) {
    if (in.length < 2 || in[0] != VERSION) {
      throw new CorruptionException("corruption in " + where + ": container references of unknown version");
    }
    try {
      int at = 1;
      long count = Varints.getVarint64(in, at, in.length);
      at = Varints.endOfVarint(in, at, in.length);
      if (count < 1 || count > (in.length - at) / 2) {
        throw new CorruptionException("corruption in " + where + ": container reference count " + count);
      }
      long[] containers = new long[(int) count];
      long[] bytes = new long[(int) count];
      for (int i = 0; i < count; i++) {
        containers[i] = Varints.getVarint64(in, at, in.length);
        at = Varints.endOfVarint(in, at, in.length);
        bytes[i] = Varints.getVarint64(in, at, in.length);
        at = Varints.endOfVarint(in, at, in.length);
        if (containers[i] < 0 || bytes[i] < 0 || (i > 0 && containers[i] <= containers[i - 1])) {
          throw new CorruptionException("corruption in " + where + ": container references out of order");
        }
      }
      if (at != in.length) {
        throw new CorruptionException("corruption in " + where + ": bytes after the container references");
      }
      return new ContainerRefs(containers, bytes);
    } catch (CorruptionException e) {
      throw e.getMessage().startsWith("corruption in " + where) ? e
          : new CorruptionException("corruption in " + where + ": container references: " + e.getMessage());
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ContainerRefs refs && Arrays.equals(containers, refs.containers)
        && Arrays.equals(bytes, refs.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(containers) * 31 + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("refs{");
    for (int i = 0; i < containers.length; i++) {
      text.append(i == 0 ? "" : ", ").append(containers[i]).append(':').append(bytes[i]);
    }
    return text.append('}').toString();
  }

  /** Collects the references of one table being written. */
  public static final class Builder {
    private final TreeMap<Long, long[]> counts = new TreeMap<>();

    /** Counts {@code valueBytes} referenced in {@code container}. */
    public void add(long container, long valueBytes) {
      counts.computeIfAbsent(container, c -> new long[1])[0] += valueBytes;
    }

    /** Whether nothing was added. */
    public boolean isEmpty() {
      return counts.isEmpty();
    }

    /** The references added, and starts over. */
    public ContainerRefs build() {
      if (counts.isEmpty()) {
        return NONE;
      }
      long[] containers = new long[counts.size()];
      long[] bytes = new long[counts.size()];
      int i = 0;
      for (var entry : counts.entrySet()) {
        containers[i] = entry.getKey();
        bytes[i++] = entry.getValue()[0];
      }
      counts.clear();
      return new ContainerRefs(containers, bytes);
    }
  }
}
