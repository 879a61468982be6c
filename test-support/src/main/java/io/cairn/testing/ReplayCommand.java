package io.cairn.testing;

import java.nio.file.Path;

/** Builds the command line that replays one seed of the calling test. */
final class ReplayCommand {
  private ReplayCommand() {}

  /**
   * "Class#method" of the test method that runs {@code runner}: the first stack frame that is
   * neither the runner, nor a lambda, nor inside a test library or the JDK.
   */
  static String callerOutside(Class<?> runner) {
    return StackWalker.getInstance()
        .walk(frames -> frames
            .filter(frame -> !frame.getClassName().equals(runner.getName())
                && !frame.getClassName().equals(ReplayCommand.class.getName())
                && !frame.getMethodName().startsWith("lambda$")
                && !frame.getClassName().matches("(org\\.(assertj|junit)|java|jdk|sun)\\..*"))
            .findFirst()
            .map(frame -> simpleTestClass(frame.getClassName()) + "#" + frame.getMethodName())
            .orElse("?"));
  }

  /** The Maven command that reruns {@code caller} with {@code seed} only. */
  static String forCaller(String caller, long seed) {
    // Surefire runs each module's tests with the module folder as the working directory.
    String module = Path.of(System.getProperty("user.dir")).getFileName().toString();
    return "./mvnw -pl " + module + " -am -Dsurefire.failIfNoSpecifiedTests=false test -Dtest='"
        + caller + "' -Dcairn.seed=" + Seeds.format(seed);
  }

  private static String simpleTestClass(String className) {
    int nested = className.indexOf('$');
    String outer = nested < 0 ? className : className.substring(0, nested);
    return outer.substring(outer.lastIndexOf('.') + 1);
  }
}
