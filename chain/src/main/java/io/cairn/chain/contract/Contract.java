package io.cairn.chain.contract;

/**
 * A smart contract: Java code that sees nothing but its {@link ContractState} and the {@link
 * Invocation} it is called with. That is what makes it deterministic by construction: no clock,
 * no randomness, no I/O, no threads are reachable through its arguments, so its effect depends
 * only on the state it reads and the call's arguments. Implementations are stateless singletons
 * (all their data lives in the state) and must not keep fields that change between calls.
 *
 * <p>A contract signals a refused call by throwing {@link ContractException} (the receipt is
 * {@code REVERTED} with its message); any other exception gives a {@code FAILED} receipt. Either
 * way nothing the call wrote is kept. Every state access is charged to the call's gas budget
 * ({@link GasSchedule}); running out gives {@code OUT_OF_GAS}.
 *
 * <p>Thread-safety: one instance is called from many threads at once, each call with its own
 * state view; implementations must be immutable.
 */
public interface Contract {
  /**
   * Runs when the contract is deployed under a name: may write its initial state (for example the
   * deployer as administrator). The default writes nothing.
   */
  default void deploy(Invocation deployment, ContractState state) {}

  /** Runs one call; returns its output (kept in the receipt), empty when there is none. */
  byte[] invoke(Invocation call, ContractState state);
}
