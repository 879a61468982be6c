package io.cairn.chain.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.Fixtures;
import io.cairn.chain.TestLedger;
import io.cairn.testing.Property;
import io.cairn.testing.Shrinkers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger sorts a block's entries by record hash, looks them up with one multi-get and writes
 * them in hash order; the outcome must stay the rule "the first entry in log order is a record's
 * anchor": checked against a model over blocks that repeat records within a transaction, across
 * transactions of one block and across blocks, with the set of hashes the block reports as
 * anchored elsewhere.
 */
class FirstAnchorWinsTest {
  @TempDir Path directory;

  /** Blocks of transactions of record numbers (from a small pool, so repeats are common). */
  private static List<List<List<Integer>>> blocks(SplittableRandom random) {
    List<List<List<Integer>>> blocks = new ArrayList<>();
    int pool = random.nextInt(2, 40);
    for (int b = random.nextInt(1, 6); b > 0; b--) {
      List<List<Integer>> transactions = new ArrayList<>();
      for (int t = random.nextInt(1, 4); t > 0; t--) {
        List<Integer> records = new ArrayList<>();
        for (int e = random.nextInt(1, 25); e > 0; e--) {
          records.add(random.nextInt(pool));
        }
        transactions.add(records);
      }
      blocks.add(transactions);
    }
    return blocks;
  }

  @Test
  void theFirstEntryInLogOrderIsTheAnchor() {
    int[] run = {0};
    Property.of("first entry in log order is the anchor", FirstAnchorWinsTest::blocks)
        .shrinkWith(Shrinkers.list())
        .trials(25)
        .check(blocks -> {
          try (TestLedger t = TestLedger.create(Files.createDirectories(directory.resolve("run" + run[0]++)))) {
            Map<Hash32, AnchorPosition> model = new HashMap<>();
            long nonce = 0;
            for (List<List<Integer>> block : blocks) {
              long height = t.ledger.blockCount();
              List<Transaction> transactions = new ArrayList<>();
              Set<Hash32> expectedElsewhere = new HashSet<>();
              for (int i = 0; i < block.size(); i++) {
                List<byte[]> raws = new ArrayList<>();
                for (int j = 0; j < block.get(i).size(); j++) {
                  byte[] raw = record(block.get(i).get(j));
                  raws.add(raw);
                  Hash32 hash = HashAlgorithm.SHA_256.hash(raw);
                  if (model.putIfAbsent(hash, new AnchorPosition(height, i, j)) != null) {
                    expectedElsewhere.add(hash);
                  }
                }
                transactions.add(Fixtures.anchor(t.member, nonce++, raws));
              }
              Block next = Block.propose(t.member, height, t.ledger.headHash(), t.clock.get(), transactions);
              assertThat(t.ledger.apply(next, () -> {})).isEqualTo(expectedElsewhere);
            }
            for (Map.Entry<Hash32, AnchorPosition> anchor : model.entrySet()) {
              assertThat(t.ledger.anchorOf(anchor.getKey())).isEqualTo(Optional.of(anchor.getValue()));
              assertThat(t.ledger.verify(anchor.getKey()).code()).isNotEqualTo(VerdictCode.BAD_INDEX);
            }
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  private static byte[] record(int number) {
    return ("record " + number).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
