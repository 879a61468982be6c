package io.cairn.node.process;

import io.cairn.common.CairnIoException;
import io.cairn.common.InvalidArgumentException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

/**
 * The node processes' ahead-of-time cache (JDK 25: JEP 483's classes loaded and linked ahead of
 * time, JEP 515's method profiles of a training run, so C2 compiles the hot code from the first
 * seconds): which JVM options a node process gets for it. docs/node.md, "The AOT cache".
 *
 * <p>A cache is only valid for the JDK, the class path (JARs only, each unchanged) and the JVM
 * options it was trained with. The launcher therefore looks for the cache under a name made of
 * those three ({@link #key}): {@code DIR/node-KEY.aot}. It is
 * <ul>
 *   <li>{@link State#USED} when that file exists and is newer than every JAR of the class path:
 *       {@code -XX:AOTCache=FILE};</li>
 *   <li>{@link State#ABSENT} when the folder holds no cache (a fresh clone), and {@link
 *       State#STALE} when it holds caches of other options, JDKs or class paths only, or when a
 *       JAR was rebuilt after it: no option and no warning; {@link Choice#trains()} says that a
 *       command starting a cluster ({@code cluster up}, {@code bench cluster}) trains one first
 *       (since session 14: the cache is the default, {@code AotTrainer} in the node module);</li>
 *   <li>{@link State#FAILED} when a training for this key failed before ({@code DIR/node-KEY.failed}
 *       holds why): no option, not trained again, one warning naming the file;</li>
 *   <li>{@link State#UNUSABLE} when the class path holds a folder or the JDK is older than 25: no
 *       option, and one warning line;</li>
 *   <li>{@link State#OFF} when no folder is configured (tests, programs not started by {@code
 *       ./cairn}) or it is {@code off}: no option, no warning;</li>
 *   <li>{@link State#RECORDING} in a training run ({@link #RECORD_PROPERTY}): {@code
 *       -XX:AOTMode=record -XX:AOTConfiguration=RECORD/node-%p.aotconfig}; the cache is made from
 *       one of those files afterwards ({@link #createCommand}).</li>
 * </ul>
 * Should the JVM still refuse a cache the launcher passed (a JAR replaced by an older copy), it
 * says so in the node's log and runs without it ({@code -XX:AOTMode} stays {@code auto}).
 *
 * <p>Thread-safety: stateless.
 */
public final class AotCache {
  /** The folder of the node processes' AOT caches; {@code ./cairn} sets it to {@code bench/target/aot}. */
  public static final String DIR_PROPERTY = "cairn.node.aotDir";
  /** Overrides {@link #DIR_PROPERTY}: a folder, or {@code off}. */
  public static final String DIR_ENV = "CAIRN_NODE_AOT";
  /** A training run: node processes record their AOT configuration into this folder. */
  public static final String RECORD_PROPERTY = "cairn.node.aotRecord";
  /** {@code false}: a node uses the cache's classes but not its method profiles ({@link #classesOnly}). */
  public static final String PROFILES_PROPERTY = "cairn.node.aotProfiles";
  /**
   * The largest cluster whose node processes use the cache: no bound by default. The s14-aot branch
   * bounded it at 3 nodes after loaded 5-node pairs lost; the lead's idle-machine pairs at 5 nodes
   * (session 14) won both (109.1 and 140.3 against 152.2 and 176.1 µs of CPU per record, the JIT
   * 28.3 and 40.4 against 50.7 and 61.0; docs/node.md, "The AOT cache by default"). {@code
   * -Dcairn.node.aotMembersMax=N} sets a bound (an A/B in one tree).
   */
  public static final int MEMBERS_MAX = Integer.getInteger("cairn.node.aotMembersMax", Integer.MAX_VALUE);
  /** A JAR's signature file: {@code META-INF/NAME.SF} (the JAR specification), case as the JDK's JarFile takes it. */
  private static final Pattern SIGNATURE_FILE = Pattern.compile("(?i)META-INF/[^/]+\\.SF");
  /** The node processes' caches' name: {@code DIR/node-KEY.aot}. */
  public static final String NODE = "node";
  /** The lowest JDK whose AOT cache keeps method profiles (JEP 515). */
  public static final int MIN_FEATURE = 25;

  /** What the launcher does about the cache. */
  public enum State { OFF, USED, ABSENT, STALE, FAILED, UNUSABLE, RECORDING }

  /**
   * The launcher's choice: the JVM options to add; the one line to warn with (else null); and why
   * no cache is used (null when one is, or when off).
   */
  public record Choice(State state, List<String> options, String warning, String reason) {
    public Choice {
      options = List.copyOf(options);
    }

