package io.cairn.chain.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.api.Block;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.HashAlgorithm;
import io.cairn.chain.api.InclusionProof;
import io.cairn.chain.api.Ledger;
import io.cairn.chain.api.LedgerEntry;
import io.cairn.chain.api.RecordSource;
import io.cairn.chain.api.VerdictCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A ledger written by an older tree's code, read from a text resource beside the tests that read it
 * back ({@code Version1LedgerTest}, {@code Version5LedgerTest}): its log (hex, one entry a line,
 * {@code log HEX}), every row that code's ledger wrote applying it ({@code row KEY VALUE}, hex), and
 * the raw records by store ({@code record STORE KEY BYTES}).
 */
record LedgerFixture(List<byte[]> log, Map<String, String> rows, Map<String, Map<String, byte[]>> records) {
  static final HexFormat HEX = HexFormat.of();

  /** The fixture in resource {@code name} of this package. */
  static LedgerFixture read(String name) throws IOException {
    List<byte[]> log = new ArrayList<>();
    Map<String, String> rows = new TreeMap<>();
    Map<String, Map<String, byte[]>> records = new LinkedHashMap<>();
    try (InputStream in = LedgerFixture.class.getResourceAsStream(name)) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String[] fields = line.split(" ");
        switch (fields[0]) {
          case "log" -> log.add(HEX.parseHex(fields[1]));
          case "row" -> rows.put(fields[1], fields[2]);
          case "record" -> records.computeIfAbsent(fields[1], s -> new HashMap<>()).put(fields[2], HEX.parseHex(fields[3]));
          default -> throw new IllegalStateException("fixture line " + line);
        }
      }
    }
    return new LedgerFixture(log, rows, records);
  }

  /** A record source named {@code name} serving {@code records} (hex key to raw bytes). */
  static RecordSource source(String name, Map<String, byte[]> records) {
    return new RecordSource() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public byte[] read(byte[] key) {
        return records.get(HEX.formatHex(key));
      }
    };
  }

  /** The SHA-256 hash of every record, store by store. */
  List<Hash32> recordHashes() {
    List<Hash32> keys = new ArrayList<>();
    for (Map<String, byte[]> stored : records.values()) {
      for (byte[] raw : stored.values()) {
        keys.add(HashAlgorithm.SHA_256.hash(raw));
      }
    }
    return keys;
  }

  /**
   * Asserts that every record of the fixture verifies in {@code ledger} (in full, then again from
   * the remembered transaction) and that its proof checks, and that every block of the log (from
   * its third entry on: genesis and admission come first) reads back as logged; returns how many
   * records verified.
   */
  int assertEveryRecordVerifies(Ledger ledger) {
    int verified = 0;
    for (Hash32 key : recordHashes()) {
      assertThat(ledger.verify(key).code()).as(key.shortHex()).isEqualTo(VerdictCode.VERIFIED);
      assertThat(ledger.verify(key).code()).as("again, from the remembered transaction").isEqualTo(VerdictCode.VERIFIED);
      InclusionProof proof = ledger.proof(key).orElseThrow();
      assertThat(proof.pathFailure()).isNull();
      assertThat(proof.check(ledger.members()).code()).isEqualTo(VerdictCode.VERIFIED);
      verified++;
    }
    for (int i = 2; i < log.size(); i++) {
      Block block = (Block) LedgerEntry.decode(log.get(i));
      assertThat(ledger.block(block.header().height()).orElseThrow()).isEqualTo(block);
    }
    return verified;
  }
}
