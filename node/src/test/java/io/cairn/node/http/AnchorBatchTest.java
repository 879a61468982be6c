package io.cairn.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.InvalidArgumentException;
import io.cairn.testing.Property;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The direct read of a batch body against the JSON parser: on every body, valid or mangled, the
 * direct read either declines (null) or reads exactly the records the JSON parser reads.
 */
class AnchorBatchTest {
  @Test
  void theDirectReadAgreesWithTheJsonParserOrDeclines() {
    Property.of("direct read = JSON parser", AnchorBatchTest::body)
        .trials(400)
        .check(body -> {
          List<byte[]> direct = AnchorBatch.parseCompact(body);
          List<byte[]> json;
          try {
            json = AnchorBatch.parseJson(body);
          } catch (InvalidArgumentException refused) {
            assertThat(direct).as("a body the JSON parser refuses").isNull();
            return;
          }
          if (direct != null) {
            assertThat(direct).hasSameSizeAs(json);
            for (int i = 0; i < json.size(); i++) {
              assertThat(direct.get(i)).isEqualTo(json.get(i));
            }
          }
        });
  }

  @Test
  void theUsualBodyIsReadDirectlyAndOddOnesStillParse() {
    byte[] usual = "{\"records\":[\"AQI=\",\"Aw==\"]}".getBytes(StandardCharsets.UTF_8);
    assertThat(AnchorBatch.parseCompact(usual)).containsExactly(new byte[] {1, 2}, new byte[] {3});
    byte[] escaped = "{ \"records\" : [\"A\\/8=\"] }".getBytes(StandardCharsets.UTF_8);
    assertThat(AnchorBatch.parseCompact(escaped)).isNull();
    assertThat(AnchorBatch.parse(escaped)).containsExactly(new byte[] {3, -1});
    assertThatThrownBy(() -> AnchorBatch.parse("{\"records\":[\"\"]}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("empty");
  }

  /** A valid body with random whitespace, often mangled by one byte change, cut or insertion. */
  private static byte[] body(SplittableRandom random) {
    int count = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(5);
    List<String> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] raw = new byte[random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(40)];
      random.nextBytes(raw);
      records.add(Base64.getEncoder().encodeToString(raw));
    }
    StringBuilder text = new StringBuilder(space(random)).append("{").append(space(random)).append("\"records\"")
        .append(space(random)).append(":").append(space(random)).append("[").append(space(random));
    for (int i = 0; i < records.size(); i++) {
      text.append(i == 0 ? "" : "," + space(random)).append('"').append(records.get(i)).append('"').append(space(random));
    }
    text.append("]").append(space(random)).append("}").append(space(random));
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    return switch (random.nextInt(4)) {
      case 0 -> bytes;
      case 1 -> {
        bytes[random.nextInt(bytes.length)] = (byte) " \"{}[],:\\/=+Ax\u0001".charAt(random.nextInt(15));
        yield bytes;
      }
      case 2 -> java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
      default -> {
        int at = random.nextInt(bytes.length + 1);
        byte[] longer = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, longer, 0, at);
        longer[at] = (byte) "\\\" ,]}=".charAt(random.nextInt(7));
        System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
        yield longer;
      }
    };
  }

  private static String space(SplittableRandom random) {
    return random.nextInt(3) == 0 ? " \n\t\r".substring(random.nextInt(4)) : "";
  }
}
