package io.cairn.testing;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A seeded randomised property: runs a body over many generated cases and, on the first failure,
 * shrinks the case and throws a {@link PropertyFailure} that names the seed and a command that
 * replays it exactly.
 *
 * <pre>{@code
 * Property.of("table equals sorted map", random -> randomActions(random))
 *     .shrinkWith(Shrinkers.list())
 *     .trials(300)
 *     .check(actions -> assertSameAsModel(actions));
 * }</pre>
 *
 * <p>With {@code -Dcairn.seed=S} only the case of seed {@code S} runs; with {@code
 * -Dcairn.trials=N} {@code N} cases run instead of the configured count. A body fails by throwing
 * anything (an {@link AssertionError}, an exception from the code under test).
 *
 * <p>Thread-safety: a {@code Property} is a one-shot builder used by one test thread.
 *
 * @param <T> the type of test case
 */
public final class Property<T> {
  private static final int CASE_TEXT_CHARS_MAX = 4000;

  private final String name;
  private final Generator<T> generator;
  private Shrinker<T> shrinker = Shrinker.none();
  private Function<? super T, String> describer = String::valueOf;
  private int trials = 100;
  private int shrinkStepsMax = 2000;

  private Property(String name, Generator<T> generator) {
    this.name = Objects.requireNonNull(name, "name");
    this.generator = Objects.requireNonNull(generator, "generator");
  }

  /** A property called {@code name} over cases drawn by {@code generator}. */
  public static <T> Property<T> of(String name, Generator<T> generator) {
    return new Property<>(name, generator);
  }

  /** Shrinks failing cases with {@code shrinker} (default: no shrinking). */
  public Property<T> shrinkWith(Shrinker<T> shrinker) {
    this.shrinker = Objects.requireNonNull(shrinker, "shrinker");
    return this;
  }

  /** How a case is printed in the failure message (default {@code String.valueOf}). */
  public Property<T> describeWith(Function<? super T, String> describer) {
    this.describer = Objects.requireNonNull(describer, "describer");
    return this;
  }

  /** Number of cases to run unless {@code -Dcairn.trials} says otherwise (default 100). */
  public Property<T> trials(int trials) {
    if (trials < 1) {
      throw new IllegalArgumentException("trials must be at least 1, was " + trials);
    }
    this.trials = trials;
    return this;
  }

  /** Upper bound on the body runs spent shrinking one failure (default 2000). */
  public Property<T> shrinkStepsMax(int steps) {
    this.shrinkStepsMax = steps;
    return this;
  }

  /**
   * Runs the property.
   *
   * @throws PropertyFailure on the first failing case, after shrinking it
   */
  public void check(Consumer<? super T> body) {
    String caller = ReplayCommand.callerOutside(Property.class);
    OptionalLong requested = Seeds.requested();
    if (requested.isPresent()) {
      runOne(requested.getAsLong(), body, caller, 0, 1);
      return;
    }
    long baseSeed = Seeds.fresh();
    int count = Seeds.trials(trials);
    for (int trial = 0; trial < count; trial++) {
      runOne(Seeds.forTrial(baseSeed, trial), body, caller, trial, count);
    }
  }

  private void runOne(long seed, Consumer<? super T> body, String caller, int trial, int count) {
    T generated = generator.generate(new SplittableRandom(seed));
    Throwable failure = runBody(body, generated);
    if (failure == null) {
      return;
    }
    T smallest = generated;
    int steps = 0;
    boolean progressed = true;
    while (progressed && steps < shrinkStepsMax) {
      progressed = false;
      for (T candidate : shrinker.candidates(smallest)) {
        if (++steps > shrinkStepsMax) {
          break;
        }
        Throwable candidateFailure = runBody(body, candidate);
        if (candidateFailure != null) {
          smallest = candidate;
          failure = candidateFailure;
          progressed = true;
          break;
        }
      }
    }
    String message =
        "property '" + name + "' failed on trial " + (trial + 1) + " of " + count
            + " with seed " + Seeds.format(seed)
            + "\n  replay: " + ReplayCommand.forCaller(caller, seed)
            + "\n  " + (smallest == generated ? "case" : "shrunk case (" + steps + " shrink steps)")
            + ": " + abbreviate(describer.apply(smallest))
            + "\n  failure: " + failure;
    throw new PropertyFailure(message, seed, smallest, failure);
  }

  private static <T> Throwable runBody(Consumer<? super T> body, T testCase) {
    try {
      body.accept(testCase);
      return null;
    } catch (Throwable failure) {
      if (failure instanceof VirtualMachineError fatal && !(failure instanceof StackOverflowError)) {
        throw fatal;
      }
      return failure;
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= CASE_TEXT_CHARS_MAX
        ? text
        : text.substring(0, CASE_TEXT_CHARS_MAX) + "... (" + text.length() + " chars)";
  }
}
