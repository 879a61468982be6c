package io.cairn.bft.api;

import io.cairn.common.ByteWriter;
import io.cairn.common.CorruptionException;
import io.cairn.common.Crc32c;
import io.cairn.common.Varints;
import io.cairn.kraft.wire.ByteReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Seed 002's add-node transaction: the admission authority (the regulator) admits a replica with
 * its number in the node list, its identity key and its address. It travels as the operation of an
 * ordinary {@link Request} and takes effect when executed (docs/bft.md §10); its encoding is in
 * docs/formats/bft-add-replica.md:
 *
 * <pre>
 * "CBAR" | version u8 = 1 | replica varint | identity (varint length, bytes) | host (varint length, UTF-8)
 *   | port varint | admission signature (varint length, bytes) | masked CRC32C u32 of everything before
 * </pre>
 *
 * The admission signature covers {@link #signedBytes}: the domain {@code "cairn-bft-add/1\0"} and
 * every field before the signature.
 *
 * @param replica the new replica's number: the next one in the node list (the group's size before)
 * @param identity the new replica's public key (Ed25519, 32 bytes over the network)
 * @param host where it listens
 * @param port its port, 1..65535
 * @param signature the admission authority's signature, empty before {@link #signed}
 */
public record AddReplica(int replica, byte[] identity, String host, int port, byte[] signature) {
  static final byte[] MAGIC = {'C', 'B', 'A', 'R'};
  static final int VERSION = 1;
  private static final byte[] DOMAIN = "cairn-bft-add/1\0".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_FIELD = 1024;

  public AddReplica {
    if (replica < 4 || identity.length == 0 || identity.length > MAX_FIELD || host.isEmpty()
        || host.length() > MAX_FIELD || port < 1 || port > 65_535 || signature.length > MAX_FIELD) {
      throw new IllegalArgumentException("bad add-replica transaction: replica " + replica + " " + host + ":" + port);
    }
    identity = identity.clone();
    signature = signature.clone();
  }

  @Override
  public byte[] identity() {
    return identity.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** What the admission authority signs: the domain and every field before the signature. */
  public byte[] signedBytes() {
    ByteWriter writer = new ByteWriter(64 + identity.length + host.length());
    writer.raw(DOMAIN);
    fields(writer);
    return writer.toByteArray();
  }

  /** This transaction with the admission authority's signature. */
  public AddReplica signed(Signer admission) {
    return new AddReplica(replica, identity, host, port, admission.sign(signedBytes()));
  }

  /** The operation bytes of the {@link Request} that carries it. */
  public byte[] encode() {
    ByteWriter writer = new ByteWriter(96 + identity.length + host.length() + signature.length);
    fields(writer);
    writer.bytesVarint(signature);
    writer.crcFrom(0);
    return writer.toByteArray();
  }

  private void fields(ByteWriter writer) {
    writer.raw(MAGIC).u8(VERSION).varint(replica).bytesVarint(identity)
        .bytesVarint(host.getBytes(StandardCharsets.UTF_8)).varint(port);
  }

  /** Whether {@code operation} starts like an add-replica transaction (it may still be malformed). */
  public static boolean isAddReplica(byte[] operation) {
    return operation.length >= MAGIC.length && Arrays.equals(operation, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
  }

  /**
   * Decodes an operation; empty when it is not an add-replica transaction or is malformed (a
   * malformed one executes as a plain request that changes nothing, identically everywhere).
   */
  public static Optional<AddReplica> decode(byte[] operation) {
    if (!isAddReplica(operation)) {
      return Optional.empty();
    }
    try {
      return Optional.of(decodeStrict(operation));
    } catch (CorruptionException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Decodes an operation or throws {@link CorruptionException} (the fuzz target's entry). */
  public static AddReplica decodeStrict(byte[] operation) {
    ByteReader reader = new ByteReader(operation, 0, operation.length, "bft add-replica");
    if (operation.length < MAGIC.length + 1 + 4 || !isAddReplica(operation)) {
      throw reader.corrupt(0, "not an add-replica transaction");
    }
    int crcOffset = operation.length - 4;
    if (Crc32c.unmask(Varints.getFixed32(operation, crcOffset)) != Crc32c.of(operation, 0, crcOffset)) {
      throw reader.corrupt(crcOffset, "checksum mismatch");
    }
    ByteReader body = new ByteReader(operation, MAGIC.length, crcOffset, "bft add-replica");
    int version = body.u8();
    if (version != VERSION) {
      throw body.corrupt(MAGIC.length, "unknown version " + version);
    }
    int replica = (int) body.varint(Integer.MAX_VALUE, "replica");
    byte[] identity = body.bytes("identity");
    String host = new String(body.bytes("host"), StandardCharsets.UTF_8);
    int port = (int) body.varint(65_535, "port");
    byte[] signature = body.bytes("signature");
    body.expectEnd();
    try {
      AddReplica add = new AddReplica(replica, identity, host, port, signature);
      if (!Arrays.equals(add.encode(), operation)) {
        throw body.corrupt(0, "not in canonical form");
      }
      return add;
    } catch (IllegalArgumentException e) {
      throw body.corrupt(0, e.getMessage());
    }
  }
}
