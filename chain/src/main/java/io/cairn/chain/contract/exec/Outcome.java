package io.cairn.chain.contract.exec;

import io.cairn.chain.contract.Receipt;

/**
 * What one execution of one call produced: its receipt and, when it succeeded, its writes in the
 * order first written ({@link CallView#DELETED} marks a deletion); empty when it failed. When
 * {@code blocker} is not negative the execution was stopped by an ESTIMATE of that call and the
 * receipt is meaningless.
 */
record Outcome(Receipt receipt, CallWrites writes, int blocker) {
  boolean blocked() {
    return blocker >= 0;
  }
}
