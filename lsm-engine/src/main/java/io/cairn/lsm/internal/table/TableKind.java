package io.cairn.lsm.internal.table;

/**
 * The format of a table, recorded for every table file in the MANIFEST so that recovery opens it
 * with the right reader (see {@code docs/formats/manifest.md}). Codes are stored: never reuse one.
 */
public enum TableKind {
  /** An SSTable ({@code NNNNNN.sst}) in the database directory. */
  SSTABLE(0),
  /** An NVMTable plus its Container on persistent memory: the pmem L0 (issue 7). */
  NVMTABLE(1);

  private final int code;

  TableKind(int code) {
    this.code = code;
  }

  /** The stored code. */
  public int code() {
    return code;
  }

  /** The kind stored as {@code code}, or null for an unknown code. */
  public static TableKind fromCode(long code) {
    for (TableKind kind : values()) {
      if (kind.code == code) {
        return kind;
      }
    }
    return null;
  }
}
