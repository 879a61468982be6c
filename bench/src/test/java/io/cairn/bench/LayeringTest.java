package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Enforces the direction of dependencies of {@code docs/ARCHITECTURE.md}: a module may depend only
 * on modules of a lower layer, in its {@code pom.xml} and in its {@code module-info.java}.
 * (Maven's reactor would only catch a cycle; this also catches a lower module reaching up.)
 */
class LayeringTest {
  /** Folder, Maven artifact, JPMS module, layer. Higher layers may use lower ones only. */
  private record Module(String folder, String artifact, String jpmsName, int layer) {}

  private static final List<Module> MODULES = List.of(
      new Module("common", "cairn-common", "io.cairn.common", 0),
      new Module("test-support", "cairn-test-support", "io.cairn.testing", 0),
      new Module("native", "cairn-native", "io.cairn.ffi", 1),
      new Module("learned-index", "cairn-learned-index", "io.cairn.pgm", 1),
      new Module("pmem-l0", "cairn-pmem-l0", "io.cairn.pmem", 2),
      new Module("lsm-engine", "cairn-lsm-engine", "io.cairn.lsm", 3),
      new Module("consensus", "cairn-consensus", "io.cairn.kraft", 3),
      new Module("chain", "cairn-chain", "io.cairn.chain", 4),
      new Module("replication", "cairn-replication", "io.cairn.replication", 5),
      new Module("consortium", "cairn-consortium", "io.cairn.consortium", 5),
      new Module("node", "cairn-node", "io.cairn.node", 6),
      new Module("bench", "cairn-bench", "(class path)", 7));

  private static final Pattern DEPENDENCY =
      Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);
  private static final Pattern ARTIFACT = Pattern.compile("<artifactId>(cairn-[a-z0-9-]+)</artifactId>");
  private static final Pattern REQUIRES =
      Pattern.compile("requires\\s+(?:transitive\\s+|static\\s+)*(io\\.cairn\\.[a-z.]+)\\s*;");

  private static Path root() {
    Path here = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    return Files.exists(here.resolve("bench")) ? here : here.getParent();
  }

  @Test
  void everyModuleOfTheDesignExistsWithAModuleDescriptor() {
    for (Module module : MODULES) {
      Path folder = root().resolve(module.folder());
      assertThat(folder.resolve("pom.xml")).as(module.folder()).exists();
      if (!module.folder().equals("bench")) {
        assertThat(folder.resolve("src/main/java/module-info.java")).as(module.folder()).exists();
      }
    }
  }

  @Test
  void pomDependenciesPointDownOnly() throws IOException {
    Map<String, Module> byArtifact = new LinkedHashMap<>();
    MODULES.forEach(module -> byArtifact.put(module.artifact(), module));
    List<String> violations = new ArrayList<>();
    for (Module module : MODULES) {
      String pom = Files.readString(root().resolve(module.folder()).resolve("pom.xml"));
      Matcher dependency = DEPENDENCY.matcher(pom);
      while (dependency.find()) {
        String block = dependency.group(1);
        Matcher artifact = ARTIFACT.matcher(block);
        if (!artifact.find() || block.contains("<scope>test</scope>") || block.contains("<type>pom</type>")) {
          continue;
        }
        Module target = byArtifact.get(artifact.group(1));
        if (target == null || target.layer() >= module.layer()) {
          violations.add(module.folder() + " -> " + artifact.group(1));
        }
      }
    }
    assertThat(violations).as("dependencies that point up or sideways").isEmpty();
  }

  @Test
  void moduleInfoRequiresPointDownOnly() throws IOException {
    Map<String, Module> byName = new LinkedHashMap<>();
    MODULES.forEach(module -> byName.put(module.jpmsName(), module));
    List<String> violations = new ArrayList<>();
    for (Module module : MODULES) {
      Path descriptor = root().resolve(module.folder()).resolve("src/main/java/module-info.java");
      if (!Files.exists(descriptor)) {
        continue;
      }
      Matcher requires = REQUIRES.matcher(Files.readString(descriptor));
      while (requires.find()) {
        Module target = byName.get(requires.group(1));
        if (target == null || target.layer() >= module.layer()) {
          violations.add(module.jpmsName() + " requires " + requires.group(1));
        }
      }
    }
    assertThat(violations).as("requires that point up or sideways").isEmpty();
  }

  @Test
  void testSupportIsOnlyATestDependency() throws IOException {
    for (Module module : MODULES) {
      String pom = Files.readString(root().resolve(module.folder()).resolve("pom.xml"));
      Matcher dependency = DEPENDENCY.matcher(pom);
      while (dependency.find()) {
        String block = dependency.group(1);
        if (block.contains("<artifactId>cairn-test-support</artifactId>")) {
          assertThat(block).as(module.folder()).contains("<scope>test</scope>");
        }
      }
    }
  }
}
