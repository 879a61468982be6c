package io.cairn.ffi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NativeLibrariesTest {
  @Test
  void theCLibraryIsAlwaysThere() {
    assertThat(NativeLibraries.probe("libc.so.6", "it is part of every Linux")).isEqualTo(Availability.yes());
  }

  @Test
  void anAbsentLibraryNamesWhatToInstall() {
    Availability absent = NativeLibraries.probe("libcairn-absent.so.9", "apt-get install nothing");
    assertThat(absent.available()).isFalse();
    assertThat(absent.reason()).isEqualTo("libcairn-absent.so.9 not found (apt-get install nothing)");
    assertThat(absent).hasToString("not available: libcairn-absent.so.9 not found (apt-get install nothing)");
  }
}
