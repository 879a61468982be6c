package io.cairn.kraft.api;

/** How members of a KRaft group acknowledge appends and heartbeats that reached them through a relay. */
public enum AckPath {
  /** Members answer the relay, which returns their individual answers to the leader in one bundle. */
  VIA_RELAY,
  /** Members answer the leader directly: one hop less before commit, more messages at the leader. */
  DIRECT
}
