package io.cairn.node.api;

import io.cairn.common.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
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

  /**
   * Parses a comma-separated list of integers such as {@code 5,25,51}.
   *
   * @throws InvalidArgumentException naming {@code option} when the list is empty or an item is not an integer
   */
  public static List<Integer> intList(String option, String text) {
    List<Integer> values = new ArrayList<>();
    for (String item : text.split(",", -1)) {
      try {
        values.add(Integer.parseInt(item.trim()));
      } catch (NumberFormatException e) {
        throw new InvalidArgumentException(option + " takes integers separated by commas, was '" + text + "'");
      }
    }
    return values;
  }
}
