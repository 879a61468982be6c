package io.cairn.pmem.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.pmem.api.PmemRegion;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrashSimulatingDirectoryTest {
  @Test
  void createAndDeleteArePersistPointsThatACutCanPrevent() {
    CrashSimulatingDirectory directory = new CrashSimulatingDirectory();
    directory.create("kept", 128).close();
    directory.powerCutAt(1);
    assertThatThrownBy(() -> directory.create("lost", 128)).isInstanceOf(PowerCutException.class);
    assertThat(directory.crash(1).list()).containsExactly("kept");

    CrashSimulatingDirectory deleting = new CrashSimulatingDirectory();
    deleting.create("old", 128).close();
    deleting.powerCutAt(1);
    assertThatThrownBy(() -> deleting.delete("old")).isInstanceOf(PowerCutException.class);
    assertThat(deleting.crash(1).list()).containsExactly("old");
    assertThat(deleting.persistPoints()).extracting(PersistPoint::kind)
        .containsExactly(PersistPoint.Kind.CREATE, PersistPoint.Kind.DELETE);
  }

  @Test
  void renameIsAPersistPointThatACutCanPreventAndKeepsTheRegionsBytes() {
    CrashSimulatingDirectory directory = new CrashSimulatingDirectory();
    PmemRegion region = directory.create("walprep-0.extent", 4096);
    region.writeLong(0, 7);
    region.persist(0, 8);
    directory.rename("walprep-0.extent", "000003.log");
    region.writeLong(8, 8);
    region.persist(8, 8);
    assertThat(directory.persistPoints()).extracting(PersistPoint::kind).containsExactly(PersistPoint.Kind.CREATE,
        PersistPoint.Kind.FENCE, PersistPoint.Kind.RENAME, PersistPoint.Kind.FENCE);
    assertThat(directory.persistPoints().get(2).region()).isEqualTo("walprep-0.extent");
    for (long seed = 0; seed < 8; seed++) {
      CrashSimulatingDirectory after = directory.crash(seed);
      assertThat(after.list()).containsExactly("000003.log");
      assertThat(after.open("000003.log").readLong(0)).isEqualTo(7);
      assertThat(after.open("000003.log").readLong(8)).isEqualTo(8);
    }
    assertThatThrownBy(() -> directory.rename("missing", "x")).hasMessageContaining("no pmem region missing");
    directory.create("other", 64).close();
    assertThatThrownBy(() -> directory.rename("other", "000003.log")).hasMessageContaining("already exists");

    CrashSimulatingDirectory cut = new CrashSimulatingDirectory();
    PmemRegion prepared = cut.create("walprep-0.extent", 4096);
    prepared.writeLong(0, 7);
    prepared.persist(0, 8);
    cut.powerCutAt(2);
    assertThatThrownBy(() -> cut.rename("walprep-0.extent", "000003.log")).isInstanceOf(PowerCutException.class);
    CrashSimulatingDirectory after = cut.crash(1);
    assertThat(after.list()).containsExactly("walprep-0.extent");
    assertThat(after.open("walprep-0.extent").readLong(0)).isEqualTo(7);
  }

  @Test
  void aFenceOnOneRegionCompletesFlushesOnAll() {
    CrashSimulatingDirectory directory = new CrashSimulatingDirectory();
    PmemRegion first = directory.create("first", 4096);
    PmemRegion second = directory.create("second", 4096);
    first.writeLong(0, 1);
    first.flush(0, 8);
    second.writeLong(0, 2);
    second.persist(0, 8);
    for (long seed = 0; seed < 20; seed++) {
      CrashSimulatingDirectory after = directory.crash(seed);
      assertThat(after.open("first").readLong(0)).isEqualTo(1);
      assertThat(after.open("second").readLong(0)).isEqualTo(2);
    }
    assertThat(directory.persistPoints().get(2).linesFlushed()).isEqualTo(2);
  }

  @Test
  void aPowerCutStopsEveryRegionAndTheDirectory() {
    CrashSimulatingDirectory directory = new CrashSimulatingDirectory();
    PmemRegion first = directory.create("first", 4096);
    PmemRegion second = directory.create("second", 4096);
    directory.powerCutAt(2);
    assertThatThrownBy(first::fence).isInstanceOf(PowerCutException.class);
    assertThatThrownBy(() -> second.readLong(0)).isInstanceOf(PowerCutException.class);
    assertThatThrownBy(() -> directory.create("third", 64)).isInstanceOf(PowerCutException.class);
    assertThat(directory.isPowerOff()).isTrue();
    assertThat(directory.list()).containsExactly("first", "second");
  }

  @Test
  void crashesAreDeterministicPerSeedAcrossRegions() {
    CrashSimulatingDirectory directory = new CrashSimulatingDirectory();
    for (String name : List.of("a", "b", "c")) {
      PmemRegion region = directory.create(name, 2048);
      region.fill(0, 2048, (byte) 9);
    }
    List<CrashImage> once = directory.crashImages(77);
    List<CrashImage> twice = directory.crashImages(77);
    for (int i = 0; i < once.size(); i++) {
      assertThat(once.get(i).bytes()).isEqualTo(twice.get(i).bytes());
    }
    CrashSimulatingDirectory restarted = directory.crash(77);
    byte[] read = new byte[2048];
    restarted.open("b").read(0, read, 0, read.length);
    byte[] expected = new byte[2048];
    System.arraycopy(once.get(1).bytes(), 256, expected, 0, 2048);
    assertThat(read).isEqualTo(expected);
  }

  @Test
  void regionsOpenOnADeletedNameStayUsableButLeaveTheImage() {
    CrashSimulatingDirectory directory = new CrashSimulatingDirectory();
    PmemRegion region = directory.create("gone", 128);
    directory.delete("gone");
    region.writeLong(0, 5);
    assertThat(region.readLong(0)).isEqualTo(5);
    assertThat(directory.exists("gone")).isFalse();
    assertThat(directory.crash(0).list()).isEmpty();
  }
}
