package io.cairn.kraft.api;

/**
 * Where an accepted proposal was appended. It is committed once an entry with this index
 * <em>and</em> this term shows up in {@link Ready#committedEntries()}; a committed entry with the
 * same index but another term means the proposal was lost with its leader.
 *
 * @param index the entry's index
 * @param term the leader's term when it appended the entry
 */
public record Proposal(long index, long term) {}
