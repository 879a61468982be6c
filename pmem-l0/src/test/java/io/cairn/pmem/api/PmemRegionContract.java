package io.cairn.pmem.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.ClosedException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.testing.Property;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link PmemRegion} and {@link PmemDirectory}, run against every backend this
 * machine supports: one subclass per backend, skipped (with the reason) where it is unavailable.
 */
abstract class PmemRegionContract {
  /** Not a multiple of a cache line or a word, so the last partial line is exercised. */
  static final long SIZE = 64 * 1024 + 37;

  /** A directory to create regions in, fresh for each test. */
  abstract PmemDirectory directory();

  /** The directory after a restart: the same files, or for the simulator a crash image of them. */
  abstract PmemDirectory restart(PmemDirectory directory);

  /** The backend regions must report. */
  abstract PmemBackend backend();

  @Test
  void newRegionIsZeroFilledAndDescribesItself() {
    PmemDirectory directory = directory();
    try (PmemRegion region = directory.create("fresh", SIZE)) {
      assertThat(region.size()).isEqualTo(SIZE);
      assertThat(region.name()).isEqualTo("fresh");
      assertThat(region.backend()).isEqualTo(backend());
      assertThat(region.durabilityMode()).isNotNull();
      assertThat(region.isClosed()).isFalse();
      byte[] all = new byte[(int) SIZE];
      region.read(0, all, 0, all.length);
      assertThat(all).containsOnly(0);
    }
  }

  @Test
  void prefaultChangesNoByteAndLeavesTheRegionUsable() {
    try (PmemRegion region = directory().create("prefaulted", SIZE)) {
      byte[] written = new byte[(int) SIZE];
      new SplittableRandom(7).nextBytes(written);
      region.write(0, written);
      region.prefault();
      byte[] read = new byte[(int) SIZE];
      region.read(0, read, 0, read.length);
      assertThat(read).isEqualTo(written);
      region.writeLong(8, 42);
      assertThat(region.readLong(8)).isEqualTo(42);
    }
  }

  @Test
  void primitivesAreLittleEndianAtAnyAlignment() {
    try (PmemRegion region = directory().create("primitives", SIZE)) {
      region.writeInt(3, 0x11223344);
      region.writeLong(101, 0x0102030405060708L);
      region.writeByte(SIZE - 1, (byte) 0x7F);
      assertThat(region.readByte(3)).isEqualTo((byte) 0x44);
      assertThat(region.readInt(3)).isEqualTo(0x11223344);
      assertThat(region.readByte(101)).isEqualTo((byte) 0x08);
      assertThat(region.readLong(101)).isEqualTo(0x0102030405060708L);
      assertThat(region.readByte(SIZE - 1)).isEqualTo((byte) 0x7F);
      region.writeLong(SIZE - 8, -2L);
      assertThat(region.readLong(SIZE - 8)).isEqualTo(-2L);
    }
  }

  @Test
  void bytesAndSegmentsRoundTripAtAnyOffset() {
    try (PmemRegion region = directory().create("ranges", SIZE)) {
      Property.of("a range written is read back the same, by array, segment and view", random -> {
        int length = random.nextInt(1, 5000);
        long offset = random.nextLong(SIZE - length + 1);
        byte[] data = new byte[length];
        random.nextBytes(data);
        return new Write(offset, data, random.nextBoolean());
      }).trials(60).check(write -> {
        if (write.throughSegment()) {
          region.write(write.offset(), MemorySegment.ofArray(write.data()));
        } else {
          region.write(write.offset(), write.data());
        }
        byte[] back = new byte[write.data().length];
        region.read(write.offset(), back, 0, back.length);
        assertThat(back).isEqualTo(write.data());
        MemorySegment target = Arena.ofAuto().allocate(write.data().length);
        region.read(write.offset(), target);
        assertThat(target.toArray(ValueLayout.JAVA_BYTE)).isEqualTo(write.data());
        assertThat(region.view(write.offset(), back.length).toArray(ValueLayout.JAVA_BYTE)).isEqualTo(write.data());
      });
    }
  }

  record Write(long offset, byte[] data, boolean throughSegment) {
    @Override
    public String toString() {
      return "Write[offset=" + offset + ", length=" + data.length + ", segment=" + throughSegment + "]";
    }
  }

