/**
 * Seeded randomised property testing shared by every module's tests (test scope only): a
 * {@link io.cairn.testing.Property} runs a generator under many seeds, prints the failing seed
 * with a replay command, and shrinks the failing case. See {@code docs/testing.md}.
 */
module io.cairn.testing {
  exports io.cairn.testing;
}
