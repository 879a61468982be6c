package io.cairn.chain.contract;

import io.cairn.common.ByteWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A test contract whose behaviour depends on the values it reads: it reads, writes and deletes
 * keys, throws or reverts when a value read has some property, follows a value to a key it may
 * not have declared, catches the state's failures, and spins (metering each step). So speculative executions that
 * read a stale value take different paths, throw different things or touch different keys: what
 * the differential tests need to catch an executor that keeps a wrong incarnation.
 *
 * <p>Arguments: a sequence of {@code u8 op, u16 key} ({@link Op}); output: the 8-byte digest of
 * everything read.
 */
final class ChaosContract implements Contract {
  static final String CODE = "chaos";

  enum Op { READ, WRITE, DELETE, THROW_IF, INDIRECT, REVERT_IF, CATCH_UNDECLARED, SPIN }

  /** One step: an op on key {@code key}. */
  record Step(Op op, int key) {}

  @Override
  public byte[] invoke(Invocation call, ContractState state) {
    ByteBuffer args = ByteBuffer.wrap(call.args()).order(ByteOrder.LITTLE_ENDIAN);
    long digest = 17;
    while (args.remaining() >= 3) {
      Op op = Op.values()[args.get() % Op.values().length];
      int key = args.getShort() & 0xffff;
      switch (op) {
        case READ -> digest = mix(digest, state.get(key(key)));
        case WRITE -> state.put(key(key), new ByteWriter(8).u64(digest ^ key).toByteArray());
        case DELETE -> state.delete(key(key));
        case THROW_IF -> {
          byte[] value = state.get(key(key));
          digest = mix(digest, value);
          if (value != null && (value[0] & 7) == 0) {
            throw new IllegalStateException("chaos: key " + key + " holds " + Arrays.toString(value));
          }
        }
        case REVERT_IF -> {
          byte[] value = state.get(key(key));
          digest = mix(digest, value);
          if (value != null && (value[1] & 7) == 1) {
            throw new ContractException("chaos: refused by key " + key);
          }
        }
        case INDIRECT -> {
          byte[] value = state.get(key(key));
          int target = value == null ? key : key + (value[2] & 1);
          digest = mix(mix(digest, value), state.get(key(target)));
        }
        case CATCH_UNDECLARED -> {
          try {
            digest = mix(digest, state.get(key(0xffff)));
          } catch (RuntimeException swallowed) {
            digest = mix(digest, null); // a failed access cannot be turned into success
          }
        }
        case SPIN -> {
          long x = digest;
          for (int i = 0; i < key * 10; i++) {
            state.meter(1); // a loop that touches no state still spends gas
            x = x * 6364136223846793005L + 1442695040888963407L;
          }
          digest ^= (x & 1);
        }
        default -> throw new AssertionError(op);
      }
    }
    return new ByteWriter(8).u64(digest).toByteArray();
  }

  static byte[] key(int key) {
    return new byte[] {'k', (byte) (key >>> 8), (byte) key};
  }

  static byte[] args(java.util.List<Step> steps) {
    ByteWriter out = new ByteWriter(steps.size() * 3);
    steps.forEach(step -> out.u8(step.op.ordinal()).u16(step.key));
    return out.toByteArray();
  }

  private static long mix(long digest, byte[] value) {
    return digest * 31 + (value == null ? -1 : Arrays.hashCode(value));
  }
}
