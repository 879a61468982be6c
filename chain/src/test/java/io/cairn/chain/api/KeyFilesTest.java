package io.cairn.chain.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.InvalidArgumentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {
  @TempDir Path directory;

  @Test
  void identityRoundTripsThroughAnOwnerOnlyPemFile() throws Exception {
    Identity identity = Identity.generate();
    Path file = directory.resolve("node.key");
    KeyFiles.write(identity, file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----\n");
    Identity read = KeyFiles.read(file);
    assertThat(read.key()).isEqualTo(identity.key());
    byte[] message = {1, 2, 3};
    assertThat(identity.key().verify(message, read.sign(message))).isTrue();
    assertThat(Files.list(directory)).containsExactly(file);
  }

  @Test
  void anExistingKeyIsNeverOverwritten() {
    Path file = directory.resolve("node.key");
    KeyFiles.write(Identity.generate(), file);
    assertThatThrownBy(() -> KeyFiles.write(Identity.generate(), file)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("already exists");
  }

  @Test
  void aKeyReadableByOthersIsRefused() throws Exception {
    Path file = directory.resolve("node.key");
    KeyFiles.write(Identity.generate(), file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> KeyFiles.read(file)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("chmod 600");
  }

  @Test
  void aFileThatIsNotAKeyIsRefused() throws Exception {
    Path file = directory.resolve("junk.key");
    Files.writeString(file, "hello", java.nio.charset.StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> KeyFiles.read(file)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("not a PEM");
    Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----\n");
    assertThatThrownBy(() -> KeyFiles.read(file)).isInstanceOf(InvalidArgumentException.class);
  }
}
