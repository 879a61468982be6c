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
    assertThat(shm.dax()).isFalse();
    assertThat(MountInfo.fromMountTable(Path.of("/work/x"), MOUNTS).device()).isEqualTo("/dev/vda");
  }

  @Test
  void daxMountsAreRecognisedInEitherSpelling() {
    assertThat(MountInfo.fromMountTable(Path.of("/mnt/pmem/db"), MOUNTS).dax()).isTrue();
    MountInfo escaped = MountInfo.fromMountTable(Path.of("/mnt/pmem two/db"), MOUNTS);
    assertThat(escaped.mountPoint()).isEqualTo("/mnt/pmem two");
    assertThat(escaped.dax()).isTrue();
    assertThat(MountInfo.fromMountTable(Path.of("/mnt/nodax"), MOUNTS).dax()).isFalse();
  }

  @Test
  void aPathOutsideEveryMountIsUnknownNotGuessed() {
    MountInfo unknown = MountInfo.fromMountTable(Path.of("/x"), List.of());
    assertThat(unknown.type()).isNull();
    assertThat(unknown.dax()).isFalse();
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
