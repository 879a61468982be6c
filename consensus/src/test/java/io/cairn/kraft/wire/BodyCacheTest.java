package io.cairn.kraft.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kraft.api.AppendRequest;
import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.EntryType;
import io.cairn.kraft.api.HeartbeatRequest;
import io.cairn.kraft.api.MessageCodec;
import io.cairn.kraft.api.NodeId;
import io.cairn.testing.Property;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BodyCacheTest {
  private static final NodeId LEADER = new NodeId(1, 1, 1, 1);
  private static final NodeId RELAY = new NodeId(2, 2, 2, 2);
  private static final NodeId MEMBER = new NodeId(3, 3, 3, 3);

  private static List<Entry> entries(SplittableRandom random, long first) {
    List<Entry> entries = new ArrayList<>();
    for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
      byte[] data = new byte[random.nextInt(100)];
      random.nextBytes(data);
      entries.add(new Entry(first + i, 3, EntryType.NORMAL, data));
    }
    return entries;
  }

  private static AppendRequest append(NodeId to, List<Entry> entries, long commit) {
    long prev = entries.getFirst().index() - 1;
    return new AppendRequest(LEADER, to, 3, prev, 3, entries, commit, List.of(), null, false);
  }

  private static byte[] bytes(BodyCache.Body body) {
    return Arrays.copyOfRange(body.array(), body.offset(), body.offset() + body.length());
  }

  @Test
  void whatTheCacheAnswersIsAlwaysTheMessagesOwnBody() {
    Property.of("bodyOf(m) == encodeBody(m) over a random stream of appends and heartbeats", SplittableRandom::split)
        .trials(300)
        .check(random -> {
          BodyCache cache = new BodyCache();
          List<List<Entry>> lists = new ArrayList<>();
          for (int step = 0; step < 40; step++) {
            if (lists.isEmpty() || random.nextInt(4) == 0) {
              lists.add(entries(random, 1 + random.nextInt(5)));
            }
            List<Entry> shared = lists.get(random.nextInt(lists.size()));
            // The same entry objects in a new list, as a core's per-peer slice of its log.
            List<Entry> entries = random.nextBoolean() ? shared : new ArrayList<>(shared);
            var message = random.nextInt(5) == 0
                ? new HeartbeatRequest(LEADER, MEMBER, 3, random.nextInt(3), new byte[0], List.of(), null, false)
                : append(random.nextBoolean() ? RELAY : MEMBER, entries, random.nextInt(3));
            assertThat(bytes(cache.bodyOf(message))).isEqualTo(MessageEncoder.encodeBody(message));
            if (random.nextInt(10) == 0) {
              cache.clear();
            }
          }
        });
  }

  @Test
  void oneAppendToTwoPeersIsEncodedOnce() {
    List<Entry> entries = entries(new SplittableRandom(5), 10);
    BodyCache cache = new BodyCache();
    BodyCache.Body first = cache.bodyOf(append(RELAY, entries, 9));
    BodyCache.Body second = cache.bodyOf(append(MEMBER, new ArrayList<>(entries), 9));
    assertThat(second).isSameAs(first);
    assertThat(cache.misses()).isEqualTo(1);
    assertThat(cache.hits()).isEqualTo(1);
    // A different commit index is a different body.
    assertThat(bytes(cache.bodyOf(append(MEMBER, entries, 10)))).isNotEqualTo(bytes(first));
    // Equal entries that are other objects are encoded again (correct, only not shared).
    List<Entry> copies = entries.stream().map(e -> new Entry(e.index(), e.term(), e.type(), e.data().clone())).toList();
    cache.bodyOf(append(MEMBER, copies, 9));
    assertThat(cache.misses()).isEqualTo(3);
  }

  @Test
  void aRelayForwardsTheBodyItReceived() {
    List<Entry> entries = entries(new SplittableRandom(6), 4);
    AppendRequest toRelay = new AppendRequest(LEADER, RELAY, 3, 3, 3, entries, 2, List.of(MEMBER), null, false);
    byte[] received = MessageCodec.encode(toRelay);
    MessageDecoder.Split split = MessageDecoder.decodeSplit(received);
    BodyCache cache = new BodyCache();
    cache.remember(split.message(), received, split.bodyOffset(), received.length - split.bodyOffset());
    var forwarded = ((AppendRequest) split.message()).forwardedTo(MEMBER, RELAY);
    BodyCache.Body body = cache.bodyOf(forwarded);
    assertThat(body.array()).isSameAs(received);
    assertThat(cache.misses()).isZero();
    byte[] wire = Arrays.copyOf(MessageEncoder.encodeEnvelope(forwarded), MessageEncoder.encodedSize(forwarded));
    System.arraycopy(body.array(), body.offset(), wire, wire.length - body.length(), body.length());
    assertThat(MessageCodec.decode(wire)).isEqualTo(forwarded);
    cache.clear();
    cache.bodyOf(forwarded);
    assertThat(cache.misses()).isEqualTo(1);
  }
}
