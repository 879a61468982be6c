package io.cairn.lsm.internal.sstable;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.common.CorruptionException;
import io.cairn.lsm.internal.key.SliceComparator;
import org.junit.jupiter.api.Test;

class BlockFuzzTest {
  /** Any bytes: a block either decodes (every entry, seeks, both directions) or raises CorruptionException. */
  @FuzzTest(maxDuration = "10s")
  void blockDecoderOfArbitraryBytesOnlyFailsWithCorruption(byte[] input) {
    try {
      Block block = Block.parse(input, "fuzz", 0);
      BlockIterator iterator = block.iterator(SliceComparator.BYTEWISE);
      int forward = 0;
      for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
        forward++;
      }
      int backward = 0;
      for (iterator.seekToLast(); iterator.isValid() && backward <= forward; iterator.prev()) {
        backward++;
      }
      assertThat(backward).isEqualTo(forward);
      iterator.seek(input, 0, Math.min(input.length, 8));
    } catch (CorruptionException expected) {
      // Refusing bad bytes is the contract.
    }
  }

  @Test
  void builtBlockDecodesToItsEntries() {
    BlockBuilder builder = new BlockBuilder(3);
    for (int i = 0; i < 100; i++) {
      byte[] key = String.format("key%03d", i).getBytes();
      byte[] value = ("v" + i).getBytes();
      builder.add(key, 0, key.length, value, 0, value.length);
    }
    builder.finish();
    Block block = Block.parse(java.util.Arrays.copyOf(builder.bytes(), builder.length()), "test", 0);
    BlockIterator iterator = block.iterator(SliceComparator.BYTEWISE);
    byte[] target = "key050".getBytes();
    iterator.seek(target, 0, target.length);
    assertThat(new String(iterator.copyKey())).isEqualTo("key050");
    assertThat(new String(iterator.copyValue())).isEqualTo("v50");
    iterator.prev();
    assertThat(new String(iterator.copyKey())).isEqualTo("key049");
  }
}
