package io.cairn.chain.api;

import io.cairn.chain.crypto.Ed25519;
import io.cairn.common.CairnIoException;
import io.cairn.common.InvalidArgumentException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Set;

/**
 * Identities on disk: the secret key as a PEM {@code PRIVATE KEY} (PKCS#8, RFC 8410), the format
 * OpenSSL reads ({@code openssl pkey -in node.key -text}). A key file is created with mode 0600
 * from the start (never written world-readable and then narrowed), and a key file that the group or
 * others can access is refused on read, as ssh does.
 *
 * <p>Thread-safety: stateless; concurrent writers of one path race like any two file writers.
 */
public final class KeyFiles {
  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private KeyFiles() {}

  /**
   * Writes {@code identity}'s secret to a new file {@code path} with mode 0600 (atomically: a
   * temporary file, synced, then renamed).
   *
   * @throws InvalidArgumentException when {@code path} already exists (keys are never overwritten)
   * @throws CairnIoException when the file cannot be written
   */
  public static void write(Identity identity, Path path) {
    if (Files.exists(path)) {
      throw new InvalidArgumentException("key file " + path + " already exists; refusing to overwrite a key");
    }
    String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'})
        .encodeToString(identity.privateKey().getEncoded());
    byte[] pem = (BEGIN + "\n" + base64 + "\n" + END + "\n").getBytes(StandardCharsets.US_ASCII);
    Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
    try {
      Files.deleteIfExists(temporary);
      try (FileChannel channel = FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE), ownerOnlyAttribute(path))) {
        channel.write(java.nio.ByteBuffer.wrap(pem));
        channel.force(true);
      }
      Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      throw new InvalidArgumentException("key file " + path + " already exists; refusing to overwrite a key");
    } catch (IOException e) {
      throw CairnIoException.wrap("write key file " + path, e);
    }
  }

  /**
   * Reads the identity in {@code path}.
   *
   * @throws InvalidArgumentException when the file is readable by group or others, or is not a
   *     PEM Ed25519 private key
   * @throws CairnIoException when the file cannot be read
   */
  public static Identity read(Path path) {
    try {
      checkOwnerOnly(path);
      String text = Files.readString(path, StandardCharsets.US_ASCII);
      int begin = text.indexOf(BEGIN);
      int end = text.indexOf(END);
      if (begin < 0 || end < begin) {
        throw new InvalidArgumentException("key file " + path + " is not a PEM PRIVATE KEY");
      }
      byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end));
      return Identity.fromSeed(Ed25519.seed(Ed25519.privateKeyFromPkcs8(der)));
    } catch (IllegalArgumentException badBase64) {
      throw new InvalidArgumentException("key file " + path + " is not valid base64", badBase64);
    } catch (IOException e) {
      throw CairnIoException.wrap("read key file " + path, e);
    }
  }

  /** Whether the file system of {@code path} has POSIX permissions (else modes are not checked). */
  private static boolean posix(Path path) {
    Path existing = path.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    return existing != null
        && existing.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static FileAttribute<?>[] ownerOnlyAttribute(Path path) {
    return posix(path)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
        : new FileAttribute<?>[0];
  }

  private static void checkOwnerOnly(Path path) throws IOException {
    if (!posix(path)) {
      return;
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
    for (PosixFilePermission permission : permissions) {
      if (!permission.name().startsWith("OWNER_")) {
        throw new InvalidArgumentException("key file " + path + " is accessible by others (mode "
            + PosixFilePermissions.toString(permissions) + "); run: chmod 600 " + path);
      }
    }
  }
}
