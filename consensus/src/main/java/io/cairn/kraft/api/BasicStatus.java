package io.cairn.kraft.api;

/**
 * The cheap part of a node's {@link Status}: no per-member maps, so a driver may read it after
 * every step.
 *
 * @param id this node
 * @param role its role
 * @param term its current term
 * @param leader the leader it follows (itself when leader), or null
 * @param commit its commit index
 * @param lastIndex index of its last log entry
 */
public record BasicStatus(NodeId id, Role role, long term, NodeId leader, long commit, long lastIndex) {}
