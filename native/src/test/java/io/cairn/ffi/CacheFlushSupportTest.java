package io.cairn.ffi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CacheFlushSupportTest {
  private static final String SKYLAKE = """
      processor\t: 0
      vendor_id\t: GenuineIntel
      flags\t\t: fpu vme de pse tsc msr sse2 clflush mmx avx512f clflushopt clwb avx512cd
      bugs\t\t: spectre_v1

      processor\t: 1
      flags\t\t: fpu
      """;

  @Test
  void skylakeHasAllThreeAndClwbIsBest() {
    CacheFlushSupport support = CacheFlushSupport.parse(SKYLAKE);
    assertThat(support.supported()).containsExactly(
        FlushInstruction.CLWB, FlushInstruction.CLFLUSHOPT, FlushInstruction.CLFLUSH);
    assertThat(support.best()).contains(FlushInstruction.CLWB);
    assertThat(support.describe()).isEqualTo("clwb (also clflushopt, clflush)");
  }

  @Test
  void anOldCpuHasOnlyClflush() {
    CacheFlushSupport support = CacheFlushSupport.parse("flags : fpu sse2 clflush mmx\n");
    assertThat(support.supported()).isEqualTo(Set.of(FlushInstruction.CLFLUSH));
    assertThat(support.describe()).isEqualTo("clflush");
  }

  @Test
  void flagNamesMustMatchWholeWords() {
    assertThat(CacheFlushSupport.parse("flags : clflushoptx xclwb\n").supported()).isEmpty();
  }

  @Test
  void armCpuinfoKnowsNone() {
    CacheFlushSupport support = CacheFlushSupport.parse("Features\t: fp asimd dcpop\n");
    assertThat(support.best()).isEmpty();
    assertThat(support.describe()).startsWith("none known: no x86 flags line");
  }

  @Test
  void thisMachineIsReadWithoutFailing() {
    CacheFlushSupport support = CacheFlushSupport.detect();
    assertThat(support.describe()).isNotBlank();
  }
}
