package io.cairn.bench.consortium;

import io.cairn.bench.chain.ProcessCpu;
import io.cairn.chain.api.Identity;
import io.cairn.consortium.HqNode;
import io.cairn.consortium.LocalConsortium;
import io.cairn.consortium.StateUpload;
import io.cairn.consortium.UploadCipher;
import io.cairn.consortium.UploadSession;
import io.cairn.node.api.ExitCodes;
import io.cairn.node.api.Json;
import io.cairn.node.api.JsonOption;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cairn bench consortium}: seed 004's consortium chain with {@code --hq} HQ nodes in this
 * process (messages handed over directly, no network: the multi-process wiring over the BFT
 * transport is not used here). Enterprises' sealed uploads are prepared first (client work, not
 * timed; by default one session per enterprise), then handed to their HQ nodes' record pools from
 * {@code --threads} threads, the first {@code --warmup} untimed: {@code accepted_per_s}. Then the
 * period ends and the time until every HQ node has committed the period's block (data sets
 * collected, each data set's signature and root and each record's admission checked by the
 * leader and every slave, results exchanged, replies, commit ordered by the Byzantine core and
 * applied) is {@code period_commit_ms}; the audit of records' signatures after the commit runs on
 * a background thread and is not part of it.
 * {@code flagged_malicious}: HQ nodes flagged as suspects in the run (0 expected: all are honest
 * here; the malicious behaviours are in the simulation tests). See docs/consortium.md.
 */
@Command(
    name = "consortium",
    mixinStandardHelpOptions = true,
    description = "Consortium chain (seed 004): uploads accepted per second, a period's block committed after the period ends.")
public final class ConsortiumBench implements Callable<Integer> {
  static final long ACCEPTED_TARGET_PER_S = 10_000;
  static final long PERIOD_COMMIT_TARGET_MS = 1_000;

  @Option(names = "--hq", defaultValue = "4", description = "HQ nodes, at least 4 (default ${DEFAULT-VALUE}).")
  int hqs;

  @Option(names = "--uploads", defaultValue = "20000", description = "Uploads in the period (default ${DEFAULT-VALUE}).")
  int uploads;

  @Option(names = "--enterprises", defaultValue = "256", description = "Enterprise nodes (default ${DEFAULT-VALUE}).")
  int enterprises;

  @Option(names = "--state-bytes", defaultValue = "256", description = "Bytes of state per upload (default ${DEFAULT-VALUE}).")
  int stateBytes;

  @Option(names = "--threads", description = "Threads handing uploads to the pools (default: available processors).")
  Integer threads;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the keys and data (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--warmup", defaultValue = "2000", description = "Uploads accepted before the clock starts, to"
      + " warm the JIT (part of --uploads; at most half of them; default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--envelope", defaultValue = "session", description = "How uploads are sealed: session (one X25519"
      + " agreement per enterprise session, AES-GCM per upload) or ephemeral (a fresh X25519 key per upload)"
      + " (default ${DEFAULT-VALUE}).")
  String envelope;

