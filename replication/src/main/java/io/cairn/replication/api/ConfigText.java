package io.cairn.replication.api;

import io.cairn.chain.api.Admission;
import io.cairn.chain.api.MemberKey;
import io.cairn.common.CairnIoException;
import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.kraft.api.Mode;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The text form of {@link NodeConfig}: parsing with a named error per key, and canonical writing. */
final class ConfigText {
  private static final Pattern MEMBER_KEY = Pattern.compile("member\\.([0-9]{1,9})\\.(peer|http|key|admission)");
  private static final List<String> NODE_KEYS = List.of(
      "format", "cluster.id", "node.id", "node.key", "peer.listen", "http.listen", "data.dir", "pmem.dir", "mode", "consensus",
      "genesis", "join");

  private ConfigText() {}

  static void require(boolean condition, String message) {
    if (!condition) {
      throw new InvalidArgumentException(message);
    }
  }

  static Map<String, String> read(Path file) {
    try {
      return properties(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw CairnIoException.wrap("read node configuration " + file, e);
    }
  }

  static Map<String, String> properties(String text) {
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(text));
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidArgumentException("not a properties file: " + e.getMessage(), e);
    }
    Map<String, String> values = new TreeMap<>();
    for (String name : properties.stringPropertyNames()) {
      values.put(name, properties.getProperty(name).strip());
    }
    return values;
  }

  static NodeConfig parse(Map<String, String> values, Path folder) {
    for (String key : values.keySet()) {
      require(NODE_KEYS.contains(key) || MEMBER_KEY.matcher(key).matches(), "unknown key " + key);
    }
    require(NodeConfig.FORMAT.equals(values.get("format")),
        "format must be " + NodeConfig.FORMAT + ", was " + values.get("format"));
    String pmem = values.getOrDefault("pmem.dir", "");
    return new NodeConfig(
        required(values, "cluster.id"),
        number(values, "node.id"),
        path(values, "node.key", folder),
        address(values, "peer.listen", 0),
        address(values, "http.listen", 0),
        path(values, "data.dir", folder),
        pmem.isEmpty() ? null : folder.resolve(pmem).normalize(),
        mode(values),
        path(values, "genesis", folder),
        members(values),
        consensus(values),
        join(values));
  }

  private static boolean join(Map<String, String> values) {
    String value = values.getOrDefault("join", "false");
    require(value.equals("true") || value.equals("false"), "join must be true or false, was " + value);
    return value.equals("true");
  }

  private static List<NodeConfig.Member> members(Map<String, String> values) {
    TreeSet<Integer> ids = new TreeSet<>();
    for (String key : values.keySet()) {
      Matcher matcher = MEMBER_KEY.matcher(key);
      if (matcher.matches()) {
        ids.add(Integer.parseInt(matcher.group(1)));
      }
    }
    List<NodeConfig.Member> members = new ArrayList<>();
    for (int id : ids) {
      String prefix = "member." + id + ".";
      String http = required(values, prefix + "http");
      URI uri;
      try {
        uri = new URI(http);
      } catch (URISyntaxException e) {
        throw new InvalidArgumentException(prefix + "http is not a URL: " + http, e);
      }
      require("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()),
          prefix + "http must be an http:// or https:// URL, was " + http);
      MemberKey key = memberKey(values, prefix + "key");
      String admission = values.getOrDefault(prefix + "admission", "");
      members.add(new NodeConfig.Member(id, address(values, prefix + "peer", 1), uri, key,
          admission.isEmpty() ? null : admission(prefix + "admission", admission)));
    }
    return members;
  }

  private static MemberKey memberKey(Map<String, String> values, String name) {
    String hex = required(values, name);
    require(hex.matches("[0-9a-fA-F]{64}"), name + " must be 64 hex digits (an Ed25519 public key)");
    try {
      return MemberKey.parse(hex);
    } catch (RuntimeException e) {
      throw new InvalidArgumentException(name + " is not a public key: " + e.getMessage(), e);
    }
  }

  private static Admission admission(String name, String hex) {
    require(hex.length() % 2 == 0 && hex.matches("[0-9a-fA-F]+"), name + " must be hex digits");
    try {
      return Admission.decode(HexFormat.of().parseHex(hex));
    } catch (CorruptionException e) {
      throw new InvalidArgumentException(name + " is not an admission: " + e.getMessage(), e);
    }
  }

  private static String required(Map<String, String> values, String key) {
    String value = values.get(key);
    require(value != null && !value.isEmpty(), "missing key " + key);
    return value;
  }

  private static int number(Map<String, String> values, String key) {
    String value = required(values, key);
    require(value.matches("[0-9]{1,9}") && Integer.parseInt(value) >= 1, key + " must be a number from 1, was " + value);
    return Integer.parseInt(value);
  }

  private static Path path(Map<String, String> values, String key, Path folder) {
    try {
      return folder.resolve(required(values, key)).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      throw new InvalidArgumentException(key + " is not a path: " + e.getMessage(), e);
    }
  }

  private static Mode mode(Map<String, String> values) {
    String value = required(values, "mode");
    return switch (value) {
      case "kraft" -> Mode.KRAFT;
      case "raft" -> Mode.RAFT;
      default -> throw new InvalidArgumentException("mode must be kraft or raft, was " + value);
    };
  }

  private static io.cairn.bft.api.Protocol consensus(Map<String, String> values) {
    String value = values.getOrDefault("consensus", "");
    return switch (value) {
      case "" -> null;
      case "pbft" -> io.cairn.bft.api.Protocol.PBFT;
      case "sbft" -> io.cairn.bft.api.Protocol.SBFT;
      default -> throw new InvalidArgumentException("consensus must be pbft or sbft (or absent: kraft/raft by mode), was "
          + value);
    };
  }

  /** Parses {@code host:port} ({@code [v6]:port} for IPv6) with a port of at least {@code minPort}. */
  static InetSocketAddress address(Map<String, String> values, String key, int minPort) {
    String value = required(values, key);
    int colon = value.lastIndexOf(':');
    require(colon > 0 && value.substring(colon + 1).matches("[0-9]{1,5}"), key + " must be host:port, was " + value);
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = Integer.parseInt(value.substring(colon + 1));
    require(port >= minPort && port <= 65_535, key + " port must be in " + minPort + "..65535, was " + port);
    require(!host.isEmpty() && host.matches("[A-Za-z0-9.:_-]+"), key + " has a bad host: " + value);
    return InetSocketAddress.createUnresolved(host, port);
  }

  static String addressText(InetSocketAddress address) {
    String host = address.getHostString();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  static SortedMap<String, String> format(NodeConfig config, Path folder) {
    SortedMap<String, String> values = new TreeMap<>();
    values.put("format", NodeConfig.FORMAT);
    values.put("cluster.id", config.clusterId());
    values.put("node.id", Integer.toString(config.nodeId()));
    values.put("node.key", relative(config.nodeKey(), folder));
    values.put("peer.listen", addressText(config.peerListen()));
    values.put("http.listen", addressText(config.httpListen()));
    values.put("data.dir", relative(config.dataDir(), folder));
    values.put("pmem.dir", config.pmemDir() == null ? "" : relative(config.pmemDir(), folder));
    values.put("mode", config.mode() == Mode.KRAFT ? "kraft" : "raft");
    values.put("genesis", relative(config.genesis(), folder));
    if (config.consensus() != null) {
      values.put("consensus", config.consensus().name().toLowerCase(java.util.Locale.ROOT));
    }
    if (config.join()) {
      values.put("join", "true");
    }
    for (NodeConfig.Member member : config.members()) {
      String prefix = "member." + member.id() + ".";
      values.put(prefix + "peer", addressText(member.peer()));
      values.put(prefix + "http", member.http().toString());
      values.put(prefix + "key", member.key().hex());
      if (member.admission() != null) {
        values.put(prefix + "admission", HexFormat.of().formatHex(member.admission().encode()));
      }
    }
    return values;
  }

  private static String relative(Path path, Path folder) {
    Path absolute = folder.resolve(path).normalize();
    return absolute.startsWith(folder) ? folder.relativize(absolute).toString() : absolute.toString();
  }

  static String render(SortedMap<String, String> values) {
    StringBuilder text = new StringBuilder("# Cairn node configuration (docs/replication.md)\n");
    for (Map.Entry<String, String> entry : values.entrySet()) {
      text.append(entry.getKey()).append('=').append(escape(entry.getValue())).append('\n');
    }
    return text.toString();
  }

  private static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (char c : value.toCharArray()) {
      if (c == '\\') {
        out.append("\\\\");
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  static void write(Path file, SortedMap<String, String> values) {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.writeString(temporary, render(values), StandardCharsets.UTF_8);
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw CairnIoException.wrap("write node configuration " + file, e);
    }
  }
}
