package io.cairn.chain.contract.exec;

import io.cairn.chain.contract.CodeBook;
import io.cairn.chain.contract.Contract;
import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.contract.ContractException;
import io.cairn.chain.contract.GasSchedule;
import io.cairn.chain.contract.Invocation;
import io.cairn.chain.contract.Receipt;
import io.cairn.chain.contract.ReceiptStatus;
import io.cairn.chain.contract.StateKey;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs one call against a {@link ReadSource} and turns whatever happens into an {@link Outcome}:
 * the one place where deployment, dispatch, metering and failure receipts are decided, shared by
 * every executor so that they cannot disagree. The receipt depends only on the call and the
 * values read.
 *
 * <p>Thread-safety: immutable; {@link #run} may be called from any number of threads.
 */
final class CallRunner {
  private static final byte[] NO_OUTPUT = new byte[0];
  /** Most contracts whose {@link StateKey.Namespace} is kept; past it the cache starts again. */
  private static final int NAMESPACES_MAX = 4_096;

  private final CodeBook code;
  /** Each contract's namespace, made once: a call then builds its keys without encoding the name. */
  private final Map<String, StateKey.Namespace> namespaces = new ConcurrentHashMap<>();

  CallRunner(CodeBook code) {
    this.code = code;
  }

  /** Runs {@code call}, reading through {@code source}; its writes go into a buffer of their own. */
  Outcome run(ContractCall call, ReadSource source) {
    CallView view = new CallView();
    Receipt receipt = run(call, source, view);
    return new Outcome(receipt, view.kept(), view.blocker);
  }

  /**
   * Runs {@code call}, reading through {@code source}, in {@code view} (started afresh), and
   * returns its receipt, or null when a read was blocked ({@code view.blocker}). The writes to
   * keep are {@code view.kept()}: the view's buffer when the call succeeded, else none; valid
   * until {@code view} runs the next call. For an executor that moves each call's writes into its
   * own table at once: one view per thread, and no object per call (until session 12 an {@link
   * Outcome} per call, which the JIT did not always scalar-replace on a stretch's thread).
   */
  Receipt run(ContractCall call, ReadSource source, CallView reused) {
    StateKey.Namespace namespace = namespace(call.contract());
    CallView view = reused.begin(call, namespace, source);
    byte[] output = NO_OUTPUT;
    ReceiptStatus status = ReceiptStatus.OK;
    String message = "";
    try {
      output = dispatch(call, namespace, view);
    } catch (CallView.Halt halt) {
      // recorded in the view; decided below
    } catch (ContractException refused) {
      status = ReceiptStatus.REVERTED;
      message = String.valueOf(refused.getMessage());
    } catch (RuntimeException | StackOverflowError thrown) {
      status = ReceiptStatus.FAILED;
      message = "contract threw " + thrown.getClass().getName() + ": " + thrown.getMessage();
    }
    if (view.blocker >= 0) {
      view.keep(false);
      return null;
    }
    if (view.halt != null) { // wins over whatever the contract did after it
      status = view.halt.status;
      message = view.halt.getMessage();
    }
    view.keep(status == ReceiptStatus.OK);
    if (status != ReceiptStatus.OK) {
      return new Receipt(status, view.used(), NO_OUTPUT, message);
    }
    return output == null || output.length == 0 ? Receipt.ok(view.used()) : new Receipt(status, view.used(), output, "");
  }

  /** The namespace of {@code contract}, made once and kept (a bounded cache shared by all threads). */
  StateKey.Namespace namespace(String contract) {
    StateKey.Namespace namespace = namespaces.get(contract);
    if (namespace == null) {
      if (namespaces.size() >= NAMESPACES_MAX) {
        namespaces.clear();
      }
      namespace = StateKey.namespace(contract);
      namespaces.put(contract, namespace);
    }
    return namespace;
  }

  private byte[] dispatch(ContractCall call, StateKey.Namespace namespace, CallView view) {
    boolean deploy = call.kind() == ContractCall.Kind.DEPLOY;
    view.charge(GasSchedule.callCost(deploy, call.argsShared().length));
    StateKey bindingKey = namespace.binding();
    byte[] binding = view.readSystem(bindingKey);
    Invocation invocation = new Invocation(call.caller(), call.contract(), call.method(), call.argsShared().clone());
    if (deploy) {
      if (binding != null) {
        throw view.stop(ReceiptStatus.ALREADY_DEPLOYED, "contract " + call.contract() + " is already deployed");
      }
      Contract contract = code.get(call.method());
      if (contract == null) {
        throw view.stop(ReceiptStatus.UNKNOWN_CODE, "no contract code named " + call.method());
      }
      view.writeSystem(bindingKey, call.method().getBytes(StandardCharsets.US_ASCII));
      contract.deploy(invocation, view);
      return NO_OUTPUT;
    }
    if (binding == null) {
      throw view.stop(ReceiptStatus.UNKNOWN_CONTRACT, "no contract deployed as " + call.contract());
    }
    Contract contract = code.get(binding);
    if (contract == null) {
      throw view.stop(ReceiptStatus.UNKNOWN_CODE, "contract " + call.contract() + " runs code "
          + new String(binding, StandardCharsets.US_ASCII) + ", which this node does not have");
    }
    return contract.invoke(invocation, view);
  }
}
