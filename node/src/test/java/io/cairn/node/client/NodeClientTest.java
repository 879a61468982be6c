package io.cairn.node.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.api.AnchorReceipt;
import io.cairn.chain.api.NodeHome;
import io.cairn.node.http.HttpApi;
import io.cairn.node.http.WriteGuard;
import io.cairn.node.service.LocalLedgerService;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's own threads (session 17): its calls run where they arise, not on a worker pool. */
class NodeClientTest {
  /** The JDK's default executor names its threads {@code HttpClient-<client>-Worker-<n>}. */
  private static final Pattern WORKER = Pattern.compile("HttpClient-\\d+-Worker-\\d+");

  @TempDir Path home;

  @Test
  void concurrentBatchesAreAnsweredWithoutStartingTheDefaultExecutorsWorkers() throws Exception {
    try (LocalLedgerService service = new LocalLedgerService(NodeHome.open(home));
        HttpApi api = HttpApi.start(service, new InetSocketAddress("127.0.0.1", 0), WriteGuard.open(),
            HttpApi.BODY_BYTES_MAX)) {
      Set<String> before = workers();
      NodeClient client = new NodeClient("http://127.0.0.1:" + api.port(), null, Duration.ofSeconds(20));
      Set<String> seen = ConcurrentHashMap.newKeySet();
      List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
      List<Thread> callers = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        int caller = c;
        callers.add(Thread.ofVirtual().start(() -> {
          try {
            calls(client, caller, seen);
          } catch (Throwable failure) {
            failures.add(failure);
          }
        }));
      }
      for (Thread caller : callers) {
        caller.join(60_000);
        assertThat(caller.isAlive()).isFalse();
      }
      assertThat(failures).isEmpty();
      seen.addAll(workers());
      seen.removeAll(before);
      assertThat(seen).as("worker threads started by the client's calls").isEmpty();
      assertThat(service.blockCount()).isGreaterThan(1);
    }
  }

  /** Five batches of 100 records from one caller, each answered with its 100 receipts. */
  private static void calls(NodeClient client, int caller, Set<String> seen) {
    for (int round = 0; round < 5; round++) {
      List<byte[]> raws = new ArrayList<>();
      for (int i = 0; i < 100; i++) { // 100 receipts: an answer of 8.1 KB, more than one socket buffer
        raws.add(("caller " + caller + " round " + round + " record " + i).getBytes(StandardCharsets.UTF_8));
      }
      List<AnchorReceipt> receipts = client.anchorBatch(raws);
      assertThat(receipts).hasSize(raws.size());
      seen.addAll(workers());
    }
  }

  private static Set<String> workers() {
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
        .filter(name -> WORKER.matcher(name).matches()).collect(Collectors.toSet());
  }
}
