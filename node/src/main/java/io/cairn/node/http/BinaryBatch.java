package io.cairn.node.http;

import io.cairn.chain.api.AnchorPosition;
import io.cairn.chain.api.AnchorReceipt;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.HashAlgorithm;
import io.cairn.chain.codec.ByteReader;
import io.cairn.common.ByteWriter;
import io.cairn.common.Crc32c;
import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

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
   * The records of a request body of {@code length} bytes (its declared length, at most the node's
   * limit), read from {@code body} straight into one array per record: the body is never gathered
   * into an array of its own first, which was a second copy of every record and {@code length}
   * bytes of garbage per request on the leader (session 14). A malformed body is the client's
   * error (400), a body that ends early too.
   */
  static List<byte[]> requestRecords(InputStream body, int length) {
    try {
      return decodeRecords(body, length);
    } catch (CorruptionException e) {
      throw new InvalidArgumentException("the body is not an anchor batch: " + e.getMessage());
    } catch (EOFException e) {
      throw new InvalidArgumentException("the request body ended before its " + length + " bytes: " + e.getMessage());
    } catch (IOException e) {
      throw new InvalidArgumentException("the request body could not be read: " + e.getMessage());
    }
  }

  /**
   * The records of a request body.
   *
   * @throws CorruptionException when the body is not exactly one canonical batch
   */
  public static List<byte[]> decodeRecords(byte[] body) {
    try {
      return decodeRecords(new ByteArrayInputStream(body), body.length);
    } catch (IOException e) {
      throw new AssertionError("an array cannot fail to read", e); // the length is the array's own
    }
  }

  /**
   * The records of a body of exactly {@code length} bytes read from {@code in} (nothing past them
   * is read): the one decoder of the format, for an array and for a request's stream alike.
   *
   * @throws CorruptionException when the bytes are not exactly one canonical batch
   * @throws EOFException when {@code in} ends before {@code length} bytes
   */
  static List<byte[]> decodeRecords(InputStream in, int length) throws IOException {
    Stream body = new Stream(in, length);
    int magic = body.u32();
    if (magic != RECORDS_MAGIC) {
      throw body.error(0, String.format("bad magic 0x%08x, expected 0x%08x", magic, RECORDS_MAGIC));
    }
    int version = body.u8();
    if (version != VERSION) {
      throw body.error(4, "unsupported version " + version + " (this build reads version " + VERSION + ")");
    }
    int count = body.u32();
    if (count < 1 || count > AnchorBatch.RECORDS_MAX) {
      throw body.error(body.consumed, "record count " + Integer.toUnsignedString(count) + " outside 1.." + AnchorBatch.RECORDS_MAX);
    }
    List<byte[]> raws = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int recordLength = body.u32();
      if (recordLength < 1 || recordLength > body.remaining() - 4) {
        throw body.error(body.consumed, "record " + i + " length " + Integer.toUnsignedString(recordLength)
            + " is empty or runs past the end");
      }
      raws.add(body.raw(recordLength));
    }
    int computed = Crc32c.mask((int) body.crc.getValue());
    int end = body.consumed;
    int stored = body.u32();
    if (stored != computed) {
      throw body.error(end, String.format("crc32c mismatch (stored 0x%08x, computed 0x%08x)", stored, computed));
    }
    if (body.remaining() != 0) {
      throw body.error(body.consumed, body.remaining() + " bytes after the end");
    }
    return raws;
  }

  /** A body being read: the bytes consumed so far, their CRC32C, and bounds checks against its length. */
  private static final class Stream {
    private final InputStream in;
    private final int length;
    private final CRC32C crc = new CRC32C();
    private final byte[] word = new byte[4];
    private int consumed;

    Stream(InputStream in, int length) {
      this.in = in;
      this.length = length;
    }

    int remaining() {
      return length - consumed;
    }

    int u8() throws IOException {
      return read(word, 1)[0] & 0xff;
    }

    int u32() throws IOException {
      byte[] b = read(word, 4);
      return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }

    byte[] raw(int bytes) throws IOException {
      return read(new byte[bytes], bytes);
    }

    private byte[] read(byte[] into, int bytes) throws IOException {
      if (bytes > remaining()) {
        throw error(consumed, "truncated: needs " + bytes + " bytes, " + remaining() + " left");
      }
      int read = in.readNBytes(into, 0, bytes);
      if (read != bytes) {
        throw new EOFException("it ended after " + (consumed + read) + " bytes");
      }
      crc.update(into, 0, bytes);
      consumed += bytes;
      return into;
    }

    CorruptionException error(int offset, String problem) {
      return new CorruptionException("anchor batch at offset " + offset + ": " + problem);
    }
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
