package io.cairn.lsm.internal.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.common.CorruptionException;
import io.cairn.lsm.api.KeyComparator;
import io.cairn.lsm.internal.key.InternalKeyComparator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.KeyOrder;
import io.cairn.lsm.internal.table.TableKind;
import io.cairn.testing.Property;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VersionEditTest {
  @Test
  void encodingRoundTripsEveryField() {
    Property.of("decode(encode(edit)) re-encodes identically", VersionEditTest::randomEdit)
        .trials(500)
        .check(edit -> {
          byte[] encoded = edit.encode();
          VersionEdit decoded = VersionEdit.decode(encoded, "test");
          assertThat(decoded.encode()).isEqualTo(encoded);
          assertThat(decoded.newFiles()).hasSameSizeAs(edit.newFiles());
          for (int i = 0; i < edit.newFiles().size(); i++) {
            FileMetaData expected = edit.newFiles().get(i).file();
            FileMetaData actual = decoded.newFiles().get(i).file();
            assertThat(actual.number()).isEqualTo(expected.number());
            assertThat(actual.kind()).isEqualTo(expected.kind());
            assertThat(actual.smallest()).isEqualTo(expected.smallest());
            assertThat(actual.auxiliary()).isEqualTo(expected.auxiliary());
            assertThat(actual.containerRefs()).isEqualTo(expected.containerRefs());
          }
        });
  }

  @Test
  void unknownTagAndUnknownTableKindAreCorruption() {
    assertThatThrownBy(() -> VersionEdit.decode(new byte[] {99, 1}, "MANIFEST-000003 at offset 0"))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("MANIFEST-000003").hasMessageContaining("tag 99");
    byte[] key = InternalKeyFormat.encode(new byte[] {1}, 1, 1);
    byte[] withBadKind = new VersionEdit().addFile(1, new FileMetaData(5, 10, key, key, TableKind.SSTABLE, new byte[0])).encode();
    withBadKind[4] = 9;
    assertThatThrownBy(() -> VersionEdit.decode(withBadKind, "m")).isInstanceOf(CorruptionException.class);
  }

  @Test
  void containerReferencesAttachToASstableTheEditAdds() {
    byte[] key = InternalKeyFormat.encode(new byte[] {1}, 1, 1);
    ContainerRefs.Builder refs = new ContainerRefs.Builder();
    refs.add(12, 4096);
    refs.add(7, 100);
    refs.add(12, 50);
    FileMetaData file = new FileMetaData(5, 10, key, key, TableKind.SSTABLE, new byte[0]).withContainerRefs(refs.build());
    VersionEdit decoded = VersionEdit.decode(new VersionEdit().addFile(1, file).encode(), "m");
    assertThat(decoded.newFiles().get(0).file().containerRefs().toString()).isEqualTo("refs{7:100, 12:4146}");
    // Tag 9 naming a file the edit does not add is corruption.
    byte[] alone = new VersionEdit().addFile(1, file).encode();
    byte[] orphan = java.util.Arrays.copyOfRange(alone, indexOfTag9(alone), alone.length);
    assertThatThrownBy(() -> VersionEdit.decode(orphan, "MANIFEST-000004 at offset 9"))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("which the edit does not add");
    // An NVMTable an L0 merge wrote with references carries them too (session 11).
    FileMetaData nvm = new FileMetaData(5, 10, key, key, TableKind.NVMTABLE, new byte[0]);
    byte[] onNvm = new VersionEdit().addFile(0, nvm).encode();
    byte[] both = java.util.Arrays.copyOf(onNvm, onNvm.length + orphan.length);
    System.arraycopy(orphan, 0, both, onNvm.length, orphan.length);
    FileMetaData decodedNvm = VersionEdit.decode(both, "m").newFiles().get(0).file();
    assertThat(decodedNvm.kind()).isEqualTo(TableKind.NVMTABLE);
    assertThat(decodedNvm.containerRefs().toString()).isEqualTo("refs{7:100, 12:4146}");
    assertThat(decodedNvm.dataBytes()).isEqualTo(10 + 4246);
  }

  private static int indexOfTag9(byte[] encoded) {
    VersionEdit withoutRefs = VersionEdit.decode(encoded, "m");
    FileMetaData file = withoutRefs.newFiles().get(0).file();
    return new VersionEdit().addFile(1, new FileMetaData(file.number(), file.fileBytes(), file.smallest(),
        file.largest(), file.kind(), file.auxiliary())).encode().length;
  }

  @Test
  void compactedThroughKeysApplyToLevelZeroFilesOnly() {
    byte[] smallest = InternalKeyFormat.encode(new byte[] {1}, 1, 1);
    byte[] largest = InternalKeyFormat.encode(new byte[] {9}, 1, 1);
    FileMetaData table = new FileMetaData(5, 10, smallest, largest, TableKind.NVMTABLE, new byte[0]);
    VersionEdit edit = VersionEdit.decode(new VersionEdit().addFile(0, table).setCompactedThrough(5, new byte[] {4})
        .encode(), "m");
    assertThat(edit.compactedThrough()).singleElement()
        .satisfies(watermark -> assertThat(watermark.userKey()).containsExactly(4));
    InternalKeyComparator comparator = new InternalKeyComparator(KeyOrder.of(KeyComparator.BYTEWISE));
    VersionBuilder builder = new VersionBuilder(comparator, null, 7, "m");
    builder.apply(edit);
    Version version = builder.build(file -> { }, new LiveContainers());
    assertThat(version.files(0).get(0).compactedThrough()).containsExactly(4);
    VersionBuilder missing = new VersionBuilder(comparator, null, 7, "MANIFEST-000009");
    assertThatThrownBy(() -> missing.apply(new VersionEdit().setCompactedThrough(6, new byte[] {4})))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("MANIFEST-000009").hasMessageContaining("level 0");
  }

  /** Any bytes: the MANIFEST record decoder returns an edit that re-encodes stably, or raises CorruptionException. */
  @FuzzTest(maxDuration = "10s")
  void manifestDecoderOfArbitraryBytesOnlyFailsWithCorruption(byte[] input) {
    VersionEdit edit;
    try {
      edit = VersionEdit.decode(input, "fuzz");
    } catch (CorruptionException expected) {
      return;
    }
    byte[] canonical = edit.encode();
    assertThat(VersionEdit.decode(canonical, "fuzz").encode()).isEqualTo(canonical);
  }

  private static VersionEdit randomEdit(SplittableRandom random) {
    VersionEdit edit = new VersionEdit();
    if (random.nextBoolean()) {
      edit.setComparatorName("cairn.BytewiseComparator");
    }
    if (random.nextBoolean()) {
      edit.setLogNumber(random.nextLong(1L << 40));
    }
    if (random.nextBoolean()) {
      edit.setNextFileNumber(random.nextLong(1L << 40));
    }
    if (random.nextBoolean()) {
      edit.setLastSequence(random.nextLong(InternalKeyFormat.MAX_SEQUENCE));
    }
    for (int i = random.nextInt(3); i > 0; i--) {
      edit.setCompactPointer(random.nextInt(7), randomKey(random));
    }
    for (int i = random.nextInt(5); i > 0; i--) {
      edit.deleteFile(random.nextInt(7), random.nextLong(1L << 40));
    }
    for (int i = random.nextInt(5); i > 0; i--) {
      byte[] auxiliary = new byte[random.nextInt(3) == 0 ? random.nextInt(40) : 0];
      random.nextBytes(auxiliary);
      FileMetaData file = new FileMetaData(random.nextLong(1L << 40), random.nextLong(1L << 35),
          randomKey(random), randomKey(random), random.nextBoolean() ? TableKind.SSTABLE : TableKind.NVMTABLE, auxiliary);
      if (random.nextBoolean()) {
        ContainerRefs.Builder refs = new ContainerRefs.Builder();
        for (int j = random.nextInt(1, 6); j > 0; j--) {
          refs.add(random.nextLong(1L << 40), random.nextLong(1L << 35));
        }
        file = file.withContainerRefs(refs.build());
      }
      edit.addFile(random.nextInt(7), file);
    }
    for (int i = random.nextInt(3); i > 0; i--) {
      byte[] user = new byte[random.nextInt(20)];
      random.nextBytes(user);
      edit.setCompactedThrough(random.nextLong(1L << 40), user);
    }
    return edit;
  }

  private static byte[] randomKey(SplittableRandom random) {
    byte[] user = new byte[random.nextInt(30)];
    random.nextBytes(user);
    return InternalKeyFormat.encode(user, random.nextLong(InternalKeyFormat.MAX_SEQUENCE), random.nextInt(2));
  }
}
