package io.cairn.lsm.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.cairn.common.BusyException;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.DbIterator;
import io.cairn.testing.Seeds;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts a child JVM that writes (a quarter of the writes with sync=true), kills it with kill -9
 * at a random moment, reopens the database and checks that it holds exactly the writes up to the
 * last acknowledged one, plus possibly the one in flight: nothing acknowledged is lost (a process
 * crash loses no write that returned, synced or not) and nothing is applied out of order. Each
 * round continues on the database the previous round left, through flushes and compactions.
 */
class KillNineCrashTest {
  /** Operations past the acknowledged prefix a failure message searches for the state found. */
  private static final long DIAGNOSIS_OPERATIONS = 200;

  @TempDir Path directory;

  /**
   * Every setup with the WAL where the engine puts it by default (on pmem with the L0 on pmem since
   * session 15), and the plain pmem L0 also with the WAL on disk and with the placement switched
   * every round.
   */
  static Stream<Arguments> defaultModes() {
    return allModes().filter(arguments -> {
      CrashWorkload.Setup setup = (CrashWorkload.Setup) arguments.get()[0];
      return arguments.get()[1] == (CrashWorkload.pmemL0(setup) ? CrashWorkload.Wal.PMEM : CrashWorkload.Wal.DISK)
          || setup == CrashWorkload.Setup.PMEM;
    });
  }

  /** Every setup with every WAL placement it allows (the pmem ones on disk, on pmem and switched every round). */
  static Stream<Arguments> allModes() {
    return Arrays.stream(CrashWorkload.Setup.values()).flatMap(setup -> Arrays.stream(CrashWorkload.Wal.values())
        .filter(wal -> wal == CrashWorkload.Wal.DISK || CrashWorkload.pmemL0(setup))
        .map(wal -> Arguments.of(setup, wal)));
  }

  @ParameterizedTest(name = "{0}, WAL on {1}")
  @MethodSource("defaultModes")
  void acknowledgedWritesSurviveKillNine(CrashWorkload.Setup mode, CrashWorkload.Wal wal) throws Exception {
    runRounds(mode, wal, Seeds.trials(10));
  }

  @ParameterizedTest(name = "{0}, WAL on {1}")
  @MethodSource("allModes")
  @Tag("slow")
  void acknowledgedWritesSurviveManyKillNines(CrashWorkload.Setup mode, CrashWorkload.Wal wal) throws Exception {
    runRounds(mode, wal, Seeds.trials(150));
  }

  @Test
  void secondProcessIsRefusedWhileTheFirstHoldsTheLock() throws Exception {
    Cairn.open(directory, CrashWorkload.options()).close();
    try (ChildJvm holder = ChildJvm.start("hold", directory.toString())) {
      assertThat(holder.awaitReady(60)).as("child opened the database: %s", holder.otherOutput()).isTrue();
      assertThat(catchBusy()).isInstanceOf(BusyException.class);
      holder.killNine();
    }
    Cairn.open(directory, CrashWorkload.options()).close();
  }

  private Throwable catchBusy() {
    try (Db db = Cairn.open(directory, CrashWorkload.options())) {
      return null;
    } catch (BusyException e) {
      return e;
    }
  }

  private void runRounds(CrashWorkload.Setup mode, CrashWorkload.Wal wal, int rounds) throws Exception {
    long seed = Seeds.requested().orElse(Seeds.fresh());
    SplittableRandom random = new SplittableRandom(seed);
    CrashWorkload workload = new CrashWorkload(seed);
    TreeMap<String, byte[]> model = new TreeMap<>();
    long applied = 0;
    for (int round = 0; round < rounds; round++) {
      long lastAck;
      String childOutput;
      try (ChildJvm child = ChildJvm.start("write", directory.toString(), Long.toString(seed), Long.toString(applied),
          mode.name(), wal.inRound(round).name())) {
        assertThat(child.awaitReady(60)).as("child started (seed %s): %s", Seeds.format(seed), child.otherOutput()).isTrue();
        Thread.sleep(random.nextInt(20, 700));
        child.killNine();
        lastAck = child.lastAck();
        childOutput = child.otherOutput();
      }
      long acked = Math.max(applied, lastAck + 1);
      applied = checkPrefix(CrashWorkload.options(mode, wal.inRound(round + 1)), workload, model, applied, acked,
          mode + ", WAL on " + wal + ", round " + round + " seed " + Seeds.format(seed)
          + " (replay with -Dcairn.seed=" + Seeds.format(seed) + "); child said: " + childOutput);
    }
  }

  /**
   * Checks the database equals the model after operations [0, acked) or [0, acked + 1); advances
   * {@code model} (holding [0, from)) to the matching state and returns its length.
   */
  private long checkPrefix(io.cairn.lsm.api.Options options, CrashWorkload workload, TreeMap<String, byte[]> model, long from, long acked, String context) {
    for (long index = from; index < acked; index++) {
      workload.apply(model, index);
    }
    TreeMap<String, byte[]> withInFlight = new TreeMap<>(model);
    workload.apply(withInFlight, acked);
    TreeMap<String, byte[]> found = new TreeMap<>();
    try (Db db = Cairn.open(directory, options); DbIterator iterator = db.newIterator()) {
      for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
        found.put(CrashWorkload.text(iterator.key()), iterator.value());
      }
    }
    if (CrashWorkload.sameState(found, model)) {
      return acked;
    }
    if (!CrashWorkload.sameState(found, withInFlight)) {
      // Which state it holds tells a stale ack (a longer prefix) from lost or revived writes (none).
      long matching = workload.matchingPrefix(found, withInFlight, acked + 1, acked + DIAGNOSIS_OPERATIONS);
      fail(String.format("after kill -9 the database holds operations [0, %d) or [0, %d]; it holds %d keys against %d"
          + " expected; %s; %s", acked, acked, found.size(), model.size(),
          matching < 0 ? "it equals no prefix up to [0, " + (acked + DIAGNOSIS_OPERATIONS) + "]"
              : "it equals the prefix [0, " + matching + ")", context));
    }
    model.clear();
    model.putAll(withInFlight);
    return acked + 1;
  }
}
