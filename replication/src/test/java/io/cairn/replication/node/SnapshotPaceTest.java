package io.cairn.replication.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class SnapshotPaceTest {
  @Test
  void megabytesPerSecondBecomeBytesPerTick() {
    assertThat(SnapshotPace.bytesPerTick("0", 10)).as("no pace").isZero();
    assertThat(SnapshotPace.bytesPerTick("40", 10)).isEqualTo(400_000);
    assertThat(SnapshotPace.bytesPerTick(" 2.5 ", 4)).isEqualTo(10_000);
    assertThat(SnapshotPace.bytesPerTick("0.0000001", 1)).as("never rounded down to no pace").isEqualTo(1);
  }

  @Test
  void theWindowIsAWholeNumberOfChunksWithinALinksBacklog() {
    assertThat(SnapshotPace.chunksInFlight(" 16 ")).isEqualTo(16);
    assertThat(SnapshotPace.chunksInFlight(8)).as("no property: the node's window").isEqualTo(8);
    for (String bad : new String[] {"0", "25", "8.5", "many"}) {
      assertThatThrownBy(() -> SnapshotPace.chunksInFlight(bad)).isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining(SnapshotPace.WINDOW_PROPERTY);
    }
  }

  @Test
  void badValuesAreRefusedWithTheirName() {
    assertThatThrownBy(() -> SnapshotPace.bytesPerTick("fast", 10)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining(SnapshotPace.PROPERTY);
    assertThatThrownBy(() -> SnapshotPace.bytesPerTick("-1", 10)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> SnapshotPace.bytesPerTick("NaN", 10)).isInstanceOf(InvalidArgumentException.class);
  }
}
