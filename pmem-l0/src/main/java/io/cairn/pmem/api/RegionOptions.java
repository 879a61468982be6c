package io.cairn.pmem.api;

import java.util.Objects;

/**
 * How regions are opened: which backend, whether to try MAP_SYNC, and the optional latency model.
 * Defaults: {@link PmemBackend#AUTO}, MAP_SYNC tried, latency model off.
 *
 * <p>Thread-safety: immutable.
 *
 * @param backend the backend; {@link PmemBackend#AUTO} picks {@link PmemBackend#FFM}
 * @param tryMapSync FFM only: try MAP_SYNC first (it succeeds on DAX); false always uses the
 *     shared mapping + msync path (for tests and comparisons)
 * @param latencyModel extra delays, {@link LatencyModel#OFF} for none
 */
public record RegionOptions(PmemBackend backend, boolean tryMapSync, LatencyModel latencyModel) {
  /** @throws NullPointerException for a null backend or model */
  public RegionOptions {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(latencyModel, "latencyModel");
  }

  /** The defaults. */
  public static RegionOptions defaults() {
    return new RegionOptions(PmemBackend.AUTO, true, LatencyModel.OFF);
  }

  /** The same options with another backend. */
  public RegionOptions withBackend(PmemBackend newBackend) {
    return new RegionOptions(newBackend, tryMapSync, latencyModel);
  }

  /** The same options with MAP_SYNC tried or not. */
  public RegionOptions withTryMapSync(boolean newTryMapSync) {
    return new RegionOptions(backend, newTryMapSync, latencyModel);
  }

  /** The same options with another latency model. */
  public RegionOptions withLatencyModel(LatencyModel newModel) {
    return new RegionOptions(backend, tryMapSync, newModel);
  }

  /** The backend AUTO stands for: {@link PmemBackend#FFM}. */
  public PmemBackend resolvedBackend() {
    return backend == PmemBackend.AUTO ? PmemBackend.FFM : backend;
  }
}
