package io.cairn.pmem.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaxProbeTest {
  private static final List<String> MOUNTINFO = List.of(
      "22 1 252:0 / / rw,relatime shared:1 - ext4 /dev/vda rw",
      "25 22 0:21 / /dev/shm rw,nosuid,nodev shared:3 - tmpfs tmpfs rw,size=24G",
      "31 22 259:0 / /mnt/pmem0 rw,relatime shared:9 - ext4 /dev/pmem0 rw,dax=always");

  @Test
  void theLongestMountPointThatHoldsTheDirectoryWins() {
    assertThat(DaxProbe.describeMount(Path.of("/dev/shm/db"), MOUNTINFO)).isEqualTo("tmpfs at /dev/shm");
    assertThat(DaxProbe.describeMount(Path.of("/mnt/pmem0/db"), MOUNTINFO)).isEqualTo("ext4 at /mnt/pmem0 (mounted with dax)");
    assertThat(DaxProbe.describeMount(Path.of("/home/x"), MOUNTINFO)).isEqualTo("ext4 at /");
    assertThat(DaxProbe.describeMount(Path.of("/x"), List.of("garbage"))).isEqualTo("file system unknown");
  }

  @Test
  void aTemporaryDirectoryIsProbedAndLeftClean(@TempDir Path dir) throws IOException {
    DaxProbe.Result result = DaxProbe.probe(dir);
    assertThat(result.detail()).contains(result.dax() ? "MAP_SYNC granted" : "MAP_SYNC refused");
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }
}
