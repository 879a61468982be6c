package io.cairn.pmem.api;

/**
 * Whether a backend works on this machine, and if not, why.
 *
 * @param backend the backend
 * @param available whether regions can be opened with it here
 * @param reason why not (what to install or configure); empty when available
 */
public record BackendStatus(PmemBackend backend, boolean available, String reason) {}
