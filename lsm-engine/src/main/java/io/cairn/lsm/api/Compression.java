package io.cairn.lsm.api;

/** Per-block compression of SSTable data blocks. */
public enum Compression {
  /** Blocks stored as built. */
  NONE,
  /** LZ4 (the maintained {@code at.yawk.lz4} fork of lz4-java); kept only when it saves space. */
  LZ4
}
