package io.cairn.node.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.common.InvalidArgumentException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's choice of AOT cache options: present, absent, stale, unusable, off, training. */
class AotCacheTest {
  private static final Runtime.Version JDK25 = Runtime.Version.parse("25.0.3+9-LTS");
  private static final List<String> OPTIONS = List.of("-Xmx1g", "-Xms1g", "-XX:MaxGCPauseMillis=25",
      "--enable-native-access=ALL-UNNAMED");

  @TempDir Path home;
  private Path dir;
  private Path jarA;
  private Path jarB;
  private String classPath;

  @BeforeEach
  void jars() throws IOException {
    dir = home.resolve("aot");
    jarA = Files.createFile(home.resolve("a.jar"));
    jarB = Files.createFile(home.resolve("b.jar"));
    Files.setLastModifiedTime(jarA, time(1_000));
    Files.setLastModifiedTime(jarB, time(1_000));
    classPath = jarA + File.pathSeparator + jarB;
  }

  private static FileTime time(long seconds) {
    return FileTime.from(Instant.ofEpochSecond(1_700_000_000L + seconds));
  }

  private Path cache(long seconds) throws IOException {
    Files.createDirectories(dir);
    Path file = Files.createFile(AotCache.file(dir, AotCache.key(JDK25, OPTIONS, classPath)));
    Files.setLastModifiedTime(file, time(seconds));
    return file;
  }

  @Test
  void aPresentCacheNewerThanEveryJarIsUsed() throws IOException {
    Path file = cache(2_000);
    AotCache.Choice choice = AotCache.choose(dir, null, OPTIONS, classPath, JDK25);
    assertEquals(AotCache.State.USED, choice.state());
    assertEquals(List.of("-XX:AOTCache=" + file.toAbsolutePath()), choice.options());
    assertNull(choice.warning());
  }

  @Test
  void noCacheMeansNoOptionAndNoWarning() {
    AotCache.Choice choice = AotCache.choose(dir, null, OPTIONS, classPath, JDK25);
    assertEquals(AotCache.State.ABSENT, choice.state());
    assertEquals(List.of(), choice.options());
    assertNull(choice.warning(), "an untrained cache is the usual state, not a warning");
    assertTrue(choice.trains(), "none there: a command starting a cluster trains one");
  }

  @Test
  void aJarRebuiltAfterTheCacheMakesItStale() throws IOException {
    cache(2_000);
    Files.setLastModifiedTime(jarB, time(3_000));
    AotCache.Choice choice = AotCache.choose(dir, null, OPTIONS, classPath, JDK25);
    assertEquals(AotCache.State.STALE, choice.state());
    assertEquals(List.of(), choice.options());
    assertNull(choice.warning(), "a stale cache is rebuilt, not warned about");
    assertTrue(choice.trains());
    assertTrue(choice.reason().contains(jarB.toString()), choice.reason());
  }

  @Test
  void aCacheOfOtherOptionsJdkOrClassPathIsStale() throws IOException {
    cache(2_000);
    for (AotCache.Choice choice : List.of(
        AotCache.choose(dir, null, List.of("-Xmx2g", "-Xms1g", "-XX:MaxGCPauseMillis=25"), classPath, JDK25),
        AotCache.choose(dir, null, OPTIONS, classPath, Runtime.Version.parse("25.0.4+7-LTS")),
        AotCache.choose(dir, null, OPTIONS, jarB + File.pathSeparator + jarA, JDK25))) {
      assertEquals(AotCache.State.STALE, choice.state());
      assertEquals(List.of(), choice.options());
      assertNull(choice.warning(), "a stale cache is rebuilt, not warned about");
      assertTrue(choice.trains());
      assertTrue(choice.reason().contains("other JVM options"), choice.reason());
    }
  }

  @Test
  void propertiesAndLoggingDoNotChangeTheKeyButJvmOptionsDo() {
    String key = AotCache.key(JDK25, OPTIONS, classPath);
    List<String> traced = new java.util.ArrayList<>(OPTIONS);
    traced.addAll(List.of("-Dcairn.stageTrace=/tmp/t", "-Xlog:gc*:file=/tmp/gc-%p.log", "-XX:AOTCache=/x.aot"));
    assertEquals(key, AotCache.key(JDK25, traced, classPath));
    assertNotEquals(key, AotCache.key(JDK25, List.of("-Xmx1g", "-Xms1g", "-XX:MaxGCPauseMillis=25",
        "-XX:TieredStopAtLevel=1"), classPath));
    assertEquals(16, key.length());
  }

