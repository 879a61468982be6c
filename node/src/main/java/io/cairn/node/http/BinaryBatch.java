package io.cairn.node.http;

import io.cairn.chain.api.AnchorPosition;
import io.cairn.chain.api.AnchorReceipt;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.HashAlgorithm;
import io.cairn.chain.codec.ByteReader;
import io.cairn.common.ByteWriter;
import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of {@code POST /records/batch} (docs/formats/anchor-batch.md): a request body of
 * {@value #RECORDS_TYPE} carries the records length-prefixed, and its answer of
 * {@value #RECEIPTS_TYPE} carries one fixed-size receipt per record, in order. The JSON form costs
 * base64 on both sides and a JSON tree of 100 receipts per answer; this one is a copy of each
 * record in and 81 bytes per receipt out.
 *
 * <p>Both encodings are canonical (fixed-width fields, nothing optional): {@link #decodeRecords}
 * and {@link #decodeReceipts} accept exactly what the encoders write, and refuse anything else
 * with a {@link CorruptionException} naming the offset.
 *
 * <p>Thread-safety: stateless.
 */
public final class BinaryBatch {
  /** Content type of a binary batch request body. */
  public static final String RECORDS_TYPE = "application/vnd.cairn.anchor-batch";
  /** Content type of a binary batch answer. */
  public static final String RECEIPTS_TYPE = "application/vnd.cairn.anchor-receipts";
  /** Bytes "CRAB" read as a little-endian u32: a batch of records. */
  static final int RECORDS_MAGIC = 0x42415243;
  /** Bytes "CRRC" read as a little-endian u32: a list of receipts. */
  static final int RECEIPTS_MAGIC = 0x43525243;
  static final int VERSION = 1;
  /** Bytes of one receipt: key, algorithm, height, transaction, entry, block hash. */
  static final int RECEIPT_BYTES = Hash32.BYTES + 1 + 8 + 4 + 4 + Hash32.BYTES;

  private BinaryBatch() {}

  /** A request body holding {@code raws} (1..{@value AnchorBatch#RECORDS_MAX} non-empty records). */
  public static byte[] encodeRecords(List<byte[]> raws) {
    if (raws.isEmpty() || raws.size() > AnchorBatch.RECORDS_MAX) {
      throw new InvalidArgumentException("a batch holds 1.." + AnchorBatch.RECORDS_MAX + " records, not " + raws.size());
    }
    long total = 13;
    for (byte[] raw : raws) {
      if (raw.length == 0) {
        throw new InvalidArgumentException("a batch record must not be empty");
      }
      total += 4 + raw.length;
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw new InvalidArgumentException("a batch of " + total + " bytes is too large");
    }
    ByteWriter out = new ByteWriter((int) total).u32(RECORDS_MAGIC).u8(VERSION).u32(raws.size());
    for (byte[] raw : raws) {
      out.u32(raw.length).raw(raw);
    }
    return out.crcFrom(0).toByteArray();
  }

  /** Whether {@code request}'s body is a binary batch (its content type is {@value #RECORDS_TYPE}). */
  static boolean isBinary(ServerRequest request) {
    return request.headers().first(HeaderNames.CONTENT_TYPE).map(type -> type.startsWith(RECORDS_TYPE)).orElse(false);
  }

  /** The records of a binary request body; a malformed one is the client's error (400). */
  static List<byte[]> requestRecords(byte[] body) {
    try {
      return decodeRecords(body);
    } catch (CorruptionException e) {
      throw new InvalidArgumentException("the body is not an anchor batch: " + e.getMessage());
    }
  }

  /**
   * The records of a request body.
   *
   * @throws CorruptionException when the body is not exactly one canonical batch
   */
  public static List<byte[]> decodeRecords(byte[] body) {
    ByteReader in = new ByteReader(body, "anchor batch");
    in.magic(RECORDS_MAGIC);
    in.version(VERSION);
    int count = in.u32("record count");
    if (count < 1 || count > AnchorBatch.RECORDS_MAX) {
      throw in.error("record count " + Integer.toUnsignedString(count) + " outside 1.." + AnchorBatch.RECORDS_MAX);
    }
    List<byte[]> raws = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int length = in.u32("record length");
      if (length < 1 || length > in.remaining() - 4) {
        throw in.error("record " + i + " length " + Integer.toUnsignedString(length) + " is empty or runs past the end");
      }
      raws.add(in.raw(length, "record"));
    }
    in.crcFrom(0);
    in.expectEnd();
    return raws;
  }

  /** The answer holding {@code receipts}, in order. */
  public static byte[] encodeReceipts(List<AnchorReceipt> receipts) {
    ByteWriter out = new ByteWriter(13 + receipts.size() * RECEIPT_BYTES)
        .u32(RECEIPTS_MAGIC).u8(VERSION).u32(receipts.size());
    for (AnchorReceipt receipt : receipts) {
      AnchorPosition position = receipt.position();
      int keyAt = out.advance(Hash32.BYTES);
      receipt.key().copyTo(out.buffer(), keyAt);
      out.u8(receipt.algorithm().id()).u64(position.height()).u32(position.transactionIndex())
          .u32(position.entryIndex());
      int hashAt = out.advance(Hash32.BYTES);
      receipt.blockHash().copyTo(out.buffer(), hashAt);
    }
    return out.crcFrom(0).toByteArray();
  }

  /**
   * The receipts of an answer.
   *
   * @throws CorruptionException when the answer is not exactly one canonical list of receipts
   */
  public static List<AnchorReceipt> decodeReceipts(byte[] answer) {
    ByteReader in = new ByteReader(answer, "anchor receipts");
    in.magic(RECEIPTS_MAGIC);
    in.version(VERSION);
    int count = in.u32("receipt count");
    if (count < 0 || (long) count * RECEIPT_BYTES != in.remaining() - 4L) {
      throw in.error("receipt count " + Integer.toUnsignedString(count) + " does not match the "
          + in.remaining() + " bytes left");
    }
    List<AnchorReceipt> receipts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      in.skip(Hash32.BYTES, "key");
      Hash32 key = Hash32.of(answer, in.offset() - Hash32.BYTES);
      int id = in.u8("algorithm");
      HashAlgorithm algorithm;
      try {
        algorithm = HashAlgorithm.fromId(id);
      } catch (InvalidArgumentException e) {
        throw in.error("unknown hash algorithm " + id);
      }
      long height = in.u64("height");
      int transaction = in.u32("transaction");
      int entry = in.u32("entry");
      if (height < 0 || transaction < 0 || entry < 0) {
        throw in.error("receipt " + i + " has a negative position");
      }
      in.skip(Hash32.BYTES, "block hash");
      receipts.add(new AnchorReceipt(key, algorithm, new AnchorPosition(height, transaction, entry),
          Hash32.of(answer, in.offset() - Hash32.BYTES)));
    }
    in.crcFrom(0);
    in.expectEnd();
    return receipts;
  }
}