    /** Whether a command that starts a cluster trains a cache first: none valid, none failed. */
    public boolean trains() {
      return state == State.ABSENT || state == State.STALE;
    }
  }

  private AotCache() {}

  /**
   * The choice for a node process.
   *
   * @param dir the caches' folder, or null (no cache configured)
   * @param recordDir the training run's folder, or null (not a training run)
   * @param jvmOptions the node's JVM options (as {@link NodeLauncher} gives them)
   * @param classPath the node's class path
   * @param javaVersion the node JVM's full version ({@code Runtime.version()})
   */
  public static Choice choose(Path dir, Path recordDir, List<String> jvmOptions, String classPath,
      Runtime.Version javaVersion) {
    if (recordDir != null) {
      String problem = unusable(classPath, javaVersion);
      if (problem != null) {
        throw new InvalidArgumentException("cannot train an AOT cache: " + problem);
      }
      return new Choice(State.RECORDING, recordOptions(recordDir.toAbsolutePath().resolve("node-%p.aotconfig")), null,
          "a training run");
    }
    return choose(NODE, "node processes", dir, jvmOptions, classPath, javaVersion);
  }

  /**
   * The choice for a JVM of another program whose caches share the folder under their own {@code
   * name} ({@code DIR/NAME-KEY.aot}, e.g. {@code bench cluster --ratis-jvm fresh}'s Ratis JVM,
   * {@code ratis}): the same states as a node's but {@link State#RECORDING}, which its trainer sets up
   * with {@link #recordOptions}.
   *
   * @param who what starts without a cache, for the warnings ("node processes")
   */
  public static Choice choose(String name, String who, Path dir, List<String> jvmOptions, String classPath,
      Runtime.Version javaVersion) {
    if (dir == null) {
      return new Choice(State.OFF, List.of(), null, null);
    }
    String problem = unusable(classPath, javaVersion);
    if (problem != null) {
      return new Choice(State.UNUSABLE, List.of(), who + " start without an AOT cache: " + problem, problem);
    }
    String key = key(javaVersion, jvmOptions, classPath);
    Path file = file(dir, name, key);
    Path failed = failedFile(dir, name, key);
    if (Files.isRegularFile(failed)) {
      return new Choice(State.FAILED, List.of(), who + " start without an AOT cache: its training failed"
          + " (" + failed + " says why; delete it to train again)", "its training failed");
    }
    if (!Files.isRegularFile(file)) {
      boolean others = !caches(dir, name).isEmpty();
      return others
          ? new Choice(State.STALE, List.of(), null, dir + " holds caches of other JVM options, another JDK or class path")
          : new Choice(State.ABSENT, List.of(), null, "none trained yet");
    }
    String newer = newerJar(classPath, modified(file));
    if (newer != null) {
      return new Choice(State.STALE, List.of(), null, newer + " is newer than " + file);
    }
    return new Choice(State.USED, List.of("-XX:AOTCache=" + file.toAbsolutePath()), null, null);
  }

  /**
   * {@code choice} for a node of a cluster of {@code members}: above {@code membersMax} a cache is
   * neither used nor trained (state {@link State#OFF}, silent); a training run records at any size.
   */
  public static Choice forMembers(Choice choice, int members, int membersMax) {
    return members <= membersMax || choice.state() == State.RECORDING ? choice
        : new Choice(State.OFF, List.of(), null, "not used above " + membersMax + " nodes");
  }

