package io.cairn.chain.contract;

import io.cairn.chain.api.MemberKey;
import io.cairn.common.InvalidArgumentException;
import java.util.Optional;

/**
 * One call of a block, as the executors run it: a deployment (bind {@code contract} to the code
 * named {@code method}, then run the code's {@link Contract#deploy}) or a call of {@code method}
 * on the deployed contract {@code contract}. The signed form is {@link ContractTransaction};
 * a block's executor is given calls whose signatures and nonces were checked when they were
 * admitted.
 *
 * <p>Names (contract, method, code) are 1..{@value #NAME_BYTES_MAX} characters of {@code
 * [a-z0-9._-]}. Thread-safety: immutable (the arguments are copied in and out; {@link #of} takes a
 * decoder's fresh array).
 */
public final class ContractCall {
  /** Longest contract, method or code name. */
  public static final int NAME_BYTES_MAX = 64;
  /** Longest arguments. */
  public static final int ARGS_BYTES_MAX = 65_536;

  /** Deploy or call. */
  public enum Kind {
    DEPLOY(1),
    CALL(2);

    /** The kind byte of the encoding. */
    public final int code;

    Kind(int code) {
      this.code = code;
    }
  }

  private final Kind kind;
  private final MemberKey caller;
  private final String contract;
  private final String method;
  private final byte[] args;
  private final long gasLimit;
  private final AccessSet declared;

  private ContractCall(Kind kind, MemberKey caller, String contract, String method, byte[] args, long gasLimit,
      AccessSet declared) {
    this(kind, caller, contract, method, args, gasLimit, declared, true);
  }

  private ContractCall(Kind kind, MemberKey caller, String contract, String method, byte[] args, long gasLimit,
      AccessSet declared, boolean copyArgs) {
    checkName(contract, "contract");
    checkName(method, kind == Kind.DEPLOY ? "code" : "method");
    if (args.length > ARGS_BYTES_MAX) {
      throw new InvalidArgumentException("arguments of " + args.length + " bytes exceed " + ARGS_BYTES_MAX);
    }
    if (gasLimit < 0 || gasLimit > GasSchedule.LIMIT_MAX) {
      throw new InvalidArgumentException("gas limit " + gasLimit + " outside 0.." + GasSchedule.LIMIT_MAX);
    }
    this.kind = kind;
    this.caller = caller;
    this.contract = contract;
    this.method = method;
    this.args = copyArgs ? args.clone() : args;
    this.gasLimit = gasLimit;
    this.declared = declared;
  }

  /** A call of {@code method} on {@code contract}; {@code declared} may be null (not declared). */
  public static ContractCall call(MemberKey caller, String contract, String method, byte[] args, long gasLimit,
      AccessSet declared) {
    return new ContractCall(Kind.CALL, caller, contract, method, args, gasLimit, declared);
  }

  /** A deployment of code {@code code} under the name {@code contract}. */
  public static ContractCall deploy(MemberKey caller, String contract, String code, byte[] args, long gasLimit,
      AccessSet declared) {
    return new ContractCall(Kind.DEPLOY, caller, contract, code, args, gasLimit, declared);
  }

  /**
   * The call {@code kind}, taking {@code args} (the decoder's fresh copy of them: the caller must
   * not change or hand out the array afterwards; session 15, one copy of the arguments per decoded
   * call instead of two).
   */
  public static ContractCall of(Kind kind, MemberKey caller, String contract, String method, byte[] args,
      long gasLimit, AccessSet declared) {
    return new ContractCall(kind, caller, contract, method, args, gasLimit, declared, false);
  }

  /**
   * Checks {@code name} is 1..{@value #NAME_BYTES_MAX} characters of {@code [a-z0-9._-]}.
   *
   * @throws InvalidArgumentException naming {@code what} when it is not
   */
  public static void checkName(String name, String what) {
    if (!validName(name)) {
      throw new InvalidArgumentException(what + " name must be 1.." + NAME_BYTES_MAX
          + " characters of [a-z0-9._-], was '" + name + "'");
    }
  }

  /** Whether {@code name} is a valid contract, method or code name. */
  public static boolean validName(String name) {
    if (name.isEmpty() || name.length() > NAME_BYTES_MAX) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  public Kind kind() {
    return kind;
  }

  public MemberKey caller() {
    return caller;
  }

  public String contract() {
    return contract;
  }

  /** The method called, or for a deployment the code name. */
  public String method() {
    return method;
  }

  /** A copy of the arguments. */
  public byte[] args() {
    return args.clone();
  }

  /** The arguments without copying; callers must not change them. */
  public byte[] argsShared() {
    return args;
  }

  public long gasLimit() {
    return gasLimit;
  }

  /** The declared read and write sets, when the call declares them. */
  public Optional<AccessSet> declared() {
    return Optional.ofNullable(declared);
  }

  /**
   * The declared read and write sets, or null when the call declares none: for the executors'
   * per-call paths, where an {@link Optional} per call was not always scalar-replaced (a transfer
   * allocated 16-48 bytes of them on two threads, session 12).
   */
  public AccessSet declaredOrNull() {
    return declared;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ContractCall call && kind == call.kind && caller.equals(call.caller)
        && contract.equals(call.contract) && method.equals(call.method) && java.util.Arrays.equals(args, call.args)
        && gasLimit == call.gasLimit && java.util.Objects.equals(declared, call.declared);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(kind, caller, contract, method, gasLimit);
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + contract + "." + method + " by "
        + caller.shortHex() + " (" + args.length + " bytes of args, gas " + gasLimit
        + (declared == null ? ", undeclared)" : ", " + declared + ")");
  }
}
