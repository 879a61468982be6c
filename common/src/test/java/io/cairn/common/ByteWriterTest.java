package io.cairn.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ByteWriterTest {
  private static String hex(ByteWriter writer) {
    return HexFormat.of().formatHex(writer.toByteArray());
  }

  @Test
  void fixedWidthIntegersAreLittleEndian() {
    ByteWriter writer = new ByteWriter(0).u8(0x1ff).u16(0x0102).u32(0x03040506).u64(0x0708090a0b0c0d0eL);
    assertThat(hex(writer)).isEqualTo("ff" + "0201" + "06050403" + "0e0d0c0b0a090807");
  }

  @Test
  void clearedWriterReusesItsBufferAndLeavesHandedOutBytesAlone() {
    ByteWriter writer = new ByteWriter(4).u32(0x01020304);
    byte[] handedOut = writer.toByteArray(); // exactly full: the writer's own array
    writer.clear().u16(0x0506);
    assertThat(writer.size()).isEqualTo(2);
    assertThat(hex(writer)).isEqualTo("0605");
    assertThat(handedOut).containsExactly(4, 3, 2, 1);
    byte[] buffer = writer.buffer();
    writer.clear().u8(7);
    assertThat(writer.buffer()).isSameAs(buffer);
    assertThat(hex(writer)).isEqualTo("07");
  }

  @Test
  void varintsAreShortestForm() {
    assertThat(hex(new ByteWriter(0).varint(0))).isEqualTo("00");
    assertThat(hex(new ByteWriter(0).varint(127))).isEqualTo("7f");
    assertThat(hex(new ByteWriter(0).varint(128))).isEqualTo("8001");
    assertThat(new ByteWriter(0).varint(-1L).size()).isEqualTo(Varints.MAX_VARINT64_BYTES);
  }

  @Test
  void lengthPrefixesMatchTheirWidth() {
    byte[] abc = {'a', 'b', 'c'};
    assertThat(hex(new ByteWriter(0).bytesVarint(abc))).isEqualTo("03616263");
    assertThat(hex(new ByteWriter(0).bytes16(abc))).isEqualTo("0300616263");
    assertThat(hex(new ByteWriter(0).bytes32(abc))).isEqualTo("03000000616263");
    assertThat(hex(new ByteWriter(0).string8("é"))).isEqualTo("02c3a9");
    assertThat(hex(new ByteWriter(0).string16("é"))).isEqualTo("0200c3a9");
    assertThat(hex(new ByteWriter(0).bool(true).bool(false))).isEqualTo("0100");
  }

  @Test
  void crcCoversOnlyWhatFollowsItsStart() {
    ByteWriter writer = new ByteWriter(4).u8(9).raw(new byte[] {1, 2, 3});
    writer.crcFrom(1);
    int stored = Varints.getFixed32(writer.buffer(), 4);
    assertThat(Crc32c.unmask(stored)).isEqualTo(Crc32c.of(new byte[] {1, 2, 3}));
  }

  @Test
  void growsPastItsFirstGuessAndAdvanceReservesInPlace() {
    ByteWriter writer = new ByteWriter(1);
    for (int i = 0; i < 1000; i++) {
      writer.u8(i);
    }
    int at = writer.advance(3);
    writer.buffer()[at] = 7;
    assertThat(at).isEqualTo(1000);
    assertThat(writer.size()).isEqualTo(1003);
    assertThat(writer.toByteArray()[999]).isEqualTo((byte) 999);
    assertThat(writer.toByteArray()[1000]).isEqualTo((byte) 7);
  }

  @Test
  void anExactlySizedWriterNeitherGrowsAtItsLastVarintNorCopiesItsResult() {
    ByteWriter writer = new ByteWriter(20).raw(new byte[18]).varint(300);
    byte[] buffer = writer.buffer();
    assertThat(writer.size()).isEqualTo(20);
    byte[] result = writer.toByteArray();
    assertThat(result).isSameAs(buffer);
    assertThat(HexFormat.of().formatHex(result, 18, 20)).isEqualTo("ac02");
  }

  @Test
  void aHandedOutArrayIsNeverWrittenAgain() {
    ByteWriter writer = new ByteWriter(16).raw(new byte[15]).u8(1);
    byte[] first = writer.toByteArray();
    writer.u8(2);
    assertThat(first).hasSize(16).endsWith((byte) 1);
    // Exactly full again after a patch-free append path that does not grow: advance(0) copies too.
    ByteWriter again = new ByteWriter(16).raw(new byte[16]);
    byte[] handed = again.toByteArray();
    int at = again.advance(0);
    again.buffer()[at - 1] = 9;
    assertThat(handed[15]).isZero();
    assertThat(again.toByteArray()[15]).isEqualTo((byte) 9);
  }
}
