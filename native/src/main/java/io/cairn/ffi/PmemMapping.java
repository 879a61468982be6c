package io.cairn.ffi;

import java.lang.foreign.MemorySegment;

/**
 * A file mapped by {@link LibPmem#mapFile}: the whole mapping as a segment, and whether libpmem
 * found it to be real persistent memory (then {@link LibPmem#flush} + {@link LibPmem#drain} make
 * stores durable; otherwise only {@link LibPmem#msync} does).
 *
 * <p>The segment belongs to the arena given to {@code mapFile}: closing that arena unmaps the file
 * ({@code pmem_unmap}), after which any access to the segment throws {@link IllegalStateException}
 * rather than touching unmapped memory.
 *
 * @param segment the mapping, {@code byteSize()} = the mapped length
 * @param isPmem what {@code pmem_map_file} reported in {@code *is_pmemp}
 */
public record PmemMapping(MemorySegment segment, boolean isPmem) {}
