package io.isobench.reports.charts;

import io.isobench.model.density.DensityResults;
import io.isobench.model.density.DensityRun;
import io.isobench.model.density.MemorySample;
import io.isobench.model.density.RampPoint;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The density charts: host memory over ready instances per runtime with its fitted line,
 * and the ready instant of instance k over k (its slope is the creation rate).
 */
public final class DensityCharts {
    private DensityCharts() {
    }

    public static List<RenderedChart> render(DensityResults r) throws IOException {
        List<RenderedChart> out = new ArrayList<>();
        if (r.runs().stream().anyMatch(run -> run.memory().size() > 1)) {
            out.add(ChartEncoder.encode("density-memory", memory(r)));
        }
        if (r.runs().stream().anyMatch(run -> !run.ramp().isEmpty())) {
            out.add(ChartEncoder.encode("density-ready", ready(r)));
        }
        return out;
    }

    static XYChart memory(DensityResults r) {
        XYChart c = new XYChartBuilder().width(Style.WIDTH).height(Style.HEIGHT)
                .title("Host memory in use over instances ready (with least-squares fit)")
                .xAxisTitle("instances ready").yAxisTitle("host memory used − before (MiB)").build();
        Style.apply(c.getStyler());
        for (DensityRun run : r.runs()) {
            if (run.memory().size() < 2) {
                continue;
            }
            long before = run.memory().get(0).hostMemoryBytes();
            double[] x = run.memory().stream().mapToDouble(MemorySample::instances).toArray();
            double[] y = run.memory().stream().mapToDouble(m -> (m.hostMemoryBytes() - before) / 1048576.0).toArray();
            XYSeries s = c.addSeries(run.runtime(), x, y);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarkerColor(Style.runtime(run.runtime()));
            s.setMarker(SeriesMarkers.CIRCLE);
            var sum = run.summary();
            if (sum != null && sum.marginalBytes() != null && sum.fixedBytes() != null) {
                double maxX = x[x.length - 1];
                XYSeries fit = c.addSeries(run.runtime() + " fit: " + String.format(java.util.Locale.ROOT, "%.0f KiB/instance",
                        sum.marginalBytes() / 1024.0), new double[] {0, maxX},
                        new double[] {sum.fixedBytes() / 1048576.0, (sum.fixedBytes() + sum.marginalBytes() * maxX) / 1048576.0});
                fit.setMarker(SeriesMarkers.NONE);
                fit.setLineColor(Style.runtime(run.runtime()));
            }
        }
        return c;
    }

    static XYChart ready(DensityResults r) {
        XYChart c = new XYChartBuilder().width(Style.WIDTH).height(Style.HEIGHT)
                .title("Ready instant of instance k (ms after the ramp began)")
                .xAxisTitle("instance k").yAxisTitle("ms").build();
        Style.apply(c.getStyler());
        for (DensityRun run : r.runs()) {
            if (run.ramp().isEmpty()) {
                continue;
            }
            double[] x = run.ramp().stream().mapToDouble(RampPoint::instance).toArray();
            double[] y = run.ramp().stream().mapToDouble(RampPoint::readyAtMs).toArray();
            XYSeries s = c.addSeries(run.runtime(), x, y);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(Style.runtime(run.runtime()));
        }
        return c;
    }
}
