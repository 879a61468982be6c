package io.cairn.node.api;

/** Exit statuses of {@code ./cairn}, the same for every command. */
public final class ExitCodes {
  /** The command did what was asked (for {@code verify}: the record verified). */
  public static final int OK = 0;
  /** The command ran and failed: a Cairn error, a failed check, a failed verification. */
  public static final int FAILED = 1;
  /** Bad command line: unknown option, missing argument, invalid value. */
  public static final int USAGE = 2;
  /** The command exists in the design but is not built yet. */
  public static final int NOT_BUILT = 3;

  private ExitCodes() {}
}
