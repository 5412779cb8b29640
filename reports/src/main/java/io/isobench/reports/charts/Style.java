package io.isobench.reports.charts;

import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.awt.Font;
import java.util.List;

/** One look for every chart: the same colour for a runtime everywhere, readable fonts, legend below. */
final class Style {
    static final int WIDTH = 900;
    static final int HEIGHT = 480;
    private static final List<String> RUNTIMES = List.of("bare", "container", "vm");
    private static final Color[] RUNTIME_COLORS = {new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868), new Color(0x8172B3)};
    static final Color[] PALETTE = {new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868), new Color(0xC44E52),
            new Color(0x8172B3), new Color(0x937860), new Color(0xDA8BC3), new Color(0x8C8C8C), new Color(0xCCB974), new Color(0x64B5CD)};

    private Style() {
    }

    static Color runtime(String runtime) {
        int i = RUNTIMES.indexOf(runtime);
        return RUNTIME_COLORS[i < 0 ? RUNTIME_COLORS.length - 1 : i];
    }

    static void apply(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(false);
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setLegendBorderColor(Color.WHITE);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setChartTitleBoxVisible(false);
        s.setSeriesColors(PALETTE);
    }
}
