package io.cairn.pmem.api;

/**
 * Whether a directory is on real persistent memory (a DAX file system, where MAP_SYNC is granted).
 *
 * @param dax whether it is
 * @param detail the file system and what the kernel answered
 */
public record DaxStatus(boolean dax, String detail) {}
