package io.cairn.lsm.internal.memtable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.testing.Property;
import io.cairn.testing.Shrinkers;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The memtable's arena at its chunk boundaries (session 14): seeded sequences of allocations whose
 * lengths are drawn around the chunk size (empty, one byte, exactly the rest of the current chunk,
 * one more than that rest, exactly a chunk, a chunk and one byte, several chunks, anything between),
 * filled with a pattern of their own and checked against a model of the placement rule and the
 * accounting: every allocation lies inside its array and keeps its bytes to the end (no two
 * overlap), one that fits the current chunk's rest goes there, one longer than a chunk gets an
 * array of exactly its length, any other starts a chunk and the roomier chunk stays current, and
 * the accounted bytes are the lengths plus the rests given up.
 */
class EntryArenaTest {
  private static final int CHUNK = 64;

  @Test
  void allocationsAroundTheChunkSizeFollowThePlacementRuleAndNeverOverlap() {
    Property.of("arena placement and accounting at chunk boundaries", EntryArenaTest::lengthCodes)
        .shrinkWith(Shrinkers.list())
        .trials(500)
        .check(EntryArenaTest::allocateAndCheck);
  }

  @Test
  void anEntryExactlyFillingTheRestStaysInTheChunk() {
    EntryArena arena = new EntryArena(CHUNK);
    assertThat(arena.allocate(40)).isZero();
    byte[] chunk = arena.chunk();
    assertThat(arena.allocate(CHUNK - 40)).isEqualTo(40);
    assertThat(arena.chunk()).isSameAs(chunk);
    assertThat(arena.chunks()).isEqualTo(1);
    assertThat(arena.accountedBytes()).isEqualTo(CHUNK);
    // Now full: even an empty entry fits, a one-byte one takes a new chunk.
    assertThat(arena.allocate(0)).isEqualTo(CHUNK);
    assertThat(arena.allocate(1)).isZero();
    assertThat(arena.chunk()).isNotSameAs(chunk);
    assertThat(arena.chunks()).isEqualTo(2);
  }

