package io.cairn.bench.report;

import io.cairn.node.api.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The file system a path lives on, from {@code /proc/mounts} (Linux): mount point, device, type
 * and whether it is mounted with DAX (direct access to persistent memory). Elsewhere, or when the
 * table cannot be read, only what {@link java.nio.file.FileStore} says is known.
 *
 * @param path the path asked about (absolute, symbolic links resolved where it exists)
 * @param mountPoint where its file system is mounted, or null when unknown
 * @param device the mounted device, e.g. {@code /dev/pmem0}, or null
 * @param type the file system type, e.g. {@code ext4}, {@code tmpfs}, or null
 * @param dax whether the mount options include {@code dax}
 */
public record MountInfo(Path path, String mountPoint, String device, String type, boolean dax) {
  private static final Path PROC_MOUNTS = Path.of("/proc/mounts");

  /** The mount {@code path} lives on (the deepest mount point that contains it). */
  public static MountInfo of(Path path) {
    Path resolved = existingAncestor(path.toAbsolutePath().normalize());
    try {
      resolved = resolved.toRealPath();
    } catch (IOException e) {
      // Keep the absolute path: the mount table lookup below still works on it.
    }
    List<String> lines;
    try {
      lines = Files.isReadable(PROC_MOUNTS) ? Files.readAllLines(PROC_MOUNTS) : List.of();
    } catch (IOException e) {
      lines = List.of();
    }
    return fromMountTable(resolved, lines);
  }

  /** The mount of {@code path} according to the lines of a {@code /proc/mounts} table. */
  static MountInfo fromMountTable(Path path, List<String> mountLines) {
    String best = null;
    String[] bestFields = null;
    for (String line : mountLines) {
      String[] fields = line.split(" ");
      if (fields.length < 4) {
        continue;
      }
      String mountPoint = unescape(fields[1]);
      if (path.startsWith(Path.of(mountPoint)) && (best == null || mountPoint.length() >= best.length())) {
        best = mountPoint;
        bestFields = fields;
      }
    }
    if (best == null) {
      return new MountInfo(path, null, null, null, false);
    }
    boolean dax = Arrays.stream(bestFields[3].split(","))
        .anyMatch(option -> option.equals("dax") || option.startsWith("dax="));
    return new MountInfo(path, best, unescape(bestFields[0]), bestFields[2], dax && !bestFields[3].contains("dax=never"));
  }

  /** The JSON form used under {@code machine.storage} and {@code machine.pmem}. */
  public Json.Obj toJson() {
    return Json.object()
        .put("dir", path.toString())
        .put("mount_point", mountPoint)
        .put("device", device)
        .put("filesystem", type)
        .put("dax", dax);
  }

  private static Path existingAncestor(Path path) {
    Path candidate = path;
    while (candidate != null && !Files.exists(candidate)) {
      candidate = candidate.getParent();
    }
    return candidate == null ? path : candidate;
  }

  /** /proc/mounts writes space, tab, newline and backslash in octal ({@code \040}). */
  private static String unescape(String field) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length()
          && field.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
