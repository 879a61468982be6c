package io.cairn.bench.report;

import io.cairn.node.api.Json;
import io.cairn.pmem.api.DaxStatus;
import io.cairn.pmem.api.Pmem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The file system a path lives on: mount point, device and type from {@code /proc/mounts} (Linux;
 * null elsewhere), and whether it is real persistent memory as the pmem layer's probe finds it
 * ({@link Pmem#probeDax}: the kernel grants MAP_SYNC only on DAX).
 *
 * @param path the path asked about (absolute, symbolic links resolved where it exists)
 * @param mountPoint where its file system is mounted, or null when unknown
 * @param device the mounted device, e.g. {@code /dev/pmem0}, or null
 * @param type the file system type, e.g. {@code ext4}, {@code tmpfs}, or null
 * @param dax whether the directory is on DAX, or null when it could not be probed
 * @param daxDetail what the probe found, or why it could not run
 */
public record MountInfo(Path path, String mountPoint, String device, String type, Boolean dax, String daxDetail) {
  private static final Path PROC_MOUNTS = Path.of("/proc/mounts");

  /**
   * The mount {@code path} lives on (the deepest mount point that contains it), with a DAX probe
   * of its nearest existing directory (a 4 KiB file created and removed there).
   */
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
    MountInfo mount = fromMountTable(resolved, lines);
    try {
      DaxStatus status = Pmem.probeDax(Files.isDirectory(resolved) ? resolved : resolved.getParent());
      return new MountInfo(mount.path, mount.mountPoint, mount.device, mount.type, status.dax(), status.detail());
    } catch (RuntimeException e) {
      return new MountInfo(mount.path, mount.mountPoint, mount.device, mount.type, null,
          "not probed: " + EngineOutcome.describe(e));
    }
  }

  /** The mount of {@code path} according to the lines of a {@code /proc/mounts} table; DAX not probed. */
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
      return new MountInfo(path, null, null, null, null, "not probed");
    }
    return new MountInfo(path, best, unescape(bestFields[0]), bestFields[2], null, "not probed");
  }

  /** The JSON form used under {@code machine.storage} and {@code machine.pmem}. */
  public Json.Obj toJson() {
    return Json.object()
        .put("dir", path.toString())
        .put("mount_point", mountPoint)
        .put("device", device)
        .put("filesystem", type)
        .put("dax", dax)
        .put("dax_detail", daxDetail);
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
