package io.cairn.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void objectsKeepInsertionOrderAndNest() {
    Json.Obj report = Json.object()
        .put("keys", 10_000_000L)
        .put("runs", Json.array().add(Json.object().put("distribution", "uniform").put("speedup", 2.5)))
        .put("ok", true)
        .put("missing", null);
    assertThat(report.toString()).isEqualTo("""
        {
          "keys": 10000000,
          "runs": [
            {
              "distribution": "uniform",
              "speedup": 2.5
            }
          ],
          "ok": true,
          "missing": null
        }""");
  }

  @Test
  void stringsAreEscaped() {
    assertThat(Json.object().put("s", "a\"b\\c\nd\u0001").toString())
        .contains("\"a\\\"b\\\\c\\nd\\u0001\"");
  }

  @Test
  void nonFiniteNumbersPrintAsNull() {
    assertThat(Json.array().add(Double.NaN).add(Double.POSITIVE_INFINITY).toString())
        .isEqualTo("[\n  null,\n  null\n]");
  }

  @Test
  void otherTypesAreRefused() {
    assertThatThrownBy(() -> Json.object().put("x", new Object()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void roundKeepsTheAskedDecimalsAndLeavesNonFiniteAlone() {
    assertThat(Json.round(1.23456, 3)).isEqualTo(1.235);
    assertThat(Json.round(278.204, 2)).isEqualTo(278.2);
    assertThat(Json.round(Double.NaN, 2)).isNaN();
    assertThat(Json.round(Double.POSITIVE_INFINITY, 2)).isEqualTo(Double.POSITIVE_INFINITY);
  }
}
