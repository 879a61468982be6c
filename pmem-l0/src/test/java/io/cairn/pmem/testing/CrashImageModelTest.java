package io.cairn.pmem.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.pmem.api.PmemRegion;
import io.cairn.pmem.backend.RegionFormat;
import io.cairn.testing.Property;
import io.cairn.testing.Shrinkers;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Crash images against an independent word-level model: after any run of writes, flushes and
 * fences, every aligned word of every image holds a value that word really held since it was last
 * durable (never bytes of two values, never a value it never had), and a word whose every write was
 * followed by a completed persist holds its current value.
 */
class CrashImageModelTest {
  private static final int WORDS = 64;
  private static final int BYTES = WORDS * 8;

  /** One step of a run. */
  sealed interface Step permits Write, Persist, Flush, Fence {}

  record Write(int word, long value, boolean atomic) implements Step {}

  record Persist(int fromWord, int words) implements Step {}

  record Flush(int fromWord, int words) implements Step {}

  record Fence() implements Step {}

  private static Step randomStep(SplittableRandom random) {
    int word = random.nextInt(WORDS);
    return switch (random.nextInt(6)) {
      case 0, 1, 2 -> new Write(word, random.nextLong(), random.nextBoolean());
      case 3 -> new Persist(word, 1 + random.nextInt(WORDS - word));
      case 4 -> new Flush(word, 1 + random.nextInt(WORDS - word));
      default -> new Fence();
    };
  }

  /** Per word: the values it may hold after a crash, and whether it is surely durable. */
  private static final class WordModel {
    final Set<Long> possible = new HashSet<>(Set.of(0L));
    long current;
    boolean flushedSinceWrite = true;
    boolean durable = true;
  }

  @Test
  void everyImageWordIsAValueTheWordHeldSinceItWasLastDurable() {
    Property.of("crash images agree with the word model", random -> {
      List<Step> steps = new ArrayList<>();
      int count = random.nextInt(1, 40);
      for (int i = 0; i < count; i++) {
        steps.add(randomStep(random));
      }
      return new Run(steps, random.nextLong());
    }).shrinkWith(run -> Shrinkers.<Step>list().candidates(run.steps()).stream().map(steps -> new Run(steps, run.seed())).toList())
        .trials(300)
        .check(run -> {
          CrashSimulatingRegion region = CrashSimulatingRegion.create("model", BYTES);
          WordModel[] model = new WordModel[WORDS];
          for (int i = 0; i < WORDS; i++) {
            model[i] = new WordModel();
          }
          for (Step step : run.steps()) {
            apply(step, region, model);
          }
          for (long seed = run.seed(); seed < run.seed() + 4; seed++) {
            ByteBuffer image = ByteBuffer.wrap(region.crash(seed).bytes()).order(ByteOrder.LITTLE_ENDIAN);
            for (int word = 0; word < WORDS; word++) {
              long value = image.getLong(RegionFormat.HEADER_BYTES + word * 8);
              if (model[word].durable) {
                assertThat(value).as("durable word %d", word).isEqualTo(model[word].current);
              } else {
                assertThat(model[word].possible).as("word %d", word).contains(value);
              }
            }
          }
        });
  }

  record Run(List<Step> steps, long seed) {}

  private static void apply(Step step, PmemRegion region, WordModel[] model) {
    switch (step) {
      case Write write -> {
        if (write.atomic()) {
          region.storeLongAtomic(write.word() * 8L, write.value());
        } else {
          region.writeLong(write.word() * 8L, write.value());
        }
        WordModel word = model[write.word()];
        word.current = write.value();
        word.possible.add(write.value());
        word.flushedSinceWrite = false;
        word.durable = false;
      }
      case Flush flush -> {
        region.flush(flush.fromWord() * 8L, flush.words() * 8L);
        // A flush covers whole lines: every word of them is captured.
        for (int word = flush.fromWord() / 8 * 8; word < (flush.fromWord() + flush.words() + 7) / 8 * 8; word++) {
          model[word].flushedSinceWrite = true;
        }
      }
      case Persist persist -> {
        apply(new Flush(persist.fromWord(), persist.words()), region, model);
        apply(new Fence(), region, model);
      }
      case Fence fence -> {
        region.fence();
        for (WordModel word : model) {
          if (word.flushedSinceWrite && !word.durable) {
            word.durable = true;
            word.possible.clear();
            word.possible.add(word.current);
          }
        }
      }
    }
  }
}
