package io.cairn.chain.contract;

/** How a call ended. Only {@link #OK} keeps the call's writes. The code is the encoding's byte. */
public enum ReceiptStatus {
  /** The call returned; its writes are kept. */
  OK(0),
  /** The contract refused the call ({@link ContractException}); the message is the contract's. */
  REVERTED(1),
  /** The contract threw something else; the message names the exception class and its message. */
  FAILED(2),
  /** The call's charges passed its gas limit; the receipt records the whole limit as used. */
  OUT_OF_GAS(3),
  /** The call touched a key outside its declared read/write sets; the message names the key. */
  UNDECLARED_ACCESS(4),
  /** A call of a contract name that is not deployed. */
  UNKNOWN_CONTRACT(5),
  /** A deployment of a code name no built-in contract has. */
  UNKNOWN_CODE(6),
  /** A deployment under a name that is already deployed. */
  ALREADY_DEPLOYED(7),
  /** An argument passed to the state was out of bounds (key or value too long). */
  BAD_ACCESS(8);

  /** The byte that encodes the status. */
  public final int code;

  ReceiptStatus(int code) {
    this.code = code;
  }

  /** Whether the call succeeded. */
  public boolean ok() {
    return this == OK;
  }
}
