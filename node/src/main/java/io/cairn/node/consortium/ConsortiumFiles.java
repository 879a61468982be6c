package io.cairn.node.consortium;

import io.cairn.chain.api.Identity;
import io.cairn.chain.api.KeyFiles;
import io.cairn.chain.api.MemberKey;
import io.cairn.common.CairnIoException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.consortium.Bookkeeping;
import io.cairn.consortium.ConsortiumSettings;
import io.cairn.consortium.HqInfo;
import io.cairn.consortium.X25519Key;
import io.cairn.replication.api.NodeConfig;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The consortium's files in a cluster folder made by {@code cairn cluster up --consortium} (beside
 * the ones of {@code ClusterFiles}: {@code regulator.key} is the consortium's regulator, {@code
 * node-I/identity.key} HQ node I-1's signing key, {@code node-I/node.properties} its addresses):
 *
 * <pre>
 * DIR/consortium.properties   what every HQ node and client agrees on (format cairn-consortium/1):
 *   format=cairn-consortium/1
 *   period_ms=T  bookkeeping=round-robin|pow  difficulty=BITS
 *   regulator=HEX (Ed25519 public key)  hqs=N
 *   hq.K.signing=HEX  hq.K.x25519=HEX  hq.K.url=http://127.0.0.1:PORT   for K = 0..N-1
 * DIR/node-I/x25519.key       HQ node I-1's X25519 secret, 64 hex characters (0600)
 * </pre>
 *
 * <p>HQ node K is member K+1 of the cluster. Thread-safety: stateless.
 */
public final class ConsortiumFiles {
  /** The settings file. */
  public static final String SETTINGS_FILE = "consortium.properties";
  /** An HQ node's X25519 secret, in its node folder. */
  public static final String X25519_FILE = "x25519.key";
  private static final String FORMAT = "cairn-consortium/1";

  private ConsortiumFiles() {}

  /** Whether {@code dir} holds a consortium. */
  public static boolean present(Path dir) {
    return Files.isRegularFile(dir.resolve(SETTINGS_FILE));
  }

  /**
   * Writes the consortium files into {@code dir}, whose cluster files {@code configs} (member
   * order) were just written: one X25519 key per HQ node and the settings.
   */
  public static void create(Path dir, List<Path> configs, long periodMillis, Bookkeeping bookkeeping, int difficulty) {
    SecureRandom random = new SecureRandom();
    Identity regulator = KeyFiles.read(dir.resolve("regulator.key"));
    StringBuilder text = new StringBuilder("# the consortium of this cluster folder (docs/consortium.md)\n")
        .append("format=").append(FORMAT).append('\n')
        .append("period_ms=").append(periodMillis).append('\n')
        .append("bookkeeping=").append(bookkeeping == Bookkeeping.PROOF_OF_WORK ? "pow" : "round-robin").append('\n')
        .append("difficulty=").append(difficulty).append('\n')
        .append("regulator=").append(regulator.key().hex()).append('\n')
        .append("hqs=").append(configs.size()).append('\n');
    for (int k = 0; k < configs.size(); k++) {
      NodeConfig config = NodeConfig.load(configs.get(k));
      byte[] secret = new byte[32];
      random.nextBytes(secret);
      X25519Key key = X25519Key.fromSecret(secret);
      Path keyFile = configs.get(k).getParent().resolve(X25519_FILE);
      writeSecret(keyFile, HexFormat.of().formatHex(secret) + "\n");
      text.append("hq.").append(k).append(".signing=").append(config.self().key().hex()).append('\n')
          .append("hq.").append(k).append(".x25519=").append(HexFormat.of().formatHex(key.publicKey())).append('\n')
          .append("hq.").append(k).append(".url=").append(config.self().http()).append('\n');
    }
    try {
      Files.writeString(dir.resolve(SETTINGS_FILE), text);
    } catch (IOException e) {
      throw CairnIoException.wrap("write " + dir.resolve(SETTINGS_FILE), e);
    }
  }

  private static void writeSecret(Path file, String text) {
    try {
      Files.writeString(file, text);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      throw CairnIoException.wrap("write " + file, e);
    }
  }

  /**
   * The consortium's settings in {@code dir}.
   *
   * @throws InvalidArgumentException when the folder holds no consortium or the file is malformed
   */
  public static ConsortiumSettings settings(Path dir) {
    Properties properties = properties(dir);
    try {
      MemberKey regulator = MemberKey.parse(required(properties, "regulator"));
      int n = Integer.parseInt(required(properties, "hqs"));
      List<HqInfo> hqs = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        hqs.add(new HqInfo(k, MemberKey.parse(required(properties, "hq." + k + ".signing")),
            HexFormat.of().parseHex(required(properties, "hq." + k + ".x25519"))));
      }
      long period = Long.parseLong(required(properties, "period_ms"));
      Bookkeeping bookkeeping = bookkeeping(required(properties, "bookkeeping"));
      int difficulty = Integer.parseInt(required(properties, "difficulty"));
      ConsortiumSettings base = ConsortiumSettings.defaults(regulator, hqs, period);
      return new ConsortiumSettings(regulator, hqs, period, bookkeeping, difficulty, base.collectMillis(),
          base.verifyMillis(), base.protocol(), ConsortiumSettings.NETWORK_BFT_TICK_MILLIS);
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException(dir.resolve(SETTINGS_FILE) + " is malformed: " + e.getMessage());
    }
  }

  /** HQ node {@code hq}'s client API base URL. */
  public static String url(Path dir, int hq) {
    return required(properties(dir), "hq." + hq + ".url");
  }

  /** The X25519 key of the HQ node whose folder is {@code nodeFolder}. */
  public static X25519Key x25519(Path nodeFolder) {
    Path file = nodeFolder.resolve(X25519_FILE);
    try {
      return X25519Key.fromSecret(HexFormat.of().parseHex(Files.readString(file).strip()));
    } catch (IOException e) {
      throw CairnIoException.wrap("read " + file, e);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(file + " does not hold 64 hex characters");
    }
  }

  /** {@code round-robin} or {@code pow}. */
  public static Bookkeeping bookkeeping(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "round-robin" -> Bookkeeping.ROUND_ROBIN;
      case "pow" -> Bookkeeping.PROOF_OF_WORK;
      default -> throw new InvalidArgumentException("bookkeeping must be round-robin or pow, was '" + text + "'");
    };
  }

  private static Properties properties(Path dir) {
    Path file = dir.resolve(SETTINGS_FILE);
    if (!Files.isRegularFile(file)) {
      throw new InvalidArgumentException(dir + " holds no consortium (make one with: cairn cluster up --consortium"
          + " --dir " + dir + ")");
    }
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(Files.readString(file)));
    } catch (IOException e) {
      throw CairnIoException.wrap("read " + file, e);
    }
    if (!FORMAT.equals(properties.getProperty("format"))) {
      throw new InvalidArgumentException(file + " is not in format " + FORMAT);
    }
    return properties;
  }

  private static String required(Properties properties, String key) {
    String value = properties.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new InvalidArgumentException(SETTINGS_FILE + " has no " + key);
    }
    return value.strip();
  }
}
