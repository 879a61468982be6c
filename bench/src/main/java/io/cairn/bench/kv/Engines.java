package io.cairn.bench.kv;

import io.cairn.common.InvalidArgumentException;
import io.cairn.lsm.api.L0Mode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The engines {@code ./cairn bench} knows, by name. */
public final class Engines {
  private static final List<Engine> ALL = List.of(
      new CairnEngine("cairn-pmem", L0Mode.PMEM, false),
      new CairnEngine("cairn-ssd", L0Mode.SSD, false),
      new CairnEngine("cairn-pmem-budget", L0Mode.PMEM, true),
      CairnEngine.withValues("cairn-pmem-inline", CairnEngine.Values.INLINE),
      CairnEngine.withValues("cairn-pmem-nogc", CairnEngine.Values.SEPARATED_NO_GC),
      new RocksDbEngine(),
      new LevelDbJavaEngine());

  /**
   * Names accepted by {@code --engines} for another engine: {@code cairn-pmem-kv} (session 8's
   * key-value separation engine) is {@code cairn-pmem} since separation became the pmem mode's default.
   */
  public static final java.util.Map<String, String> ALIASES = java.util.Map.of("cairn-pmem-kv", "cairn-pmem");

  private Engines() {}

  /** Every engine, in the default order of a run. */
  public static List<Engine> all() {
    return ALL;
  }

  /** The names of every engine, comma-separated, for help and error messages. */
  public static String names() {
    return ALL.stream().map(Engine::name).collect(Collectors.joining(", "));
  }

  /**
   * The engines named, in the order given, each once.
   *
   * @throws InvalidArgumentException naming the first unknown name and listing the known ones,
   *     or when {@code names} is empty
   */
  public static List<Engine> parse(List<String> names) {
    return parse(names, PmemSettings.ENGINE_DEFAULT);
  }

  /**
   * The engines named, {@code cairn-pmem} with its L0 placed as {@code pmem} says.
   *
   * @throws InvalidArgumentException as {@link #parse(List)}
   */
  public static List<Engine> parse(List<String> names, PmemSettings pmem) {
    Set<String> seen = new LinkedHashSet<>();
    List<Engine> engines = new ArrayList<>();
    for (String raw : names) {
      String name = ALIASES.getOrDefault(raw.strip(), raw.strip());
      Engine engine = ALL.stream().filter(e -> e.name().equals(name)).findFirst()
          .orElseThrow(() -> new InvalidArgumentException(
              "unknown engine '" + name + "'; known engines: " + names()));
      if (seen.add(name)) {
        engines.add(engine instanceof CairnEngine cairn ? cairn.withPmem(pmem) : engine);
      }
    }
    if (engines.isEmpty()) {
      throw new InvalidArgumentException("no engine given; known engines: " + names());
    }
    return List.copyOf(engines);
  }
}