  @Test
  void aFolderOnTheClassPathOrAnOldJdkCannotUseACache() throws IOException {
    cache(2_000);
    String withFolder = home + File.pathSeparator + classPath;
    AotCache.Choice folder = AotCache.choose(dir, null, OPTIONS, withFolder, JDK25);
    assertEquals(AotCache.State.UNUSABLE, folder.state());
    assertEquals(List.of(), folder.options());
    assertTrue(folder.warning().contains("JAR files only"), folder.warning());
    AotCache.Choice old = AotCache.choose(dir, null, OPTIONS, classPath, Runtime.Version.parse("21.0.5+11"));
    assertEquals(AotCache.State.UNUSABLE, old.state());
    assertEquals(List.of(), old.options());
  }

  @Test
  void theLaunchersDecisionsTrainUseRebuildOff() throws IOException {
    // train: a fresh clone's folder (none there)
    assertTrue(AotCache.choose(dir, null, OPTIONS, classPath, JDK25).trains());
    // use: a valid cache is not trained again
    Path file = cache(2_000);
    AotCache.Choice used = AotCache.choose(dir, null, OPTIONS, classPath, JDK25);
    assertEquals(AotCache.State.USED, used.state());
    assertTrue(!used.trains(), "a valid cache is used, not retrained");
    // rebuild: the build replaced a JAR
    Files.setLastModifiedTime(jarA, time(3_000));
    assertTrue(AotCache.choose(dir, null, OPTIONS, classPath, JDK25).trains());
    Files.setLastModifiedTime(file, time(4_000));
    assertTrue(!AotCache.choose(dir, null, OPTIONS, classPath, JDK25).trains());
    // off: no folder (CAIRN_NODE_AOT=off), or a class path a cache cannot serve
    assertTrue(!AotCache.choose(null, null, OPTIONS, classPath, JDK25).trains());
    assertTrue(!AotCache.choose(dir, null, OPTIONS, home + File.pathSeparator + classPath, JDK25).trains());
    assertTrue(!AotCache.choose(dir, null, OPTIONS, classPath, Runtime.Version.parse("21.0.5+11")).trains());
  }

  @Test
  void aboveTheMemberBoundACacheIsNeitherUsedNorTrained() throws IOException {
    AotCache.Choice absent = AotCache.choose(dir, null, OPTIONS, classPath, JDK25);
    assertTrue(AotCache.forMembers(absent, 3, 3).trains());
    assertEquals(AotCache.State.OFF, AotCache.forMembers(absent, 5, 3).state());
    assertTrue(!AotCache.forMembers(absent, 5, 3).trains(), "a 5-node cluster does not train a cache it would not use");
    Path file = cache(2_000);
    AotCache.Choice used = AotCache.choose(dir, null, OPTIONS, classPath, JDK25);
    assertEquals(List.of("-XX:AOTCache=" + file.toAbsolutePath()), AotCache.forMembers(used, 3, 3).options());
    assertEquals(List.of(), AotCache.forMembers(used, 5, 3).options());
    assertNull(AotCache.forMembers(used, 5, 3).warning(), "the bound is a choice, not a fault");
    assertEquals(used, AotCache.forMembers(used, 5, 5));
    assertEquals(used, AotCache.forMembers(used, 5, AotCache.MEMBERS_MAX), "no bound by default (the lead's idle 5-node pairs)");
    AotCache.Choice recording = AotCache.choose(dir, home.resolve("record"), OPTIONS, classPath, JDK25);
    assertEquals(recording, AotCache.forMembers(recording, 5, 3), "a training run records at any size");
    List<String> classes = AotCache.classesOnly(used).options();
    assertEquals(List.of("-XX:AOTCache=" + file.toAbsolutePath(), "-XX:+UnlockDiagnosticVMOptions",
        "-XX:-AOTReplayTraining"), classes);
  }

