package io.cairn.node.api;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks of option values shared by the commands, so that every command refuses a bad value with
 * the same kind of message and the usage exit status ({@link ExitCodes#USAGE}).
 *
 * <p>Thread-safety: stateless.
 */
public final class OptionChecks {
  private OptionChecks() {}

  /**
   * Refuses {@code value} outside {@code [min, max]}.
   *
   * @throws ParameterException naming {@code option}, its range and the value given
   */
  public static void requireRange(CommandSpec spec, String option, long value, long min, long max) {
    if (value < min || value > max) {
      throw new ParameterException(spec.commandLine(),
          option + " must be in [" + min + ", " + max + "], was " + value);
    }
  }
}
