package io.cairn.chain.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Ed25519 verification vectors in {@code ed25519_cairn_test.json} (Wycheproof's eddsa_test.json
 * layout, one test per line; made by {@code Ed25519VectorsGenerator.java} beside it), read line by
 * line: a group's {@code "pk"} applies to the tests that follow it.
 */
public final class EddsaVectors {
  private static final Pattern KEY = Pattern.compile("\"pk\": \"([0-9a-f]*)\"");
  private static final Pattern TEST = Pattern.compile("\\{\"tcId\": (\\d+), \"comment\": \"([^\"]*)\", \"msg\": \"([0-9a-f]*)\","
      + " \"sig\": \"([0-9a-f]*)\", \"result\": \"(valid|invalid)\", \"flags\": \\[\"(\\w+)\"");

  /** One case: does {@code sig} verify {@code msg} under {@code pk}? */
  public record Vector(int id, String comment, byte[] pk, byte[] msg, byte[] sig, boolean valid, String flag) {
    @Override
    public String toString() {
      return "tcId " + id + " " + flag + ": " + comment;
    }
  }

  private EddsaVectors() {}

  /** Every vector of the file, in order. */
  public static List<Vector> all() {
    String text;
    try (InputStream in = EddsaVectors.class.getResourceAsStream("ed25519_cairn_test.json")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    HexFormat hex = HexFormat.of();
    List<Vector> vectors = new ArrayList<>();
    byte[] key = null;
    for (String line : text.split("\n")) {
      Matcher k = KEY.matcher(line);
      if (k.find()) {
        key = hex.parseHex(k.group(1));
        continue;
      }
      Matcher t = TEST.matcher(line);
      if (t.find()) {
        vectors.add(new Vector(Integer.parseInt(t.group(1)), t.group(2), key, hex.parseHex(t.group(3)),
            hex.parseHex(t.group(4)), t.group(5).equals("valid"), t.group(6)));
      }
    }
    if (vectors.size() != Integer.parseInt(text.replaceAll("(?s).*\"numberOfTests\": (\\d+).*", "$1"))) {
      throw new IllegalStateException("read " + vectors.size() + " vectors, the file says otherwise");
    }
    return vectors;
  }

  /** The distinct public keys the vectors flag as bad (every group but the valid key's). */
  public static List<byte[]> badKeys() {
    List<byte[]> keys = new ArrayList<>();
    for (Vector vector : all()) {
      if (vector.flag().endsWith("PublicKey") || vector.flag().equals("PublicKeyLength")) {
        if (keys.isEmpty() || !java.util.Arrays.equals(keys.getLast(), vector.pk())) {
          keys.add(vector.pk());
        }
      }
    }
    return keys;
  }
}
