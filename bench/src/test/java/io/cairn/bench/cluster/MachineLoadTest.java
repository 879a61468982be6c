package io.cairn.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.api.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MachineLoadTest {
  @Test
  void theCpuLineGivesBusyAndStealTicks() {
    String stat = "cpu  6351009 60979 1696935 1782266 190814 7 65070 42 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\nintr 1\n";

    long[] ticks = MachineLoad.cpuTicks(stat);

    assertThat(ticks[0]).isEqualTo(6351009 + 60979 + 1696935 + 7 + 65070); // not idle (1782266) nor iowait (190814)
    assertThat(ticks[1]).isEqualTo(42);
    assertThat(MachineLoad.cpuTicks(null)).containsExactly(-1, -1);
    assertThat(MachineLoad.cpuTicks("intr 1\n")).containsExactly(-1, -1);
  }

  @Test
  void theLoadAverageIsTheFirstField() {
    assertThat(MachineLoad.loadAverage("4.27 2.62 2.91 3/512 12345\n")).isEqualTo(4.27);
    assertThat(MachineLoad.loadAverage(null)).isEqualTo(-1);
  }

  @Test
  void otherCpuIsTheMachinesBusyTimeLessTheMeasuredProcesses() {
    MachineLoad.Snapshot before = new MachineLoad.Snapshot(1.5, 10_000, 100);
    MachineLoad.Snapshot after = new MachineLoad.Snapshot(6.25, 14_000, 150);
    Json.Obj run = Json.object();

    MachineLoad.put(run, before, after, 30_000_000_000L, 20);

    assertThat(run.get("load_before")).isEqualTo(1.5);
    assertThat(run.get("load_after")).isEqualTo(6.25);
    assertThat(run.get("machine_cpu_s")).isEqualTo(40.0); // 4,000 ticks of 10 ms
    assertThat(run.get("measured_cpu_s")).isEqualTo(30.0);
    assertThat(run.get("other_cpu_s")).isEqualTo(10.0);
    assertThat(run.get("other_cores")).isEqualTo(0.5);
    assertThat(run.get("steal_s")).isEqualTo(0.5);
  }

  @Test
  void unknownFiguresAreNull() {
    MachineLoad.Snapshot unknown = new MachineLoad.Snapshot(-1, -1, -1);
    Json.Obj run = Json.object();

    MachineLoad.put(run, unknown, unknown, 5, 10);

    assertThat(run.get("load_before")).isNull();
    assertThat(run.get("other_cpu_s")).isNull();
    assertThat(run.get("other_cores")).isNull();
    assertThat(run.get("measured_cpu_s")).isEqualTo(0.0);
  }

  @Test
  void aPathsFileSystemIsThatOfItsLongestMountPoint() {
    String mounts = "/dev/vda / ext4 rw,relatime 0 0\ntmpfs /dev/shm tmpfs rw 0 0\n"
        + "tmpfs /tmp/ram tmpfs rw 0 0\nproc /proc proc rw 0 0\n";

    assertThat(MachineLoad.fileSystem(mounts, Path.of("/dev/shm/cairn/ratis"))).isEqualTo("tmpfs");
    assertThat(MachineLoad.fileSystem(mounts, Path.of("/tmp/cairn-bench-cluster1/ratis-count-3"))).isEqualTo("ext4");
    assertThat(MachineLoad.fileSystem(mounts, Path.of("/tmp/ram"))).isEqualTo("tmpfs");
    assertThat(MachineLoad.fileSystem(mounts, Path.of("/tmp/ramdisk/x"))).isEqualTo("ext4"); // not under /tmp/ram
    assertThat(MachineLoad.fileSystem(null, Path.of("/x"))).isNull();
  }
}
