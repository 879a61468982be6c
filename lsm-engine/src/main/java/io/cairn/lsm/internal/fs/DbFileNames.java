package io.cairn.lsm.internal.fs;

import java.nio.file.Path;

/**
 * The names of the files in a database directory (see {@code docs/engine.md}, "File layout"):
 *
 * <pre>
 *   CURRENT            names the live MANIFEST (installed by an atomic rename)
 *   LOCK               held by the process that has the database open
 *   MANIFEST-000005    version edits: which tables exist at which level
 *   000007.log         a WAL segment (the memtable's write-ahead log)
 *   000008.sst         an SSTable
 *   000009.dbtmp       a temporary file (a CURRENT being written)
 * </pre>
 *
 * File numbers come from one counter kept in the MANIFEST, so every file has a distinct number.
 * Thread-safety: stateless.
 */
public final class DbFileNames {
  /** Name of the file naming the live MANIFEST. */
  public static final String CURRENT = "CURRENT";
  /** Name of the lock file. */
  public static final String LOCK = "LOCK";
  private static final String MANIFEST_PREFIX = "MANIFEST-";

  /** What a file in the directory is. */
  public enum Kind { LOG, TABLE, MANIFEST, CURRENT, LOCK, TEMP }

  /** A parsed file name: its kind and number (0 for CURRENT and LOCK). */
  public record Parsed(Kind kind, long number) {}

  private DbFileNames() {}

  /** The WAL segment with {@code number}. */
  public static Path log(Path directory, long number) {
    return directory.resolve(numbered(number, ".log"));
  }

  /** The SSTable with {@code number}. */
  public static Path table(Path directory, long number) {
    return directory.resolve(numbered(number, ".sst"));
  }

  /** The MANIFEST with {@code number}. */
  public static Path manifest(Path directory, long number) {
    return directory.resolve(manifestName(number));
  }

  /** The bare name of the MANIFEST with {@code number}, as CURRENT stores it. */
  public static String manifestName(long number) {
    return MANIFEST_PREFIX + String.format("%06d", number);
  }

  /** A temporary file with {@code number}. */
  public static Path temp(Path directory, long number) {
    return directory.resolve(numbered(number, ".dbtmp"));
  }

  /** The CURRENT file. */
  public static Path current(Path directory) {
    return directory.resolve(CURRENT);
  }

  /** The LOCK file. */
  public static Path lock(Path directory) {
    return directory.resolve(LOCK);
  }

  /** Parses a file name of the directory, or returns null for a name the engine did not make. */
  public static Parsed parse(String name) {
    if (name.equals(CURRENT)) {
      return new Parsed(Kind.CURRENT, 0);
    }
    if (name.equals(LOCK)) {
      return new Parsed(Kind.LOCK, 0);
    }
    if (name.startsWith(MANIFEST_PREFIX)) {
      long number = parseNumber(name.substring(MANIFEST_PREFIX.length()));
      return number < 0 ? null : new Parsed(Kind.MANIFEST, number);
    }
    int dot = name.indexOf('.');
    if (dot <= 0) {
      return null;
    }
    long number = parseNumber(name.substring(0, dot));
    if (number < 0) {
      return null;
    }
    return switch (name.substring(dot)) {
      case ".log" -> new Parsed(Kind.LOG, number);
      case ".sst" -> new Parsed(Kind.TABLE, number);
      case ".dbtmp" -> new Parsed(Kind.TEMP, number);
      default -> null;
    };
  }

  private static String numbered(long number, String suffix) {
    return String.format("%06d", number) + suffix;
  }

  private static long parseNumber(String digits) {
    if (digits.isEmpty() || digits.length() > 18) {
      return -1;
    }
    for (int i = 0; i < digits.length(); i++) {
      if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
        return -1;
      }
    }
    return Long.parseLong(digits);
  }
}
