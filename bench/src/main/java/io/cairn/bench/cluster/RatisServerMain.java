package io.cairn.bench.cluster;

import io.cairn.chain.api.Identity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;

/**
 * One Ratis server in a JVM of its own ({@code bench cluster --ratis-jvm process}, session 19,
 * started by {@link RatisProcesses}): the same server as the shared JVM's ({@link
 * RatisCluster#server}), then {@code --ready FILE} written, then it runs until it is killed or the
 * process {@code --exit-with} names ends (the bench JVM: a bench killed with SIGKILL leaves no
 * server behind).
 *
 * <p>Not a {@code cairn} command: a bench-internal program with a fixed argument list ({@link Args}).
 */
public final class RatisServerMain {
  private RatisServerMain() {}

  /**
   * A server's arguments: {@code --id ID --group UUID --peers ID=HOST:PORT,... --folder DIR --machine
   * count|ledger --record-bytes N --genesis-millis MS --member-seed FILE --exit-with PID --ready FILE},
   * all of them, in this order.
   */
  record Args(String id, String group, String peers, Path folder, RatisCluster.Machine machine, int recordBytes,
      long genesisMillis, Path memberSeed, long exitWith, Path ready) {
    private static final List<String> NAMES = List.of("--id", "--group", "--peers", "--folder", "--machine",
        "--record-bytes", "--genesis-millis", "--member-seed", "--exit-with", "--ready");

    /** {@code peers} as {@code ID=HOST:PORT,...} in group order. */
    static String peers(java.util.Collection<RaftPeer> peers) {
      List<String> each = new ArrayList<>();
      for (RaftPeer peer : peers) {
        each.add(peer.getId() + "=" + peer.getAddress());
      }
      return String.join(",", each);
    }

    /** The command line's words. */
    List<String> toList() {
      List<String> values = List.of(id, group, peers, folder.toAbsolutePath().toString(),
          machine.name().toLowerCase(Locale.ROOT), Integer.toString(recordBytes), Long.toString(genesisMillis),
          memberSeed.toAbsolutePath().toString(), Long.toString(exitWith), ready.toAbsolutePath().toString());
      List<String> words = new ArrayList<>();
      for (int i = 0; i < NAMES.size(); i++) {
        words.add(NAMES.get(i));
        words.add(values.get(i));
      }
      return words;
    }

    /** The arguments of {@link #toList}'s words; throws {@link IllegalArgumentException} on any other list. */
    static Args parse(List<String> words) {
      if (words.size() != 2 * NAMES.size()) {
        throw new IllegalArgumentException("expected " + NAMES + " with a value each, got " + words);
      }
      List<String> values = new ArrayList<>();
      for (int i = 0; i < NAMES.size(); i++) {
        if (!NAMES.get(i).equals(words.get(2 * i))) {
          throw new IllegalArgumentException("expected " + NAMES.get(i) + " at " + 2 * i + ", got " + words.get(2 * i));
        }
        values.add(words.get(2 * i + 1));
      }
      return new Args(values.get(0), values.get(1), values.get(2), Path.of(values.get(3)),
          RatisCluster.Machine.valueOf(values.get(4).toUpperCase(Locale.ROOT)), Integer.parseInt(values.get(5)),
          Long.parseLong(values.get(6)), Path.of(values.get(7)), Long.parseLong(values.get(8)), Path.of(values.get(9)));
    }

    /** The group of {@link #peers} under {@link #group}. */
    RaftGroup raftGroup() {
      List<RaftPeer> members = new ArrayList<>();
      for (String peer : peers.split(",")) {
        String[] idAndAddress = peer.split("=", 2);
        members.add(RaftPeer.newBuilder().setId(idAndAddress[0]).setAddress(idAndAddress[1]).build());
      }
      return RaftGroup.valueOf(RaftGroupId.valueOf(UUID.fromString(group)), members);
    }
  }

  /** Runs the server of {@code args} until killed or {@code --exit-with}'s process ends. */
  public static void main(String[] words) throws IOException, InterruptedException {
    Args args = Args.parse(List.of(words));
    ProcessHandle.of(args.exitWith()).ifPresentOrElse(
        owner -> owner.onExit().thenRun(() -> Runtime.getRuntime().halt(0)),
        () -> Runtime.getRuntime().halt(0));
    RatisCluster.silenceRatisLogging();
    RaftGroup group = args.raftGroup();
    RaftPeer self = group.getPeer(RaftPeerId.valueOf(args.id()));
    if (self == null) {
      throw new IllegalArgumentException("--id " + args.id() + " is not one of --peers " + args.peers());
    }
    Identity member = Identity.fromSeed(Files.readAllBytes(args.memberSeed()));
    RaftServer server = RatisCluster.server(self, group, args.folder(), args.machine(), member, args.genesisMillis(),
        args.recordBytes());
    server.start();
    Path written = args.ready().resolveSibling(args.ready().getFileName() + ".tmp");
    Files.writeString(written, ProcessHandle.current().pid() + "\n");
    Files.move(written, args.ready(), StandardCopyOption.ATOMIC_MOVE);
    Thread.currentThread().join(); // the server's threads serve; this one waits for the kill
  }
}
