package io.cairn.replication.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * The one connection to one peer and its bounded backlog. Frames go straight to the channel while
 * it is authenticated and writable (Netty's outbound buffer, capped by the channel's high water
 * mark, is the in-flight queue); otherwise they wait in the backlog, up to {@link #BACKLOG_FRAMES}
 * frames and {@link #BACKLOG_BYTES} bytes. Beyond that a frame is dropped and {@link #send} says
 * so: KRaft tolerates lost messages and retries, and callers of forwarded writes answer "busy".
 * Writes are not flushed one by one: {@link #flush} sends everything written since the last one
 * (the driver flushes once per Ready), which batches a Ready's messages into few TCP segments.
 *
 * <p>Thread-safety: synchronised; called from the driver thread and the channel's event loop.
 */
final class PeerLink {
  static final int BACKLOG_FRAMES = 4096;
  static final long BACKLOG_BYTES = 32L << 20;

  final int id;
  final InetSocketAddress address;
  private final ArrayDeque<Encoded> backlog = new ArrayDeque<>();
  private long backlogBytes;
  private Channel channel;
  private boolean unflushed;
  private volatile long lastHeardNanos;
  private volatile boolean up;
  private long dropped;
  private long bytesSent;
  private long framesSent;
  int reconnectDelayMillis = Transport.RECONNECT_MIN_MILLIS;

  PeerLink(int id, InetSocketAddress address) {
    this.id = id;
    this.address = address;
  }

  /**
   * A frame's encoding in pieces: its header, its payload and payload tail (not copied: a snapshot
   * chunk's megabyte is not copied into a frame-sized array first, and an append body shared by
   * several peers' frames stays one array) and its trailer.
   */
  private record Encoded(byte[] header, Frame frame, byte[] trailer) {
    static Encoded of(Frame frame) {
      byte[] header = FrameFormat.header(frame);
      return new Encoded(header, frame, FrameFormat.trailer(header, frame));
    }

    int length() {
      return FrameFormat.HEADER_BYTES + frame.payloadLength() + FrameFormat.TRAILER_BYTES;
    }
  }

  /** Queues or writes {@code frame}; false when the backlog is full and it was dropped. */
  synchronized boolean send(Frame frame) {
    Encoded bytes = Encoded.of(frame);
    if (channel != null && backlog.isEmpty() && channel.isWritable()) {
      write(bytes);
      return true;
    }
    if (backlog.size() >= BACKLOG_FRAMES || backlogBytes + bytes.length() > BACKLOG_BYTES) {
      dropped++;
      return false;
    }
    backlog.add(bytes);
    backlogBytes += bytes.length();
    return true;
  }

  /**
   * Writes {@code frame} into one pooled direct buffer: a heap buffer (or a composite of the three
   * arrays) would be copied into a direct one by the channel anyway, after allocating the
   * composite's parts; this way a frame is copied once and its buffer goes back to the pool.
   */
  private void write(Encoded frame) {
    ByteBuf buffer = channel.alloc().directBuffer(frame.length());
    buffer.writeBytes(frame.header()).writeBytes(frame.frame().payload());
    Frame.Tail tail = frame.frame().tail();
    if (tail != null) {
      buffer.writeBytes(tail.array(), tail.offset(), tail.length());
    }
    buffer.writeBytes(frame.trailer());
    channel.write(buffer);
    unflushed = true;
    bytesSent += frame.length();
    framesSent++;
  }

  /** Flushes what {@link #send} wrote since the last flush. */
  synchronized void flush() {
    if (channel != null && unflushed) {
      channel.flush();
      unflushed = false;
    }
  }

  /** The connection is authenticated: it becomes the peer's channel and takes the backlog. */
  synchronized void attach(Channel authenticated) {
    Channel old = channel;
    channel = authenticated;
    up = true;
    heard();
    reconnectDelayMillis = Transport.RECONNECT_MIN_MILLIS;
    if (old != null && old != authenticated) {
      old.close();
    }
    drain();
  }

  /** {@code closed} went away; if it was the peer's channel, frames wait in the backlog again. */
  synchronized void detach(Channel closed) {
    if (channel == closed) {
      channel = null;
      up = false;
      unflushed = false;
    }
  }

  /** Moves backlog frames to the channel while it is writable. */
  synchronized void drain() {
    if (channel == null) {
      return;
    }
    while (!backlog.isEmpty() && channel.isWritable()) {
      Encoded bytes = backlog.poll();
      backlogBytes -= bytes.length();
      write(bytes);
    }
    flush();
  }

  void heard() {
    lastHeardNanos = System.nanoTime();
  }

  long lastHeardNanos() {
    return lastHeardNanos;
  }

  boolean up() {
    return up;
  }

  synchronized long dropped() {
    return dropped;
  }

  /** Frame bytes handed to the connection so far (headers included; frames dropped or waiting are not). */
  synchronized long bytesSent() {
    return bytesSent;
  }

  /** Frames handed to the connection so far. */
  synchronized long framesSent() {
    return framesSent;
  }

  synchronized Channel channel() {
    return channel;
  }
}
