import io.cairn.chain.api.AnchorPosition;
import io.cairn.chain.api.AnchorReceipt;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.HashAlgorithm;
import io.cairn.node.client.NodeClient;
import io.cairn.node.http.HttpApi;
import io.cairn.node.http.WriteGuard;
import io.cairn.node.service.LedgerService;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's HTTP path alone (docs/replication.md, "The leader's CPU per record (session 15)"):
 * {@code HttpApi} (Helidon) over a ledger service whose {@code anchorAll} answers with receipts at
 * once ({@code immediate}) or after waiting 20 ms for a future completed by another thread, as a
 * member's waiting call does ({@code timed}); the server prints its process CPU per request every
 * 5 s. The client is the bench's {@code NodeClient.anchorBatch} in a second JVM.
 *
 * <pre>
 * T=bench/target; CP="$T/cairn-bench-0.1.0-SNAPSHOT.jar:$T/lib/*"
 * java -Xmx1g -Xms1g -cp "$CP" bench/scripts/HttpProbe.java server immediate PORTFILE &
 * java -cp "$CP" bench/scripts/HttpProbe.java client $(cat PORTFILE) 32 100 60
 * </pre>
 *
 * <p>The server also prints its bytes allocated per request, and writes its running request count
 * to {@code PORTFILE.count} every 250 ms, so that system calls can be counted per request from
 * outside (session 17): {@code timeout -s INT 10 strace -f -c -p PID -o OUT} on the server's and
 * the client's pid, and the count's difference over the same 10 s. {@code -Dcairn.http.nio=true}
 * (server) and {@code -Dcairn.client.directExecutor=false} (client) give the behaviour before
 * session 17. The client prints its process CPU per request over the second half of its run.
 */
public class HttpProbe {
  private static final AtomicLong REQUESTS = new AtomicLong();
  private static final ScheduledExecutorService COMPLETER = Executors.newSingleThreadScheduledExecutor();

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("server")) {
      server(args[1], Path.of(args[2]));
    } else if (args.length == 5 && args[0].equals("client")) {
      client(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
    } else {
      System.err.println("usage: server immediate|timed PORTFILE | client PORT THREADS BATCH SECONDS");
      System.exit(2);
    }
  }

  @SuppressWarnings("unchecked")
  private static void server(String mode, Path portFile) throws Exception {
    Hash32 hash = Hash32.of(new byte[32]);
    InvocationHandler handler = (proxy, method, arguments) -> {
      switch (method.getName()) {
        case "anchorAll" -> {
          List<byte[]> raws = (List<byte[]>) arguments[0];
          REQUESTS.incrementAndGet();
          if (mode.equals("timed")) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            COMPLETER.schedule(() -> done.complete(null), 20, TimeUnit.MILLISECONDS);
            done.get(60, TimeUnit.SECONDS);
          }
          List<AnchorReceipt> receipts = new ArrayList<>(raws.size());
          for (int i = 0; i < raws.size(); i++) {
            receipts.add(new AnchorReceipt(hash, HashAlgorithm.SHA_256, new AnchorPosition(1, 0, i), hash));
          }
          return receipts;
        }
        case "close" -> {
          return null;
        }
        default -> {
          if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, arguments);
          }
          throw new UnsupportedOperationException(method.getName());
        }
      }
    };
    LedgerService service = (LedgerService) Proxy.newProxyInstance(HttpProbe.class.getClassLoader(),
        new Class<?>[] {LedgerService.class}, handler);
    HttpApi api = HttpApi.start(service, new InetSocketAddress("127.0.0.1", 0), WriteGuard.open(), HttpApi.BODY_BYTES_MAX);
    Files.writeString(portFile, Integer.toString(api.port()));
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long cpu = os.getProcessCpuTime();
    long allocated = threads.getTotalThreadAllocatedBytes();
    long requests = REQUESTS.get();
    Thread.ofPlatform().daemon().start(() -> { // the running count, for a window counted from outside (strace -c -p)
      try (var count = new java.io.PrintStream(Files.newOutputStream(Path.of(portFile + ".count")), true)) {
        while (true) {
          count.println(System.currentTimeMillis() + " " + REQUESTS.get());
          Thread.sleep(250);
        }
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    while (true) {
      Thread.sleep(5000);
      long cpuNow = os.getProcessCpuTime();
      long allocatedNow = threads.getTotalThreadAllocatedBytes();
      long requestsNow = REQUESTS.get();
      long served = Math.max(1, requestsNow - requests);
      System.out.printf("requests/s %.1f, server cpu us/request %.1f, allocated bytes/request %d, load %s%n",
          (requestsNow - requests) / 5.0, (cpuNow - cpu) / 1e3 / served, (allocatedNow - allocated) / served,
          Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
      cpu = cpuNow;
      allocated = allocatedNow;
      requests = requestsNow;
    }
  }

  private static void client(int port, int threads, int batch, int seconds) throws Exception {
    NodeClient node = new NodeClient("http://127.0.0.1:" + port, null, Duration.ofSeconds(60));
    AtomicLong sent = new AtomicLong();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> clients = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      clients.add(Thread.ofPlatform().start(() -> {
        Random random = new Random();
        while (System.nanoTime() < end) {
          List<byte[]> raws = new ArrayList<>(batch);
          for (int i = 0; i < batch; i++) {
            byte[] raw = new byte[256];
            random.nextBytes(raw);
            raws.add(raw);
          }
          node.anchorBatch(raws);
          sent.incrementAndGet();
        }
      }));
    }
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    Thread.sleep(seconds * 500L); // the second half only: the client's own JIT is mostly done by then
    long cpu = os.getProcessCpuTime();
    long requests = sent.get();
    for (Thread client : clients) {
      client.join();
    }
    long measured = Math.max(1, sent.get() - requests);
    System.out.printf("requests %d, client cpu us/request %.1f (second half: %d requests)%n", sent.get(),
        (os.getProcessCpuTime() - cpu) / 1e3 / measured, measured);
  }
}