  /**
   * {@code choice} without the cache's method profiles: a used cache still gives its classes,
   * loaded and linked (JEP 483), but the JIT gathers its own profiles as without a cache ({@code
   * -XX:-AOTReplayTraining}, a diagnostic option of JDK 25); any other choice is returned as it is.
   */
  public static Choice classesOnly(Choice choice) {
    if (choice.state() != State.USED) {
      return choice;
    }
    List<String> options = new ArrayList<>(choice.options());
    options.addAll(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTReplayTraining"));
    return new Choice(State.USED, options, null, null);
  }

  /**
   * The cache's key: the first 16 hex digits of SHA-256 over the JDK's version, the class path
   * and the options that shape the JVM ({@code -X...} and {@code -XX:...}, but not {@code -Xlog}
   * nor {@code -XX:AOT...}; {@code -D} properties do not matter to a cache), in order.
   */
  public static String key(Runtime.Version javaVersion, List<String> jvmOptions, String classPath) {
    StringBuilder text = new StringBuilder("cairn-node-aot-1\n").append(javaVersion).append('\n')
        .append(classPath).append('\n');
    for (String option : jvmOptions) {
      if (option.startsWith("-X") && !option.startsWith("-Xlog") && !option.startsWith("-XX:AOT")) {
        text.append(option).append('\n');
      }
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** The cache of {@code key} in {@code dir}. */
  public static Path file(Path dir, String key) {
    return file(dir, NODE, key);
  }

  /** The cache of {@code key} in {@code dir} for the JVMs called {@code name}: {@code DIR/NAME-KEY.aot}. */
  public static Path file(Path dir, String name, String key) {
    return dir.resolve(name + "-" + key + ".aot");
  }

  /**
   * The options of a training run that records its classes and method profiles into {@code
   * configuration} as it exits (JEP 483's {@code -XX:AOTMode=record}); {@link #createCommand} then
   * turns that file into the cache.
   */
  public static List<String> recordOptions(Path configuration) {
    return List.of("-XX:AOTMode=record", "-Xlog:aot=error", "-XX:AOTConfiguration=" + configuration.toAbsolutePath());
  }

  /**
   * The assembly step (JEP 483's {@code -XX:AOTMode=create}) that turns a training run's {@code
   * configuration} into {@code cache}: the same java, JVM options and class path as the node.
   */
  public static List<String> createCommand(String java, List<String> jvmOptions, String classPath, Path configuration,
      Path cache) {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmOptions);
    command.addAll(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + configuration.toAbsolutePath(),
        "-XX:AOTCache=" + cache.toAbsolutePath(), "-cp", classPath));
    return command;
  }

  /** The marker of a failed training of {@code key} in {@code dir}: its text says why. */
  public static Path failedFile(Path dir, String key) {
    return failedFile(dir, NODE, key);
  }

  /** The marker of a failed training of {@code key} for the JVMs called {@code name}: {@code DIR/NAME-KEY.failed}. */
  public static Path failedFile(Path dir, String name, String key) {
    return dir.resolve(name + "-" + key + ".failed");
  }

  /** The caches in {@code dir} ({@code node-*.aot}); empty when it does not exist. */
  public static List<Path> caches(Path dir) {
    return caches(dir, NODE);
  }

  /** The caches of the JVMs called {@code name} in {@code dir} ({@code NAME-*.aot}); empty when it does not exist. */
  public static List<Path> caches(Path dir, String name) {
    List<Path> found = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return found;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, name + "-*.aot")) {
      files.forEach(found::add);
    } catch (IOException e) {
      throw CairnIoException.wrap("list " + dir, e);
    }
    return found;
  }

  /**
   * The JARs of {@code classPath} that are signed (hold a {@code META-INF/*.SF} signature file), in
   * class-path order. The JDK's AOT cache stores none of their classes ({@code -Xlog:aot}: "Skipping
   * ...: Signed JAR"), so their classes load, link and gather profiles at run time as without a
   * cache (session 17: BouncyCastle's {@code bcprov}, the Ed25519 and SHA-512 code every member runs;
   * docs/node.md). A training names them ({@code AotTrainer}).
   */
  public static List<String> signedJars(String classPath) {
    List<String> signed = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (!entry.endsWith(".jar") || !Files.isRegularFile(Path.of(entry))) {
        continue;
      }
      try (ZipFile jar = new ZipFile(entry)) {
        if (jar.stream().anyMatch(e -> SIGNATURE_FILE.matcher(e.getName()).matches())) {
          signed.add(entry);
        }
      } catch (IOException notAJar) {
        // not a readable JAR: the JVM will say so; it holds no signature the cache could skip
      }
    }
    return signed;
  }

  /** Why no cache can serve this class path and JDK, or null. */
  private static String unusable(String classPath, Runtime.Version javaVersion) {
    if (javaVersion.feature() < MIN_FEATURE) {
      return "the JDK is " + javaVersion.feature() + ", the AOT cache needs " + MIN_FEATURE + " or later";
    }
    for (String entry : classPath.split(File.pathSeparator)) {
      if (entry.isEmpty() || !entry.endsWith(".jar") || Files.isDirectory(Path.of(entry))) {
        return "the class path holds '" + entry + "', an AOT cache takes JAR files only";
      }
    }
    return null;
  }

  /** The first JAR of the class path modified after {@code time}, or null. */
  private static String newerJar(String classPath, FileTime time) {
    for (String entry : classPath.split(File.pathSeparator)) {
      Path jar = Path.of(entry);
      if (Files.isRegularFile(jar) && modified(jar).compareTo(time) > 0) {
        return jar.toString();
      }
    }
    return null;
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      throw CairnIoException.wrap("read the time of " + file, e);
    }
  }
}
