package io.cairn.lsm.internal.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.table.TableKind;
import io.cairn.lsm.internal.version.FileMetaData;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which L0 tables a slice pass takes: always all tables up to some age, never a newer one alone. */
class L0SlicePickerTest {
  @Test
  void aNewPassTakesEveryTable() {
    List<FileMetaData> level0 = List.of(table(1), table(2), table(3));
    assertThat(L0SlicePicker.participants(level0)).containsExactlyElementsOf(level0);
  }

  @Test
  void aPassInProgressTakesTheTablesUpToItsNewestParticipant() {
    FileMetaData first = table(1).withCompactedThrough(bytes("m"));
    FileMetaData second = table(2).withCompactedThrough(bytes("m"));
    List<FileMetaData> level0 = List.of(first, second, table(3), table(4));
    assertThat(L0SlicePicker.participants(level0)).containsExactly(first, second);
  }

  @Test
  void anOlderTableWithoutWatermarkStaysInThePass() {
    FileMetaData newer = table(2).withCompactedThrough(bytes("c"));
    List<FileMetaData> level0 = List.of(table(1), newer, table(3));
    assertThat(L0SlicePicker.participants(level0)).containsExactly(level0.get(0), newer);
  }

  @Test
  void aWatermarkIsANewRecordOfTheSameFile() {
    FileMetaData table = table(7);
    FileMetaData sliced = table.withCompactedThrough(bytes("k"));
    assertThat(sliced.number()).isEqualTo(7);
    assertThat(sliced.compactedThrough()).isEqualTo(bytes("k"));
    assertThat(table.compactedThrough()).isNull();
  }

  private static FileMetaData table(long number) {
    return new FileMetaData(number, 100, InternalKeyFormat.encode(bytes("a"), number, InternalKeyFormat.TYPE_VALUE),
        InternalKeyFormat.encode(bytes("z"), number, InternalKeyFormat.TYPE_VALUE), TableKind.NVMTABLE, new byte[0]);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
