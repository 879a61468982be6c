package io.cairn.bft.sim;

/**
 * What one seeded run produced.
 *
 * @param violation the first safety or liveness violation, or null
 * @param decisions sequence numbers decided by some honest replica
 * @param messages replica-to-replica messages sent by honest replicas
 * @param bytes their encoded bytes
 * @param requests client requests completed (f+1 matching replies)
 * @param virtualMicros virtual time until the last request completed (or the run ended)
 * @param rejected messages honest replicas dropped as forged or invalid
 * @param highestView the highest view an honest replica reached
 * @param fastCertificates SBFT fast-path certificates received by honest replicas
 * @param slowCertificates SBFT slow-path commit certificates received by honest replicas
 * @param steadyPerSecond requests completed per virtual second between 20 % and 80 % of all
 *     requests done (the steady state, without the start and the last partly filled batches)
 * @param busiestCpuShare the busiest replica's CPU time over the run's virtual time
 * @param primaryCpuShare replica 0's (the first primary's) CPU time over the run's virtual time
 * @param backupCpuShare the mean over the other replicas (SBFT's collectors are among them)
 */
public record RunResult(long seed, String violation, long decisions, long messages, long bytes, long requests,
    long virtualMicros, long rejected, long highestView, long fastCertificates, long slowCertificates,
    double steadyPerSecond, double busiestCpuShare, double primaryCpuShare, double backupCpuShare) {}
