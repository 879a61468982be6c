package io.cairn.lsm.internal.table;

/**
 * What writing a table produced, for its MANIFEST entry.
 *
 * @param fileBytes bytes the table occupies
 * @param smallestKey its smallest internal key
 * @param largestKey its largest internal key
 * @param entries number of entries
 * @param auxiliary kind-specific metadata stored with the table in the MANIFEST (empty for
 *     SSTables; an NVMTable records its Container here)
 */
public record WrittenTable(long fileBytes, byte[] smallestKey, byte[] largestKey, long entries, byte[] auxiliary) {}