  @Mixin JsonOption json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (hqs < 4 || uploads < 1 || enterprises < 1 || stateBytes < 0 || stateBytes > StateUpload.MAX_STATE_BYTES
        || threads != null && threads < 1 || warmup < 0 || !envelope.equals("session") && !envelope.equals("ephemeral")) {
      throw new ParameterException(spec.commandLine(), "--hq must be >= 4; --uploads, --enterprises, --threads >= 1;"
          + " --warmup >= 0;"
          + " --state-bytes 0.." + StateUpload.MAX_STATE_BYTES + "; --envelope session or ephemeral");
    }
    PrintWriter out = spec.commandLine().getOut();
    double loadStart = ProcessCpu.loadAverage();
    // A long period: it ends when the uploads are in (the driver ends it below by moving the clock).
    long periodMillis = 3_600_000;
    LocalConsortium consortium = new LocalConsortium(hqs, periodMillis, seed);
    List<StateUpload> signed = new ArrayList<>();
    List<Sealed> envelopes = prepare(consortium, signed);
    long start = System.currentTimeMillis();
    consortium.pump(start);
    int threadCount = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    // The first --warmup uploads are accepted untimed (JIT compilation of the checks), the rest timed.
    int warm = Math.min(warmup, uploads / 2);
    long warmed = accept(consortium, envelopes.subList(0, warm), threadCount);
    long began = System.nanoTime();
    long cpuBefore = ProcessCpu.nanos();
    long accepted = accept(consortium, envelopes.subList(warm, uploads), threadCount);
    double acceptSeconds = (System.nanoTime() - began) / 1e9;
    double acceptCpuUs = (ProcessCpu.nanos() - cpuBefore) / 1e3 / Math.max(1, accepted);
    double acceptedPerS = accepted / acceptSeconds;
    long periodEnd = (start / periodMillis + 1) * periodMillis;
    long commitStart = System.nanoTime();
    long offset = periodEnd - System.currentTimeMillis();
    long commitCpuBefore = ProcessCpu.nanos();
    boolean committed = runShifted(consortium, offset);
    double commitMs = (System.nanoTime() - commitStart) / 1e6;
    double commitCpuMs = (ProcessCpu.nanos() - commitCpuBefore) / 1e6;
    int flagged = consortium.node(0).ledger().flagged().size();
    double[] primitives = primitives(signed);
    long onChain = consortium.node(0).ledger().records();
    double loadEnd = ProcessCpu.loadAverage();
    out.printf("consortium: %d HQ nodes in one process (direct message passing, no network), %d enterprises%n", hqs,
        enterprises);
    out.printf("accepted into pools: %d of %d uploads (after %d untimed warm-up uploads) in %.2f s from %d threads:"
        + " %.0f/s (target %d/s); %.0f us of CPU per upload (all HQ nodes of the process)%n", accepted, uploads - warm,
        warm, acceptSeconds, threadCount,
        acceptedPerS, ACCEPTED_TARGET_PER_S, acceptCpuUs);
    out.printf("period's block: %s %d records %.0f ms after the period ended (target %d ms); %.0f ms of CPU"
        + " for the %d HQ nodes together%n", committed ? "committed at every HQ with" : "NOT committed within 60 s;",
        onChain, commitMs, PERIOD_COMMIT_TARGET_MS, commitCpuMs, hqs);
    out.printf("envelopes: %s; single-thread CPU per Ed25519 check in this run: %.0f us (BouncyCastle, as used),"
        + " %.0f us (the JDK's provider, side by side)%n", envelope.equals("session")
            ? "one session per enterprise (one X25519 agreement each, AES-GCM per upload)"
            : "a fresh X25519 key per upload", primitives[0], primitives[1]);
    out.printf("flagged as malicious: %d; load average %.2f -> %.2f on %d processors%n", flagged, loadStart, loadEnd,
        Runtime.getRuntime().availableProcessors());
    json.write(Json.object().put("accepted_per_s", Json.round(acceptedPerS, 1))
        .put("period_commit_ms", committed ? Json.round(commitMs, 1) : -1)
        .put("flagged_malicious", flagged));
    return committed && warmed + accepted == uploads ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /**
   * CPU microseconds per Ed25519 check on this thread, over the first uploads of the run: through
   * the project's verifier (BouncyCastle) and, side by side, through the JDK's own provider.
   */
  private static double[] primitives(List<StateUpload> signed) throws Exception {
    java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
    int count = Math.min(300, signed.size());
    java.security.KeyPair pair = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    java.security.Signature jdk = java.security.Signature.getInstance("Ed25519");
    byte[] message = signed.getFirst().encode();
    jdk.initSign(pair.getPrivate());
    jdk.update(message);
    byte[] signature = jdk.sign();
    long start = bean.getCurrentThreadCpuTime();
    int valid = 0;
    for (int i = 0; i < count; i++) {
      valid += signed.get(i).signatureValid() ? 1 : 0;
    }
    long middle = bean.getCurrentThreadCpuTime();
    for (int i = 0; i < count; i++) {
      jdk.initVerify(pair.getPublic());
      jdk.update(message);
      valid += jdk.verify(signature) ? 1 : 0;
    }
    long end = bean.getCurrentThreadCpuTime();
    if (valid != 2 * count) {
      throw new IllegalStateException("invariant: a signed upload of this run does not verify");
    }
    return new double[] {(middle - start) / 1e3 / count, (end - middle) / 1e3 / count};
  }

