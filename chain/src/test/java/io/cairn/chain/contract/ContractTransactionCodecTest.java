package io.cairn.chain.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.chain.Fixtures;
import io.cairn.chain.api.Identity;
import io.cairn.chain.contract.codec.ContractTransactionFormat;
import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.testing.Property;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ContractTransactionCodecTest {
  private static final Identity CALLER = Fixtures.identity(11);

  static ContractCall randomCall(SplittableRandom random) {
    byte[] args = new byte[random.nextInt(200)];
    random.nextBytes(args);
    AccessSet declared = null;
    if (random.nextBoolean()) {
      declared = AccessSet.of(keys(random), keys(random));
    }
    String contract = "c" + random.nextInt(1_000);
    long gas = random.nextLong(GasSchedule.LIMIT_MAX + 1);
    return random.nextInt(5) == 0
        ? ContractCall.deploy(CALLER.key(), contract, "token", args, gas, declared)
        : ContractCall.call(CALLER.key(), contract, "m-" + random.nextInt(50), args, gas, declared);
  }

  private static List<byte[]> keys(SplittableRandom random) {
    List<byte[]> keys = new ArrayList<>();
    for (int i = random.nextInt(6); i > 0; i--) {
      byte[] key = new byte[random.nextInt(40)];
      random.nextBytes(key);
      keys.add(key);
    }
    return keys;
  }

  @Test
  void signedTransactionsRoundTripCanonically() {
    Property.of("decode(encode(tx)) == tx, re-encodes to the same bytes, signature valid",
            random -> ContractTransaction.sign(CALLER, random.nextLong(0, Long.MAX_VALUE), randomCall(random)))
        .trials(60)
        .check(transaction -> {
          byte[] encoded = transaction.encode();
          ContractTransaction decoded = ContractTransaction.decode(encoded);
          assertThat(decoded).isEqualTo(transaction);
          assertThat(decoded.call()).isEqualTo(transaction.call());
          assertThat(decoded.nonce()).isEqualTo(transaction.nonce());
          assertThat(decoded.encode()).isEqualTo(encoded);
          assertThat(decoded.id()).isEqualTo(transaction.id());
          assertThat(decoded.signatureValid()).isTrue();
        });
  }

  @Test
  void headerLayoutMatchesTheFormat() {
    ContractCall call = ContractCall.call(CALLER.key(), "coin", "transfer", new byte[] {1, 2}, 5_000, null);
    byte[] bytes = ContractTransaction.sign(CALLER, 3, call).encode();
    assertThat(Arrays.copyOfRange(bytes, 0, 4)).containsExactly('C', 'C', 'T', 'X');
    assertThat(bytes[4]).isEqualTo((byte) ContractTransactionFormat.VERSION);
    assertThat(bytes[ContractTransactionFormat.OFFSET_KIND]).isEqualTo((byte) 2);
    assertThat(Arrays.copyOfRange(bytes, ContractTransactionFormat.OFFSET_REQUESTER, 38)).isEqualTo(CALLER.key().bytes());
    assertThat(bytes[ContractTransactionFormat.OFFSET_NONCE]).isEqualTo((byte) 3);
    assertThat(bytes[ContractTransactionFormat.OFFSET_GAS]).isEqualTo((byte) (5_000 & 0xff));
    assertThat(bytes[ContractTransactionFormat.OFFSET_CONTRACT]).isEqualTo((byte) 4);
    // 54 + 5 (contract) + 9 (method) + 4 + 2 (args) + 1 (not declared) + 64 signature + 4 crc
    assertThat(bytes).hasSize(143);
  }

  @Test
  void everyFlippedBitIsCaught() {
    ContractTransaction transaction = ContractTransaction.sign(CALLER, 1, randomCall(new SplittableRandom(5)));
    byte[] encoded = transaction.encode();
    for (int bit = 0; bit < encoded.length * 8; bit += 7) {
      byte[] changed = encoded.clone();
      changed[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThatThrownBy(() -> ContractTransaction.decode(changed)).as("bit %d", bit)
          .isInstanceOf(CorruptionException.class);
    }
  }

  @Test
  void aForgedSignatureIsDetected() {
    ContractCall call = ContractCall.call(CALLER.key(), "coin", "transfer", new byte[0], 1, null);
    byte[] encoded = ContractTransaction.sign(CALLER, 1, call).encode();
    encoded[encoded.length - 10] ^= 1; // inside the signature
    io.cairn.common.ByteWriter fixed = new io.cairn.common.ByteWriter(encoded.length)
        .raw(encoded, 0, encoded.length - 4).crcFrom(0);
    assertThat(ContractTransaction.decode(fixed.toByteArray()).signatureValid()).isFalse();
    assertThatThrownBy(() -> ContractTransaction.sign(Fixtures.identity(12), 1, call))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("not the signer");
  }

  /**
   * Session 14 (the decoder checks the order on the encoding's bytes, then copies the keys once):
   * a set whose keys are out of order, or repeated, is refused even with a valid CRC, in either set;
   * the same keys in order decode to the set built from them.
   */
  @Test
  void aDeclaredSetOutOfOrderOrRepeatedIsRefused() {
    byte[][] keys = {{'k', 1, 7}, {'k', 2, 7}};
    for (String set : List.of("read", "write")) {
      List<byte[]> listed = List.of(keys[0].clone(), keys[1].clone());
      AccessSet declared = set.equals("read") ? AccessSet.of(listed, List.of()) : AccessSet.of(List.of(), listed);
      ContractCall call = ContractCall.call(CALLER.key(), "coin", "transfer", new byte[] {9}, 5_000, declared);
      byte[] encoded = ContractTransaction.sign(CALLER, 1, call).encode();
      assertThat(ContractTransaction.decode(encoded).call().declaredOrNull()).isEqualTo(declared);
      int second = indexOf(encoded, keys[1]);
      for (byte swapped : new byte[] {0, 1}) { // the second key before the first, then equal to it
        byte[] changed = encoded.clone();
        changed[second + 1] = swapped;
        byte[] fixed = new io.cairn.common.ByteWriter(changed.length).raw(changed, 0, changed.length - 4).crcFrom(0)
            .toByteArray();
        assertThatThrownBy(() -> ContractTransaction.decode(fixed)).as("%s set, second key's byte %d", set, swapped)
            .isInstanceOf(CorruptionException.class).hasMessageContaining(set + " set is not sorted and distinct at key 1");
      }
    }
  }

  /**
   * Session 15: decoding makes every check and no call; the call is made on first use (by the
   * ledger's executor threads), equal to the signed one on whichever thread makes it, and the
   * requester is known without making it.
   */
  @Test
  void decodingChecksEverythingAndTheCallIsMadeOnFirstUse() {
    Property.of("a decoded transaction's call is made on first use, equal to the signed call on any thread",
            random -> ContractTransaction.sign(CALLER, random.nextLong(0, Long.MAX_VALUE), randomCall(random)))
        .trials(40)
        .check(transaction -> {
          ContractTransaction decoded = ContractTransaction.decode(transaction.encode());
          assertThat(decoded.callMade()).isFalse();
          assertThat(decoded.requester()).isEqualTo(transaction.call().caller());
          assertThat(decoded.signatureValid()).isTrue();
          assertThat(decoded.callMade()).as("the checks made no call").isFalse();
          ContractCall[] madeElsewhere = new ContractCall[1];
          Thread maker = Thread.ofPlatform().start(() -> madeElsewhere[0] = decoded.call());
          try {
            maker.join();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
          }
          assertThat(decoded.callMade()).isTrue();
          assertThat(madeElsewhere[0]).isEqualTo(transaction.call()).isSameAs(decoded.call());
          assertThat(ContractTransaction.decode(transaction.encode()).call()).isEqualTo(transaction.call());
        });
  }

  /**
   * Session 15: the names are checked on their bytes when the transaction is decoded, not when its
   * call is made: a contract or method name with a byte outside {@code [a-z0-9._-]} (an upper-case
   * letter, a space, a byte over 127), with a valid CRC, is refused by the decoder itself.
   */
  @Test
  void aNameWithABadByteIsRefusedWhenDecoded() {
    ContractCall call = ContractCall.call(CALLER.key(), "coin", "transfer", new byte[] {9}, 5_000, null);
    byte[] encoded = ContractTransaction.sign(CALLER, 1, call).encode();
    int contract = ContractTransactionFormat.OFFSET_CONTRACT + 1;
    int method = contract + 4 + 1;
    for (int at : new int[] {contract, contract + 3, method, method + 7}) {
      for (byte bad : new byte[] {'A', ' ', (byte) 0xC3, '/'}) {
        byte[] changed = encoded.clone();
        changed[at] = bad;
        byte[] fixed = new io.cairn.common.ByteWriter(changed.length).raw(changed, 0, changed.length - 4).crcFrom(0)
            .toByteArray();
        assertThatThrownBy(() -> ContractTransaction.decode(fixed)).as("byte %d at %d", bad, at)
            .isInstanceOf(CorruptionException.class)
            .hasMessageContaining((at < method ? "contract" : "method") + " name must be 1..64 characters");
      }
    }
  }

  private static int indexOf(byte[] bytes, byte[] part) {
    for (int i = 0; i + part.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }

  @FuzzTest(maxDuration = "10s")
  void decoderIsCanonicalAndNeverFailsBadly(byte[] input) {
    ContractTransaction transaction;
    try {
      transaction = ContractTransaction.decode(input);
    } catch (CorruptionException expected) {
      return;
    }
    assertThat(transaction.encode()).isEqualTo(input);
    assertThat(ContractTransactionFormat.startSigned(transaction.call(), transaction.nonce()).size())
        .isEqualTo(input.length - 68);
  }
}
