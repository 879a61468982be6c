package io.cairn.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountInfoTest {
  private static final List<String> MOUNTS = List.of(
      "/dev/vda / ext4 rw,relatime 0 0",
      "tmpfs /dev/shm tmpfs rw,nosuid,nodev 0 0",
      "/dev/pmem0 /mnt/pmem ext4 rw,relatime,dax=always 0 0",
      "/dev/pmem1 /mnt/pmem\\040two xfs rw,dax 0 0",
      "/dev/sdb /mnt/nodax xfs rw,dax=never 0 0");

  @Test
  void theDeepestMountPointContainingThePathWins() {
    MountInfo shm = MountInfo.fromMountTable(Path.of("/dev/shm/cairn"), MOUNTS);
    assertThat(shm.mountPoint()).isEqualTo("/dev/shm");
    assertThat(shm.type()).isEqualTo("tmpfs");
    assertThat(MountInfo.fromMountTable(Path.of("/work/x"), MOUNTS).device()).isEqualTo("/dev/vda");
    MountInfo pmem = MountInfo.fromMountTable(Path.of("/mnt/pmem/db"), MOUNTS);
    assertThat(pmem.device()).isEqualTo("/dev/pmem0");
  }

  @Test
  void escapedMountPointsAreDecoded() {
    MountInfo escaped = MountInfo.fromMountTable(Path.of("/mnt/pmem two/db"), MOUNTS);
    assertThat(escaped.mountPoint()).isEqualTo("/mnt/pmem two");
    assertThat(escaped.type()).isEqualTo("xfs");
  }

  @Test
  void aPathOutsideEveryMountIsUnknownNotGuessed() {
    MountInfo unknown = MountInfo.fromMountTable(Path.of("/x"), List.of());
    assertThat(unknown.type()).isNull();
    assertThat(unknown.dax()).isNull();
  }

  @Test
  void daxIsWhatThePmemLayersProbeFinds(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    MountInfo here = MountInfo.of(dir);
    assertThat(here.dax()).isEqualTo(io.cairn.pmem.api.Pmem.probeDax(dir).dax());
    assertThat(here.daxDetail()).contains("MAP_SYNC");
    try (var left = java.nio.file.Files.list(dir)) {
      assertThat(left).as("the probe removes its file").isEmpty();
    }
  }

  @Test
  void cpuModelIsReadFromCpuinfo() {
    assertThat(MachineInfo.modelName(List.of("processor\t: 0", "model name\t: AMD EPYC 7B13", "flags : x")))
        .isEqualTo("AMD EPYC 7B13");
    assertThat(MachineInfo.modelName(List.of("processor : 0"))).isNull();
  }

  @Test
  void thisMachineIsDescribedWithEveryField() {
    var json = MachineInfo.describe(Path.of(System.getProperty("java.io.tmpdir")), PmemPlacement.ENGINE_DEFAULT).toJson();
    for (String field : List.of("cpu_model", "cores", "memory_bytes", "os", "jvm", "storage", "pmem")) {
      assertThat(json.get(field)).as(field).isNotNull();
    }
  }
}
