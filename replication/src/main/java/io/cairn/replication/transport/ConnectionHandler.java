package io.cairn.replication.transport;

import io.cairn.common.CairnException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's life: the handshake ({@link Handshake}) first, with a deadline, then frames
 * handed to the transport's {@link Transport.Inbound}. Anything wrong (a refused handshake, a
 * malformed or oversized frame, a handshake frame after authentication) is logged and closes this
 * connection only; the node keeps running and a dialer reconnects with backoff.
 *
 * <p>Thread-safety: one per channel, on its event loop.
 */
final class ConnectionHandler extends SimpleChannelInboundHandler<Frame> {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);

  private final Transport transport;
  private final Handshake handshake;
  /** The peer this node dialed, or null for an accepted connection. */
  private final PeerLink dialed;
  private PeerLink link;

  ConnectionHandler(Transport transport, Handshake handshake, PeerLink dialed) {
    this.transport = transport;
    this.handshake = handshake;
    this.dialed = dialed;
  }

  @Override
  public void channelActive(ChannelHandlerContext context) {
    context.writeAndFlush(Unpooled.wrappedBuffer(FrameFormat.encode(handshake.hello())));
    context.executor().schedule(() -> {
      if (!handshake.authenticated() && context.channel().isActive()) {
        refuse(context, "no handshake within " + Transport.HANDSHAKE_TIMEOUT_MILLIS + " ms");
      }
    }, Transport.HANDSHAKE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    context.fireChannelActive();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext context, Frame frame) {
    if (link != null && handshake.authenticated()) {
      if (frame.type() == Frame.Type.HELLO || frame.type() == Frame.Type.PROOF) {
        refuse(context, "handshake frame " + frame.type() + " after authentication");
        return;
      }
      link.heard();
      transport.deliver(link.id, frame);
      return;
    }
    try {
      if (frame.type() == Frame.Type.HELLO) {
        int peer = handshake.acceptHello(frame);
        link = transport.link(peer);
        if (link == null || (dialed != null && dialed != link)) {
          refuse(context, "member " + peer + " answered at the address of member " + (dialed == null ? "?" : dialed.id));
          link = null;
          return;
        }
        context.writeAndFlush(Unpooled.wrappedBuffer(FrameFormat.encode(handshake.proof())));
      } else {
        handshake.acceptProof(frame);
        LOG.debug("authenticated member {} ({}) on {}", link.id, handshake.peerKey().shortHex(), context.channel());
        link.attach(context.channel());
      }
    } catch (CairnException refused) {
      refuse(context, refused.getMessage());
    }
  }

  private void refuse(ChannelHandlerContext context, String reason) {
    transport.refused();
    LOG.warn("refusing connection {} {}: {}", dialed != null ? "to" : "from", context.channel().remoteAddress(), reason);
    context.close();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext context) {
    if (link != null && context.channel().isWritable()) {
      // Behind the writes other threads queued on this loop before the backlog took frames: a
      // drain right here wrote the backlog ahead of them, and the peer got frames out of order (a
      // snapshot chunk ahead of the one before it, which the receiver drops as a gap).
      PeerLink drained = link;
      context.channel().eventLoop().execute(drained::drain);
    }
    context.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    if (link != null) {
      link.detach(context.channel());
    }
    if (dialed != null) {
      transport.redialLater(dialed);
    }
    context.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (reason instanceof CairnException) {
      refuse(context, "bad frame: " + reason.getMessage());
    } else {
      LOG.debug("connection {} failed: {}", context.channel(), reason.toString());
      context.close();
    }
  }
}
