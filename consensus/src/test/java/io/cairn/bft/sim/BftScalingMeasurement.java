package io.cairn.bft.sim;

import io.cairn.bft.api.Protocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The measurement behind docs/bft.md §7: messages, bytes and virtual throughput per decision for
 * PBFT and SBFT at n = 4, 7, 16, 31, 64, in the common case (no Byzantine replica, synchronous
 * network) under the {@link CostModel}. Writes a Markdown table and three PNG charts to
 * {@code -Dcairn.bft.out} (default {@code target/bft-scaling}). Slow: run with
 * {@code ./mvnw -B -pl consensus -am verify -Dslow -Dtest=BftScalingMeasurement -Dsurefire.failIfNoSpecifiedTests=false}
 * or its {@link #main}.
 */
class BftScalingMeasurement {
  private static final int[] SIZES = {4, 7, 16, 31, 64};

  record Point(Protocol protocol, int n, double messages, double bytes, double throughput, long decisions,
      long fast, long slow) {}

  @Tag("slow")
  @Test
  void measure() throws IOException {
    main(new String[] {System.getProperty("cairn.bft.out", "target/bft-scaling")});
  }

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "target/bft-scaling");
    int maxN = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    int minN = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    Files.createDirectories(out);
    List<Point> points = new ArrayList<>();
    StringBuilder table = new StringBuilder(
        "| n | protocol | msgs/decision | bytes/decision | requests/s (virtual) | decisions | fast/slow certs |\n"
            + "|---|---|---|---|---|---|---|\n");
    for (int n : SIZES) {
      if (n > maxN || n < minN) {
        continue;
      }
      for (Protocol protocol : Protocol.values()) {
        SimSettings settings = new SimSettings(protocol, n, 0, Attack.SILENT, 64, 8, 0, 0, 0, false,
            CostModel.defaults());
        RunResult r = new BftSimulation(settings, 1, null).run();
        if (r.violation() != null) {
          throw new AssertionError(protocol + " n=" + n + ": " + r.violation());
        }
        Point p = new Point(protocol, n, (double) r.messages() / r.decisions(), (double) r.bytes() / r.decisions(),
            r.requests() * 1e6 / r.virtualMicros(), r.decisions(), r.fastCertificates(), r.slowCertificates());
        points.add(p);
        String row = String.format(Locale.ROOT, "| %d | %s | %.1f | %.0f | %.0f | %d | %d/%d |%n", n,
            protocol.name().toLowerCase(Locale.ROOT), p.messages(), p.bytes(), p.throughput(), p.decisions(), p.fast(),
            p.slow());
        table.append(row);
        System.out.print(row);
        System.out.flush();
      }
    }
    Files.writeString(out.resolve("bft-scaling.md"), table);
    chart(out.resolve("bft-messages.png"), "Messages per decision", "messages", points, Point::messages);
    chart(out.resolve("bft-bytes.png"), "Bytes per decision", "bytes", points, Point::bytes);
    chart(out.resolve("bft-throughput.png"), "Throughput (virtual time, cost model)", "requests/s", points,
        Point::throughput);
  }

  private static void chart(Path file, String title, String yTitle, List<Point> points,
      java.util.function.ToDoubleFunction<Point> value) throws IOException {
    XYChart chart = new XYChartBuilder().width(640).height(400).title(title).xAxisTitle("replicas n")
        .yAxisTitle(yTitle).build();
    chart.getStyler().setYAxisLogarithmic(!title.startsWith("Throughput"));
    for (Protocol protocol : Protocol.values()) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (Point p : points) {
        if (p.protocol() == protocol) {
          xs.add((double) p.n());
          ys.add(value.applyAsDouble(p));
        }
      }
      chart.addSeries(protocol.name(), xs, ys).setMarker(SeriesMarkers.CIRCLE);
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
