package io.cairn.chain.contract;

import io.cairn.common.ByteWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * What one call of a block produced: its status, the gas it used, its output (empty unless OK)
 * and, for a failure, a sentence saying why. Every executor must produce the same receipts as
 * the serial one, byte for byte ({@link #encode()}).
 *
 * <p>Thread-safety: immutable.
 */
public final class Receipt {
  private static final byte[] NO_OUTPUT = new byte[0];
  /**
   * Receipts of calls that succeeded with no output, by gas used modulo the length: a block of one
   * kind of call repeats the same one. Filled racily, which is safe for an immutable object.
   */
  private static final Receipt[] OK_SILENT = new Receipt[64];

  private final ReceiptStatus status;
  private final long gasUsed;
  private final byte[] output;
  private final String message;

  public Receipt(ReceiptStatus status, long gasUsed, byte[] output, String message) {
    this.status = status;
    this.gasUsed = gasUsed;
    this.output = output.length == 0 ? NO_OUTPUT : output.clone();
    this.message = message;
  }

  /**
   * The receipt of a call that succeeded with no output and used {@code gasUsed}: equal to {@code
   * new Receipt(OK, gasUsed, new byte[0], "")}, and the same object for the same gas most of the
   * time, so that a block of transfers does not make one per call.
   */
  public static Receipt ok(long gasUsed) {
    int slot = (int) (gasUsed & (OK_SILENT.length - 1));
    Receipt recent = OK_SILENT[slot];
    if (recent != null && recent.gasUsed == gasUsed) {
      return recent;
    }
    Receipt made = new Receipt(ReceiptStatus.OK, gasUsed, NO_OUTPUT, "");
    OK_SILENT[slot] = made;
    return made;
  }

  public ReceiptStatus status() {
    return status;
  }

  public long gasUsed() {
    return gasUsed;
  }

  /** A copy of the output. */
  public byte[] output() {
    return output.clone();
  }

  /** Why the call failed; empty when it succeeded. */
  public String message() {
    return message;
  }

  /**
   * The canonical bytes ({@code docs/formats/contract-state.md}): {@code u8 status | u64 gas used
   * | u32 n, [n] output | u16 m, [m] message (UTF-8)}; a message is cut to 1,024 bytes.
   */
  public byte[] encode() {
    byte[] text = message.getBytes(StandardCharsets.UTF_8);
    if (text.length > 1_024) {
      text = Arrays.copyOf(text, 1_024);
    }
    return new ByteWriter(15 + output.length + text.length).u8(status.code).u64(gasUsed).bytes32(output)
        .bytes16(text).toByteArray();
  }

  /**
   * Decodes what {@link #encode()} wrote, at the reader's position (the ledger stores receipts).
   *
   * @throws io.cairn.common.CorruptionException when a field is out of range or bytes are missing
   */
  public static Receipt decode(io.cairn.chain.codec.ByteReader in) {
    int code = in.u8("receipt status");
    ReceiptStatus status = null;
    for (ReceiptStatus candidate : ReceiptStatus.values()) {
      if (candidate.code == code) {
        status = candidate;
      }
    }
    if (status == null) {
      throw in.error("unknown receipt status " + code);
    }
    long gasUsed = in.u64("gas used");
    int outputLength = in.u32("output length");
    if (outputLength < 0 || outputLength > in.remaining()) {
      throw in.error("output of " + Integer.toUnsignedString(outputLength) + " bytes runs past the receipt");
    }
    byte[] output = in.raw(outputLength, "output");
    String message = in.string16(0, "message");
    return new Receipt(status, gasUsed, output, message);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Receipt receipt && status == receipt.status && gasUsed == receipt.gasUsed
        && Arrays.equals(output, receipt.output) && message.equals(receipt.message);
  }

  @Override
  public int hashCode() {
    return (status.hashCode() * 31 + Long.hashCode(gasUsed)) * 31 + message.hashCode();
  }

  @Override
  public String toString() {
    return status + " gas " + gasUsed + (output.length == 0 ? "" : " output " + HexFormat.of().formatHex(output))
        + (message.isEmpty() ? "" : ": " + message);
  }
}
