package io.cairn.replication.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts the inbound byte stream into {@link Frame}s with {@link FrameFormat}'s two steps: the
 * 10-byte header is checked as soon as it is in (so an oversized or unknown frame is refused
 * without buffering its payload), then the payload and checksum. A bad frame throws {@link
 * io.cairn.common.CorruptionException}, which the connection handler answers by closing.
 *
 * <p>Thread-safety: one per channel, on its event loop.
 */
final class FrameDecoder extends ByteToMessageDecoder {
  private final byte[] header = new byte[FrameFormat.HEADER_BYTES];
  private int pendingLength = -1;

  @Override
  protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
    while (true) {
      if (pendingLength < 0) {
        if (in.readableBytes() < FrameFormat.HEADER_BYTES) {
          return;
        }
        in.getBytes(in.readerIndex(), header);
        pendingLength = FrameFormat.payloadLength(header, 0);
      }
      int total = FrameFormat.HEADER_BYTES + pendingLength + FrameFormat.TRAILER_BYTES;
      if (in.readableBytes() < total) {
        return;
      }
      // The payload goes straight into the frame's own array: no copy of the whole frame first.
      byte[] payload = new byte[pendingLength];
      in.skipBytes(FrameFormat.HEADER_BYTES);
      in.readBytes(payload);
      int stored = in.readIntLE();
      pendingLength = -1;
      out.add(FrameFormat.decodeBody(header, payload, stored));
    }
  }
}
