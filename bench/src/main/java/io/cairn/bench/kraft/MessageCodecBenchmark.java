package io.cairn.bench.kraft;

import io.cairn.kraft.api.AppendRequest;
import io.cairn.kraft.api.AppendResponse;
import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.EntryType;
import io.cairn.kraft.api.Message;
import io.cairn.kraft.api.MessageCodec;
import io.cairn.kraft.api.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The KRaft codec's CPU cost per message and per byte: encoding (what a sender pays before the
 * socket) and decoding with its CRC check (what a receiver pays before stepping) of an append
 * carrying {@code entries} entries of {@code entryBytes}, and of an append response. The simulator's
 * resource model ({@code ResourceModel.datacenter}) takes its per-message and per-byte CPU figures
 * from this benchmark, see docs/kraft.md §7.
 *
 * <pre>
 * java -cp "bench/target/classes:bench/target/lib/*" org.openjdk.jmh.Main MessageCodecBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MessageCodecBenchmark {
  @Param({"0", "256", "4096"})
  public int entryBytes;

  @Param({"1", "8"})
  public int entries;

  private Message append;
  private byte[] appendBytes;
  private Message response;
  private byte[] responseBytes;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(1);
    NodeId leader = node(random);
    NodeId follower = node(random);
    List<Entry> batch = new ArrayList<>();
    for (int i = 0; i < entries; i++) {
      byte[] data = new byte[entryBytes];
      random.nextBytes(data);
      batch.add(new Entry(1000 + i, 7, EntryType.NORMAL, data));
    }
    append = new AppendRequest(leader, follower, 7, 999, 7, entryBytes == 0 ? List.of() : batch, 990, List.of(),
        null, false);
    appendBytes = MessageCodec.encode(append);
    response = new AppendResponse(follower, leader, 7, 1000 + entries, false, 0, 0, null);
    responseBytes = MessageCodec.encode(response);
  }

  private static NodeId node(SplittableRandom random) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return NodeId.fromPublicKey(key);
  }

  @Benchmark
  public byte[] encodeAppend() {
    return MessageCodec.encode(append);
  }

  @Benchmark
  public Message decodeAppend() {
    return MessageCodec.decode(appendBytes);
  }

  @Benchmark
  public byte[] encodeResponse() {
    return MessageCodec.encode(response);
  }

  @Benchmark
  public Message decodeResponse() {
    return MessageCodec.decode(responseBytes);
  }
}
