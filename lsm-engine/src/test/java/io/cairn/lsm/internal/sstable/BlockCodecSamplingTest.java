package io.cairn.lsm.internal.sstable;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.lsm.api.Compression;
import io.cairn.lsm.internal.fs.AppendFile;
import io.cairn.lsm.internal.fs.InMemoryFileLayer;
import io.cairn.lsm.internal.fs.RandomReadFile;
import io.cairn.testing.Property;
import io.cairn.testing.Shrinkers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The writer's LZ4 sampling (session 16): after {@link BlockCodec#SKIP_AFTER} tried blocks in a
 * row that did not compress, only every {@link BlockCodec#PROBE_EVERY}-th block is tried, and a
 * tried block that compresses makes every block tried again. Checked against a model of that rule
 * over random runs of compressible and incompressible blocks; every block reads back as written.
 */
class BlockCodecSamplingTest {
  private static final Path FILE = Path.of("/t/blocks");

  /** The model: which blocks are stored LZ4 for a run of blocks, each compressible or not. */
  static List<Boolean> expectedCompressed(List<Boolean> compressible) {
    List<Boolean> stored = new ArrayList<>();
    int run = 0;
    int untried = 0;
    for (boolean block : compressible) {
      boolean tried = run < BlockCodec.SKIP_AFTER || ++untried == BlockCodec.PROBE_EVERY;
      if (tried) {
        untried = 0;
        run = block ? 0 : run + 1;
      }
      stored.add(tried && block);
    }
    return stored;
  }

  private static byte[] block(boolean compressible, SplittableRandom random) {
    byte[] bytes = new byte[64 + random.nextInt(4000)];
    if (compressible) {
      Arrays.fill(bytes, (byte) random.nextInt(256));
    } else {
      random.nextBytes(bytes);
    }
    return bytes;
  }

  @Test
  void blocksAreTriedAsTheModelSaysAndReadBackAsWritten() {
    Property.of("LZ4 sampling follows the model; blocks read back", random -> {
          int count = 1 + random.nextInt(120);
          // Long incompressible stretches with compressible blocks between, at a drawn mix.
          double share = random.nextDouble();
          List<Boolean> blocks = new ArrayList<>();
          for (int i = 0; i < count; i++) {
            blocks.add(random.nextDouble() < share * 0.3);
          }
          return blocks;
        })
        .shrinkWith(Shrinkers.list())
        .trials(200)
        .check(compressible -> assertThat(writeAndReadBack(compressible)).isEqualTo(expectedCompressed(compressible)));
  }

  /** Writes one block per element (compressible or random bytes) with one codec; checks each reads back; which were stored LZ4. */
  private static List<Boolean> writeAndReadBack(List<Boolean> compressible) {
    InMemoryFileLayer files = new InMemoryFileLayer();
    files.createDirectories(FILE.getParent());
    SplittableRandom random = new SplittableRandom(compressible.size());
    BlockCodec codec = new BlockCodec();
    List<byte[]> written = new ArrayList<>();
    List<BlockHandle> handles = new ArrayList<>();
    long offset = 0;
    try (AppendFile file = files.createAppendFile(FILE)) {
      for (boolean block : compressible) {
        byte[] raw = block(block, random);
        written.add(raw);
        BlockHandle handle = codec.write(file, offset, raw, raw.length, Compression.LZ4);
        handles.add(handle);
        offset += handle.size() + TableFormat.TRAILER_BYTES;
      }
      file.sync();
    }
    byte[] contents = files.contents(FILE);
    List<Boolean> stored = new ArrayList<>();
    try (RandomReadFile file = files.openRandomRead(FILE)) {
      for (int i = 0; i < handles.size(); i++) {
        BlockHandle handle = handles.get(i);
        stored.add(contents[(int) (handle.offset() + handle.size())] == TableFormat.COMPRESSION_LZ4);
        assertThat(BlockCodec.read(file, handle, true)).as("block %d", i).isEqualTo(written.get(i));
      }
    }
    return stored;
  }

  @Test
  void aCompressibleStretchAfterRandomBlocksIsCompressedAgainWithinOneProbe() {
    List<Boolean> blocks = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      blocks.add(false);
    }
    for (int i = 0; i < 40; i++) {
      blocks.add(true);
    }
    List<Boolean> stored = writeAndReadBack(blocks);
    // Random blocks: the first SKIP_AFTER tried, then one in PROBE_EVERY; none kept compressed.
    assertThat(stored.subList(0, 40)).containsOnly(false);
    // The compressible stretch: raw only until the next probe, compressed from there on.
    int firstCompressed = stored.indexOf(true);
    assertThat(firstCompressed).isBetween(40, 40 + BlockCodec.PROBE_EVERY - 1);
    assertThat(stored.subList(firstCompressed, 80)).containsOnly(true);
  }
}