  @Test
  void arrayRangesAreHonoured() {
    try (PmemRegion region = directory().create("arrays", SIZE)) {
      byte[] source = {1, 2, 3, 4, 5, 6};
      region.write(10, source, 2, 3);
      byte[] target = new byte[7];
      region.read(9, target, 1, 5);
      assertThat(target).containsExactly(0, 0, 3, 4, 5, 0, 0);
    }
  }

  @Test
  void fillSetsExactlyTheRange() {
    try (PmemRegion region = directory().create("fill", SIZE)) {
      region.fill(100, 300, (byte) 0xA5);
      byte[] around = new byte[302];
      region.read(99, around, 0, around.length);
      assertThat(around[0]).isZero();
      assertThat(Arrays.copyOfRange(around, 1, 301)).containsOnly((byte) 0xA5);
      assertThat(around[301]).isZero();
    }
  }

  @Test
  void viewIsZeroCopyAndReadOnly() {
    try (PmemRegion region = directory().create("view", SIZE)) {
      MemorySegment view = region.view(4096, 64);
      region.writeLong(4096 + 8, 42L);
      assertThat(view.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(PmemRegion.BYTE_ORDER), 8))
          .as("a write after the view was made is seen through it").isEqualTo(42L);
      assertThat(view.isReadOnly()).isTrue();
      assertThatThrownBy(() -> view.set(ValueLayout.JAVA_BYTE, 0, (byte) 1)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> view.get(ValueLayout.JAVA_BYTE, 64)).isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  @Test
  void persistedDataSurvivesARestart() {
    PmemDirectory directory = directory();
    byte[] data = new byte[3000];
    new SplittableRandom(7).nextBytes(data);
    try (PmemRegion region = directory.create("durable", SIZE)) {
      region.write(777, data);
      region.writeLong(SIZE - 8, 0x5A5A5A5A5A5A5A5AL);
      region.flush(777, data.length);
      region.flush(SIZE - 8, 8);
      region.fence();
      region.writeAndPersist(40_000, MemorySegment.ofArray(new byte[] {9, 8, 7}));
      region.storeLongAtomic(64, 0xC0FFEEL);
      region.persist(64, 8);
    }
    try (PmemRegion region = restart(directory).open("durable")) {
      assertThat(region.size()).isEqualTo(SIZE);
      byte[] back = new byte[data.length];
      region.read(777, back, 0, back.length);
      assertThat(back).isEqualTo(data);
      assertThat(region.readLong(SIZE - 8)).isEqualTo(0x5A5A5A5A5A5A5A5AL);
      assertThat(region.readByte(40_001)).isEqualTo((byte) 8);
      assertThat(region.readLongAtomic(64)).isEqualTo(0xC0FFEEL);
    }
  }

  @Test
  void commitWordsMustBeAligned() {
    try (PmemRegion region = directory().create("commit", SIZE)) {
      long last = (SIZE - 8) & ~7L;
      region.storeLongAtomic(last, 1L);
      assertThat(region.readLongAtomic(last)).isEqualTo(1L);
      assertThat(region.readLong(last)).isEqualTo(1L);
      assertThatThrownBy(() -> region.storeLongAtomic(12, 1L))
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("not 8-byte aligned");
      assertThatThrownBy(() -> region.readLongAtomic(4)).isInstanceOf(InvalidArgumentException.class);
    }
  }

  @Test
  void rangesOutsideTheRegionAreRefused() {
    try (PmemRegion region = directory().create("bounds", SIZE)) {
      List<ThrowingCallable> calls = List.of(
          () -> region.readByte(-1),
          () -> region.readByte(SIZE),
          () -> region.readInt(SIZE - 3),
          () -> region.readLong(SIZE - 7),
          () -> region.readLong(Long.MAX_VALUE),
          () -> region.writeLong(SIZE - 1, 1),
          () -> region.writeInt(-4, 1),
          () -> region.write(SIZE - 2, new byte[3]),
          () -> region.write(0, new byte[3], 2, 2),
          () -> region.write(Long.MAX_VALUE - 1, MemorySegment.ofArray(new byte[4])),
          () -> region.read(SIZE - 2, new byte[3], 0, 3),
          () -> region.read(0, new byte[3], -1, 2),
          () -> region.read(SIZE, MemorySegment.ofArray(new byte[1])),
          () -> region.view(SIZE - 10, 11),
          () -> region.view(0, -1),
          () -> region.fill(SIZE - 1, 2, (byte) 0),
          () -> region.flush(0, SIZE + 1),
          () -> region.flush(-64, 64),
          () -> region.persist(SIZE, 1),
          () -> region.storeLongAtomic(SIZE + 3, 1),
          () -> region.writeAndPersist(SIZE - 1, MemorySegment.ofArray(new byte[2])));
      for (ThrowingCallable call : calls) {
        assertThatThrownBy(call).isInstanceOf(InvalidArgumentException.class);
      }
      assertThat(region.readLong(SIZE - 8)).as("nothing was written by a refused call").isZero();
    }
  }

  @Test
  void emptyRangesAreAllowedAtTheEnd() {
    try (PmemRegion region = directory().create("empty", SIZE)) {
      region.flush(SIZE, 0);
      region.persist(0, 0);
      region.write(SIZE, new byte[0]);
      assertThat(region.view(SIZE, 0).byteSize()).isZero();
    }
  }

  @Test
  void everyCallAfterCloseIsClosedException() {
    PmemRegion region = directory().create("closed", SIZE);
    MemorySegment view = region.view(0, 8);
    region.close();
    region.close();
    assertThat(region.isClosed()).isTrue();
    List<ThrowingCallable> calls = List.of(
        () -> region.readByte(0), () -> region.readInt(0), () -> region.readLong(0),
        () -> region.readLongAtomic(0), () -> region.read(0, new byte[1], 0, 1),
        () -> region.read(0, MemorySegment.ofArray(new byte[1])), () -> region.view(0, 1),
        () -> region.writeByte(0, (byte) 1), () -> region.writeInt(0, 1), () -> region.writeLong(0, 1),
        () -> region.write(0, new byte[1]), () -> region.write(0, MemorySegment.ofArray(new byte[1])),
        () -> region.fill(0, 1, (byte) 1), () -> region.storeLongAtomic(0, 1), () -> region.flush(0, 1),
        () -> region.fence(), () -> region.persist(0, 1),
        () -> region.writeAndPersist(0, MemorySegment.ofArray(new byte[1])));
    for (ThrowingCallable call : calls) {
      assertThatThrownBy(call).isInstanceOf(ClosedException.class).hasMessageContaining("closed");
    }
    if (backend() != PmemBackend.CRASH_SIMULATION) {
      assertThatThrownBy(() -> view.get(ValueLayout.JAVA_BYTE, 0))
          .as("a view of an unmapped region fails instead of faulting").isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void threadsWritingDisjointRangesDoNotInterfere() throws Exception {
    try (PmemRegion region = directory().create("threads", SIZE)) {
      int threads = 4;
      long slice = SIZE / threads / 8 * 8;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          long base = t * slice;
          long value = t + 1;
          done.add(pool.submit(() -> {
            for (long offset = base; offset < base + slice; offset += 8) {
              region.writeLong(offset, value);
              if (offset % 4096 == 0) {
                region.persist(base, offset - base + 8);
              }
            }
            region.persist(base, slice);
          }));
        }
        for (Future<?> future : done) {
          future.get();
        }
      } finally {
        pool.shutdown();
      }
      for (int t = 0; t < threads; t++) {
        assertThat(region.readLong(t * slice)).isEqualTo(t + 1);
        assertThat(region.readLong((t + 1) * slice - 8)).isEqualTo(t + 1);
      }
    }
  }

  @Test
  void directoryCreatesListsOpensAndDeletes() {
    PmemDirectory directory = directory();
    directory.create("b-table", 4096).close();
    directory.create("a-table", 4096).close();
    assertThat(directory.list()).containsExactly("a-table", "b-table");
    assertThat(directory.exists("a-table")).isTrue();
    assertThatThrownBy(() -> directory.create("a-table", 4096))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("already exists");
    try (PmemRegion region = directory.open("a-table")) {
      assertThat(region.size()).isEqualTo(4096);
    }
    directory.delete("a-table");
    directory.delete("a-table");
    assertThat(directory.list()).containsExactly("b-table");
    assertThatThrownBy(() -> directory.open("a-table"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("no pmem region");
  }

  @Test
  void badNamesAndSizesAreRefused() {
    PmemDirectory directory = directory();
    for (String name : List.of("", ".hidden", "a/b", "..", "x.creating", "a".repeat(201), "tab\tname")) {
      assertThatThrownBy(() -> directory.create(name, 4096)).as(name).isInstanceOf(InvalidArgumentException.class);
    }
    for (long size : List.of(0L, -1L, (1L << 46) + 1)) {
      assertThatThrownBy(() -> directory.create("sized", size)).as("size " + size).isInstanceOf(InvalidArgumentException.class);
    }
    assertThat(directory.list()).isEmpty();
  }
}
