package io.cairn.chain.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.Property;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A contract's {@link StateKey.Namespace} builds exactly the keys {@link StateKey#of} builds. */
class StateKeyNamespaceTest {
  private static final String NAMES = "abcxyz019._-";

  private static String name(SplittableRandom random) {
    StringBuilder name = new StringBuilder();
    for (int i = 1 + random.nextInt(ContractCall.NAME_BYTES_MAX); i > 0; i--) {
      name.append(NAMES.charAt(random.nextInt(NAMES.length())));
    }
    return name.toString();
  }

  private static byte[] bytes(SplittableRandom random) {
    byte[] key = new byte[random.nextInt(48)];
    random.nextBytes(key);
    return key;
  }

  @Test
  void keysAndBindingEqualTheOnesBuiltFromTheName() {
    Property.of("namespace keys equal StateKey.of", (SplittableRandom random) -> random.nextLong()).check(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      String contract = name(random);
      StateKey.Namespace namespace = StateKey.namespace(contract);
      byte[] key = bytes(random);
      StateKey built = namespace.key(key);
      assertThat(built).isEqualTo(StateKey.of(contract, key));
      assertThat(built.engineKey()).isEqualTo(StateKey.of(contract, key).engineKey());
      assertThat(built.hashCode()).isEqualTo(StateKey.of(contract, key).hashCode());
      // the hash built from the contract key's hash equals the one computed from the engine bytes
      assertThat(namespace.key(key, StateKey.hash64(key)).hash64())
          .isEqualTo(built.hash64())
          .isEqualTo(StateKey.ofEngineKey(built.engineKey()).hash64());
      assertThat(StateKey.ofEngineKey(namespace.binding().engineKey()).hash64()).isEqualTo(namespace.binding().hash64());
      assertThat(namespace.binding()).isEqualTo(StateKey.binding(contract));
      assertThat(namespace.names(built, key)).isTrue();
      byte[] other = bytes(random);
      assertThat(namespace.names(built, other)).isEqualTo(java.util.Arrays.equals(key, other));
      String otherContract = name(random);
      assertThat(StateKey.namespace(otherContract).names(built, key)).isEqualTo(otherContract.equals(contract));
    });
  }

  @Test
  void aKeyIsNotNamedByItsPrefixOrExtension() {
    StateKey.Namespace namespace = StateKey.namespace("coin");
    StateKey key = namespace.key(new byte[] {'b', 1, 2});
    assertThat(namespace.names(key, new byte[] {'b', 1})).isFalse();
    assertThat(namespace.names(key, new byte[] {'b', 1, 2, 3})).isFalse();
    assertThat(StateKey.namespace("coi").names(key, new byte[] {'n', 'b', 1, 2})).isFalse();
    assertThat(namespace.names(namespace.binding(), new byte[0])).isFalse();
  }
}