  /** One sealed upload: its enterprise, its HQ node, the envelope. */
  private record Sealed(int enterprise, int hq, byte[] envelope) {}

  /**
   * Admits the enterprises and signs and seals every upload to its home HQ (not timed: the
   * enterprises' work), in upload order; an enterprise seals its uploads in sequence order (a
   * session's counter follows it). The signed uploads go to {@code signed}, in the same order.
   */
  private List<Sealed> prepare(LocalConsortium consortium, List<StateUpload> signed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Identity> identities = new ArrayList<>();
    for (int e = 0; e < enterprises; e++) {
      byte[] secret = new byte[32];
      random.nextBytes(secret);
      Identity identity = Identity.fromSeed(secret);
      identities.add(identity);
      consortium.admitEverywhere(identity, "enterprise-" + e, e % hqs);
    }
    SecureRandom sealing = new SecureRandom();
    Sealed[] sealed = new Sealed[uploads];
    StateUpload[] uploaded = new StateUpload[uploads];
    java.util.stream.IntStream.range(0, enterprises).parallel().forEach(e -> {
      int hq = e % hqs;
      UploadSession session = envelope.equals("session")
          ? new UploadSession(identities.get(e).key(), hq, consortium.encryptionKey(hq), sealing) : null;
      for (int i = e; i < uploads; i += enterprises) {
        byte[] state = new byte[stateBytes];
        new SplittableRandom(seed ^ i).nextBytes(state);
        StateUpload upload = StateUpload.sign(identities.get(e), hq, i / enterprises + 1, i, state);
        uploaded[i] = upload;
        sealed[i] = new Sealed(e, hq, session != null ? session.seal(upload).encode()
            : UploadCipher.seal(upload, consortium.encryptionKey(hq), sealing).encode());
      }
    });
    signed.addAll(java.util.Arrays.asList(uploaded));
    return java.util.Arrays.asList(sealed);
  }

  /**
   * Hands every envelope to its HQ node from {@code threadCount} threads; an enterprise's uploads
   * stay on one thread in sequence order (the pool refuses a sequence that is not above the last).
   */
  private long accept(LocalConsortium consortium, List<Sealed> envelopes, int threadCount) throws Exception {
    List<List<Sealed>> byThread = new ArrayList<>();
    for (int t = 0; t < threadCount; t++) {
      byThread.add(new ArrayList<>());
    }
    for (Sealed sealed : envelopes) {
      byThread.get(sealed.enterprise() % threadCount).add(sealed);
    }
    AtomicLong accepted = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threadCount);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (List<Sealed> mine : byThread) {
        futures.add(pool.submit(() -> {
          for (Sealed sealed : mine) {
            HqNode node = consortium.node(sealed.hq());
            if (node.upload(sealed.envelope()).accepted()) {
              accepted.incrementAndGet();
            }
          }
        }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return accepted.get();
  }

  /** Drives the nodes on a clock shifted by {@code offset} ms (so the long period ends now) until all committed. */
  private static boolean runShifted(LocalConsortium consortium, long offset) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (consortium.nodes().stream().anyMatch(node -> node.ledger().height() < 1)) {
      if (System.currentTimeMillis() > deadline) {
        return false;
      }
      consortium.pump(System.currentTimeMillis() + offset);
    }
    return true;
  }
}
