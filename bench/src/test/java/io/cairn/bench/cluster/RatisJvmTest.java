package io.cairn.bench.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.node.process.AotCache;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --ratis-jvm fresh}'s new JVM: the options and command line it gets, and its AOT cache's
 * key and what invalidates it (pure functions and file states; the training itself is run by hand,
 * docs/bench.md).
 */
class RatisJvmTest {
  private static final Runtime.Version JDK25 = Runtime.Version.parse("25.0.3+9-LTS");
  private static final List<String> OPTIONS = List.of("--enable-native-access=ALL-UNNAMED",
      "-XX:+EnableDynamicAgentLoading", "-Dcairn.node.aotDir=/x/aot", "-Xmx2g");

  @TempDir Path home;
  private Path dir;
  private Path jar;
  private String classPath;

  @BeforeEach
  void jars() throws IOException {
    dir = Files.createDirectories(home.resolve("aot"));
    jar = Files.createFile(home.resolve("bench.jar"));
    Path lib = Files.createFile(home.resolve("ratis-server.jar"));
    Files.setLastModifiedTime(jar, time(1_000));
    Files.setLastModifiedTime(lib, time(1_000));
    classPath = jar + File.pathSeparator + lib;
  }

  @Test
  void theJvmKeepsThisJvmsOptionsButARecordingAndAnAotCacheOfItsOwn() {
    List<String> input = new ArrayList<>(OPTIONS);
    input.add(1, "-XX:StartFlightRecording=filename=x.jfr");
    input.add("-XX:AOTCache=/x/aot/node-0123456789abcdef.aot");
    input.add("-XX:AOTMode=auto");
    assertEquals(OPTIONS, RatisJvm.options(input));
  }

  @Test
  void theCommandPutsTheCacheOptionsBeforeTheClassPathAndRunsBenchCluster() {
    List<String> command = RatisJvm.command("/jdk/bin/java", List.of("-Xmx2g"), List.of("-XX:AOTCache=/c.aot"),
        "a.jar:b.jar", List.of("--systems", "ratis", "--nodes", "5"));
    assertEquals(List.of("/jdk/bin/java", "-Xmx2g", "-XX:AOTCache=/c.aot", "-cp", "a.jar:b.jar", "io.cairn.node.Main",
        "bench", "cluster", "--systems", "ratis", "--nodes", "5"), command);
  }

  @Test
  void theTrainingRunIsARatisRunInThisJvmUnderTheNodesTrainingLoad() {
    List<String> args = RatisJvm.TRAINING_ARGS;
    assertEquals("ratis", args.get(args.indexOf("--systems") + 1));
    assertEquals("shared", args.get(args.indexOf("--ratis-jvm") + 1)); // no JVM of its own: it is the JVM
    assertEquals("count,ledger", args.get(args.indexOf("--ratis-machine") + 1));
    assertEquals("8", args.get(args.indexOf("--clients") + 1));
    assertEquals("100", args.get(args.indexOf("--batch") + 1));
    assertEquals("256", args.get(args.indexOf("--record-bytes") + 1));
  }

  @Test
  void aTrainedCacheIsUsedByTheSameJdkClassPathAndOptions() throws IOException {
    assertEquals(AotCache.State.ABSENT, choice(OPTIONS, JDK25).state());
    Path cache = trained(OPTIONS, JDK25);
    assertEquals(dir.resolve("ratis-" + AotCache.key(JDK25, OPTIONS, classPath) + ".aot"), cache);
    AotCache.Choice used = choice(OPTIONS, JDK25);
    assertEquals(AotCache.State.USED, used.state());
    assertEquals(List.of("-XX:AOTCache=" + cache.toAbsolutePath()), used.options());
  }

  @Test
  void anotherJdkOrShapingOptionOrARebuiltJarInvalidatesIt() throws IOException {
    trained(OPTIONS, JDK25);
    assertEquals(AotCache.State.STALE, choice(OPTIONS, Runtime.Version.parse("25.0.4+7-LTS")).state());
    List<String> bigger = new ArrayList<>(OPTIONS);
    bigger.set(3, "-Xmx4g");
    assertEquals(AotCache.State.STALE, choice(bigger, JDK25).state());
    List<String> g1 = new ArrayList<>(OPTIONS);
    g1.add("-XX:+UseParallelGC");
    assertEquals(AotCache.State.STALE, choice(g1, JDK25).state());
    assertNotEquals(AotCache.key(JDK25, OPTIONS, classPath), AotCache.key(JDK25, OPTIONS, jar.toString()));
    Files.setLastModifiedTime(jar, time(3_000));
    assertEquals(AotCache.State.STALE, choice(OPTIONS, JDK25).state());
  }

  @Test
  void propertiesAndLoggingDoNotInvalidateIt() throws IOException {
    trained(OPTIONS, JDK25);
    List<String> logged = new ArrayList<>(OPTIONS);
    logged.add("-Xlog:class+load=info:file=/tmp/x.log");
    logged.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
    assertEquals(AotCache.State.USED, choice(logged, JDK25).state());
  }

  @Test
  void theNodesCacheIsNotTheRatisJvmsAndAFailedTrainingIsNotRepeated() throws IOException {
    String key = AotCache.key(JDK25, OPTIONS, classPath);
    Files.createFile(AotCache.file(dir, key)); // node-KEY.aot: the node processes' cache of the same key
    Files.setLastModifiedTime(AotCache.file(dir, key), time(2_000));
    assertEquals(AotCache.State.ABSENT, choice(OPTIONS, JDK25).state());
    Files.writeString(AotCache.failedFile(dir, RatisJvm.NAME, key), "why\n");
    AotCache.Choice failed = choice(OPTIONS, JDK25);
    assertEquals(AotCache.State.FAILED, failed.state());
    assertTrue(failed.warning().startsWith("the fresh Ratis JVMs start without an AOT cache"), failed.warning());
    assertEquals(List.of(), failed.options());
  }

  private AotCache.Choice choice(List<String> options, Runtime.Version version) {
    return RatisJvm.choice(dir, options, classPath, version);
  }

  private Path trained(List<String> options, Runtime.Version version) throws IOException {
    Path cache = Files.createFile(AotCache.file(dir, RatisJvm.NAME, AotCache.key(version, options, classPath)));
    Files.setLastModifiedTime(cache, time(2_000));
    return cache;
  }

  private static FileTime time(long seconds) {
    return FileTime.from(Instant.ofEpochSecond(seconds));
  }
}
