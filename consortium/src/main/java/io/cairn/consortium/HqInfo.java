package io.cairn.consortium;

import io.cairn.chain.api.MemberKey;

/** What every participant knows of HQ node {@code number}: its Ed25519 signing key and X25519 encryption key. */
public record HqInfo(int number, MemberKey signingKey, byte[] encryptionKey) {
  public HqInfo {
    encryptionKey = encryptionKey.clone();
  }

  @Override
  public byte[] encryptionKey() {
    return encryptionKey.clone();
  }
}