  @Test
  void anEntryOfExactlyAChunkTakesAChunkAndALongerOneAnArrayOfItsOwn() {
    EntryArena arena = new EntryArena(CHUNK);
    arena.allocate(10);
    byte[] first = arena.chunk();
    assertThat(arena.allocate(CHUNK)).isZero();
    assertThat(arena.chunk()).hasSize(CHUNK).isNotSameAs(first);
    assertThat(arena.chunks()).isEqualTo(2);
    assertThat(arena.allocate(CHUNK + 1)).isZero();
    assertThat(arena.chunk()).hasSize(CHUNK + 1);
    assertThat(arena.chunks()).isEqualTo(2);
    // The first chunk (54 bytes of room) is still current: the full one gave up nothing, nor did the own array.
    assertThat(arena.allocate(54)).isEqualTo(10);
    assertThat(arena.chunk()).isSameAs(first);
    assertThat(arena.accountedBytes()).isEqualTo(10 + CHUNK + CHUNK + 1 + 54);
    assertThat(arena.allocatedBytes()).isEqualTo(2L * CHUNK + CHUNK + 1);
    assertThatThrownBy(() -> arena.allocate(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void chunkSizeIsTheHumongousChunkForRealBuffersAndAQuarterOfSmallOnes() {
    int humongous = HeapRegions.humongousChunkBytes();
    assertThat((long) humongous).isGreaterThan(HeapRegions.regionBytes() / 2).isLessThan(HeapRegions.regionBytes());
    assertThat(EntryArena.sizeFor(64L << 20)).isEqualTo(humongous);
    assertThat(EntryArena.sizeFor(2L * humongous)).isEqualTo(humongous);
    assertThat(EntryArena.sizeFor(16 << 10)).isEqualTo(4 << 10);
    assertThat(EntryArena.sizeFor(1 << 10)).isEqualTo(EntryArena.MIN_CHUNK_BYTES);
    assertThat(EntryArena.chunkBytesFor(64L << 20)).isEqualTo(EntryArena.ENABLED ? humongous : 0);
  }

  @Test
  void withoutChunksEveryEntryHasAnArrayOfItsOwn() {
    EntryArena arena = new EntryArena(0);
    assertThat(arena.allocate(9)).isZero();
    byte[] first = arena.chunk();
    assertThat(first).hasSize(9);
    assertThat(arena.allocate(9)).isZero();
    assertThat(arena.chunk()).hasSize(9).isNotSameAs(first);
    assertThat(arena.chunks()).isZero();
    assertThat(arena.accountedBytes()).isEqualTo(18);
    assertThat(arena.allocatedBytes()).isEqualTo(18);
  }

  /**
   * Length codes: 0 empty, 1 one byte, 2 the current rest, 3 the rest plus one, 4 a chunk, 5 a
   * chunk plus one, 6 three chunks, else a length of {@code code - 7} (up to a chunk and a half).
   */
  private static List<Integer> lengthCodes(SplittableRandom random) {
    List<Integer> codes = new ArrayList<>();
    int count = random.nextInt(1, 60);
    for (int i = 0; i < count; i++) {
      codes.add(random.nextBoolean() ? random.nextInt(7) : 7 + random.nextInt(CHUNK + CHUNK / 2));
    }
    return codes;
  }

  private static void allocateAndCheck(List<Integer> codes) {
    EntryArena arena = new EntryArena(CHUNK);
    Map<byte[], Boolean> chunksSeen = new IdentityHashMap<>();
    List<byte[]> arrays = new ArrayList<>();
    List<Integer> offsets = new ArrayList<>();
    List<Integer> lengths = new ArrayList<>();
    byte[] current = null;
    int room = 0;
    long given = 0;
    long givenUp = 0;
    long ownBytes = 0;
    for (int i = 0; i < codes.size(); i++) {
      int code = codes.get(i);
      int length = switch (code) {
        case 0 -> 0;
        case 1 -> 1;
        case 2 -> room;
        case 3 -> room + 1;
        case 4 -> CHUNK;
        case 5 -> CHUNK + 1;
        case 6 -> 3 * CHUNK;
        default -> code - 7;
      };
      int offset = arena.allocate(length);
      byte[] array = arena.chunk();
      assertThat(offset).as("allocation %d", i).isNotNegative();
      assertThat(offset + length).as("allocation %d", i).isLessThanOrEqualTo(array.length);
      if (current != null && length <= room) {
        assertThat(array).as("allocation %d fits the rest", i).isSameAs(current);
        assertThat(offset).isEqualTo(CHUNK - room);
        room -= length;
      } else if (length > CHUNK) {
        assertThat(array).as("allocation %d is its own array", i).hasSize(length);
        assertThat(chunksSeen).doesNotContainKey(array);
        ownBytes += length;
      } else {
        assertThat(array).as("allocation %d starts a chunk", i).hasSize(CHUNK);
        assertThat(chunksSeen).doesNotContainKey(array);
        assertThat(offset).isZero();
        chunksSeen.put(array, true);
        if (CHUNK - length >= room) {
          givenUp += room;
          current = array;
          room = CHUNK - length;
        } else {
          givenUp += CHUNK - length;
        }
      }
      given += length;
      // Fill with this allocation's own pattern; earlier ones must keep theirs.
      for (int b = 0; b < length; b++) {
        array[offset + b] = pattern(i, b);
      }
      arrays.add(array);
      offsets.add(offset);
      lengths.add(length);
    }
    for (int i = 0; i < arrays.size(); i++) {
      for (int b = 0; b < lengths.get(i); b++) {
        assertThat(arrays.get(i)[offsets.get(i) + b]).as("allocation %d byte %d", i, b).isEqualTo(pattern(i, b));
      }
    }
    assertThat(arena.chunks()).isEqualTo(chunksSeen.size());
    assertThat(arena.allocatedBytes()).isEqualTo((long) chunksSeen.size() * CHUNK + ownBytes);
    assertThat(arena.accountedBytes()).isEqualTo(given + givenUp);
    assertThat(arena.accountedBytes()).isLessThanOrEqualTo(arena.allocatedBytes());
  }

  private static byte pattern(int allocation, int at) {
    return (byte) (allocation * 31 + at * 7 + 1);
  }
}
