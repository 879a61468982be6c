package io.cairn.bench.report;

import io.cairn.common.CairnIoException;
import io.cairn.node.api.LineCharts;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** {@link LineCharts} drawn with XChart in headless mode (registered as a service for the node's commands). */
public final class XChartLineCharts implements LineCharts {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 560;

  @Override
  public void write(Chart chart, Path file) {
    System.setProperty("java.awt.headless", "true");
    XYChart drawn = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(chart.title())
        .xAxisTitle(chart.xTitle()).yAxisTitle(chart.yTitle()).build();
    drawn.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    drawn.getStyler().setXAxisLogarithmic(chart.logX());
    drawn.getStyler().setYAxisLogarithmic(chart.logY());
    drawn.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    for (Series series : chart.series()) {
      if (series.x().length == 0) {
        continue;
      }
      XYSeries line = drawn.addSeries(series.name(), series.x(), series.y());
      line.setMarker(SeriesMarkers.CIRCLE);
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (OutputStream out = Files.newOutputStream(file)) {
        ImageIO.write(BitmapEncoder.getBufferedImage(drawn), "png", out);
      }
    } catch (IOException e) {
      throw CairnIoException.wrap("write chart " + file, e);
    }
  }
}
