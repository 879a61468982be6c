package io.cairn.node.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON value builder and printer for the figures commands report ({@code --json FILE}).
 * Objects keep insertion order, so the printed schema is stable; numbers print as Java does
 * ({@code long} exactly, {@code double} via {@link Double#toString}, non-finite as {@code null}).
 *
 * <pre>{@code
 * Json.Obj run = Json.object().put("engine", "cairn-pmem").put("mean_us", 12.5);
 * String text = Json.object().put("runs", Json.array().add(run)).toString();
 * }</pre>
 *
 * <p>Thread-safety: not thread-safe; build on one thread.
 */
public final class Json {
  private Json() {}

  /** {@code value} rounded to {@code decimals} places for a report (NaN and infinities unchanged). */
  public static double round(double value, int decimals) {
    if (!Double.isFinite(value)) {
      return value;
    }
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }

  /** A new empty object. */
  public static Obj object() {
    return new Obj();
  }

  /** A new empty array. */
  public static Arr array() {
    return new Arr();
  }

  /** A JSON object with ordered members. */
  public static final class Obj {
    private final Map<String, Object> members = new LinkedHashMap<>();

    private Obj() {}

    /**
     * Sets member {@code name}. {@code value} is a {@link String}, {@link Number}, {@link
     * Boolean}, {@link Obj}, {@link Arr} or {@code null}.
     *
     * @throws IllegalArgumentException for any other type
     */
    public Obj put(String name, Object value) {
      members.put(name, checked(value));
      return this;
    }

    /** The member's value, or null. */
    public Object get(String name) {
      return members.get(name);
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder();
      print(this, out, 0);
      return out.toString();
    }
  }

  /** A JSON array. */
  public static final class Arr {
    private final List<Object> elements = new ArrayList<>();

    private Arr() {}

    /** Appends {@code value} (same types as {@link Obj#put}). */
    public Arr add(Object value) {
      elements.add(checked(value));
      return this;
    }

    /** Number of elements. */
    public int size() {
      return elements.size();
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder();
      print(this, out, 0);
      return out.toString();
    }
  }

  private static Object checked(Object value) {
    if (value == null || value instanceof String || value instanceof Number
        || value instanceof Boolean || value instanceof Obj || value instanceof Arr) {
      return value;
    }
    throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
  }

  private static void print(Object value, StringBuilder out, int depth) {
    switch (value) {
      case null -> out.append("null");
      case String text -> quote(text, out);
      case Double number -> out.append(number.isNaN() || number.isInfinite() ? "null" : number.toString());
      case Float number -> out.append(number.isNaN() || number.isInfinite() ? "null" : number.toString());
      case Number number -> out.append(number);
      case Boolean flag -> out.append(flag);
      case Obj object -> printMembers(object, out, depth);
      case Arr array -> printElements(array, out, depth);
      default -> throw new IllegalStateException("unreachable: " + value.getClass());
    }
  }

  /** Indentation strings by depth, built once (an API answer of many receipts repeated them per line). */
  private static final String[] INDENTS = java.util.stream.IntStream.range(0, 16)
      .mapToObj(depth -> "  ".repeat(depth)).toArray(String[]::new);

  private static String indent(int depth) {
    return depth < INDENTS.length ? INDENTS[depth] : "  ".repeat(depth);
  }

  private static void printMembers(Obj object, StringBuilder out, int depth) {
    if (object.members.isEmpty()) {
      out.append("{}");
      return;
    }
    out.append("{");
    String separator = "\n";
    for (Map.Entry<String, Object> member : object.members.entrySet()) {
      out.append(separator).append(indent(depth + 1));
      quote(member.getKey(), out);
      out.append(": ");
      print(member.getValue(), out, depth + 1);
      separator = ",\n";
    }
    out.append("\n").append(indent(depth)).append("}");
  }

  private static void printElements(Arr array, StringBuilder out, int depth) {
    if (array.elements.isEmpty()) {
      out.append("[]");
      return;
    }
    out.append("[");
    String separator = "\n";
    for (Object element : array.elements) {
      out.append(separator).append(indent(depth + 1));
      print(element, out, depth + 1);
      separator = ",\n";
    }
    out.append("\n").append(indent(depth)).append("]");
  }

  private static void quote(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
