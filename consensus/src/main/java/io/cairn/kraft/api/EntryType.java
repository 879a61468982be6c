package io.cairn.kraft.api;

/** What a log entry carries. The numeric codes are part of the wire format and never change. */
public enum EntryType {
  /** Application data for the state machine; empty data is the leader's no-op. */
  NORMAL(0),
  /** A full cluster {@link Configuration}, encoded by {@link Configuration#encode()}. */
  CONFIG(1);

  private final int code;

  EntryType(int code) {
    this.code = code;
  }

  /** The wire code. */
  public int code() {
    return code;
  }

  /** The type with wire code {@code code}, or null when there is none. */
  public static EntryType ofCode(int code) {
    return switch (code) {
      case 0 -> NORMAL;
      case 1 -> CONFIG;
      default -> null;
    };
  }
}