  @Test
  void aFailedTrainingIsNotRetriedAndSaysWhereOnce() throws IOException {
    Files.createDirectories(dir);
    Path marker = AotCache.failedFile(dir, AotCache.key(JDK25, OPTIONS, classPath));
    Files.writeString(marker, "the training load anchored nothing\n");
    AotCache.Choice choice = AotCache.choose(dir, null, OPTIONS, classPath, JDK25);
    assertEquals(AotCache.State.FAILED, choice.state());
    assertEquals(List.of(), choice.options());
    assertTrue(!choice.trains(), "a failed training is not repeated at every start");
    assertTrue(choice.warning().contains(marker.toString()), choice.warning());
    // another key (a rebuilt class path) trains again
    assertTrue(AotCache.choose(dir, null, OPTIONS, jarB + File.pathSeparator + jarA, JDK25).trains());
  }

  @Test
  void noFolderConfiguredIsSilentlyOff() throws IOException {
    cache(2_000);
    AotCache.Choice choice = AotCache.choose(null, null, OPTIONS, home + File.pathSeparator + classPath, JDK25);
    assertEquals(AotCache.State.OFF, choice.state());
    assertEquals(List.of(), choice.options());
    assertNull(choice.warning());
  }

  @Test
  void aTrainingRunRecordsAndNeedsJarsOnly() throws IOException {
    cache(2_000);
    Path record = home.resolve("record");
    AotCache.Choice choice = AotCache.choose(dir, record, OPTIONS, classPath, JDK25);
    assertEquals(AotCache.State.RECORDING, choice.state());
    assertTrue(choice.options().contains("-XX:AOTMode=record"), choice.options().toString());
    assertTrue(choice.options().contains("-XX:AOTConfiguration=" + record.toAbsolutePath().resolve("node-%p.aotconfig")),
        choice.options().toString());
    assertTrue(choice.options().stream().noneMatch(option -> option.startsWith("-XX:AOTCache")));
    assertThrows(InvalidArgumentException.class,
        () -> AotCache.choose(dir, record, OPTIONS, home + File.pathSeparator + classPath, JDK25));
  }

  @Test
  void theAssemblyStepTakesTheNodesOptionsAndClassPath() {
    List<String> command = AotCache.createCommand("/jdk/bin/java", OPTIONS, classPath, Path.of("/r/node-pid7.aotconfig"),
        Path.of("/c/node-k.aot"));
    assertEquals("/jdk/bin/java", command.getFirst());
    assertEquals(OPTIONS, command.subList(1, 1 + OPTIONS.size()));
    assertTrue(command.contains("-XX:AOTMode=create"));
    assertTrue(command.contains("-XX:AOTConfiguration=/r/node-pid7.aotconfig"));
    assertTrue(command.contains("-XX:AOTCache=/c/node-k.aot"));
    assertEquals(classPath, command.getLast());
  }

  @Test
  void signedJarsAreNamedInClassPathOrder() throws IOException {
    Path signed = jar("signed.jar", "META-INF/MANIFEST.MF", "META-INF/BC2048KE.SF", "META-INF/BC2048KE.DSA",
        "org/example/A.class");
    Path lowerCase = jar("lower.jar", "META-INF/key.sf", "org/example/B.class");
    Path plain = jar("plain.jar", "META-INF/MANIFEST.MF", "org/example/C.class");
    Path nested = jar("nested.jar", "META-INF/versions/9/X.SF", "org/example/SF.class");
    Path folder = Files.createDirectories(home.resolve("classes.jar"));
    String path = String.join(File.pathSeparator, plain.toString(), signed.toString(), folder.toString(),
        home.resolve("missing.jar").toString(), nested.toString(), lowerCase.toString());
    assertEquals(List.of(signed.toString(), lowerCase.toString()), AotCache.signedJars(path));
    assertEquals(List.of(), AotCache.signedJars(jarA + File.pathSeparator + plain)); // jarA: empty, not a zip
  }

  private Path jar(String name, String... entries) throws IOException {
    Path file = home.resolve(name);
    try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
      for (String entry : entries) {
        out.putNextEntry(new java.util.zip.ZipEntry(entry));
        out.write(entry.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return file;
  }
}
