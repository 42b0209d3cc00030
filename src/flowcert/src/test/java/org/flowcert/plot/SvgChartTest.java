package org.flowcert.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SvgChartTest {
    /** The tick labels of the x axis (centred texts below the plot, in order). */
    static List<String> xLabels(String svg) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<text x=\"[0-9.]+\" y=\"[0-9.]+\" text-anchor=\"middle\">(.*?)</text>").matcher(svg);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static List<String> yLabels(String svg) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("text-anchor=\"end\">(.*?)</text>").matcher(svg);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void aSymlogAxisShowsZeroAndEveryDecade() {
        double[] t = {0, 1e-3, 1e-2, 0.1, 1, 10, 100};
        double[] y = {1, 2, 3, 4, 5, 6, 7};
        String svg = new SvgChart("", "t", "y", true, false).symlogX(1e-2).add(new SvgChart.Series("", t, y, "#000", false))
                .render();
        List<String> x = xLabels(svg);
        // 0, then c = 0.01 and the decades above it, all plain decimals; the xLabel "t" last
        assertThat(x).containsExactly("0", "0.01", "0.1", "1", "10", "100", "t");
        // the point at t = 0 is drawn (the path has all 7 points)
        assertThat(svg).containsPattern("d=\"M[^\"]*( L[^\"]*){6}\"");
    }

    @Test
    void labelsOfOneAxisShareOneStyle() {
        // log axis over 1e-6 .. 1: every decade as a power of ten, not 0.1 beside 10^-6
        double[] x = {1, 2, 3};
        String svg = new SvgChart("", "", "", false, true).add(new SvgChart.Series("", x, new double[] {1e-6, 1e-3, 1},
                "#000", false)).render();
        assertThat(yLabels(svg)).allMatch(l -> l.startsWith("10<tspan"));
        // linear axis 2.5640 .. 2.5680: the same number of decimal places, enough to tell the ticks apart
        svg = new SvgChart("", "", "", false, false).add(new SvgChart.Series("", x, new double[] {2.564, 2.566, 2.568},
                "#000", false)).render();
        List<String> ys = yLabels(svg);
        assertThat(ys).hasSizeGreaterThan(2).doesNotHaveDuplicates().allMatch(l -> l.matches("2\\.56\\d\\d"));
    }

    @Test
    void textIsEscapedForXmlAndControlsShownVisibly() {
        assertThat(SvgChart.esc("a<b & \"c\"\u001b[31m\u202e")).isEqualTo("a&lt;b &amp; &quot;c&quot;\\x1b[31m\\u202e");
    }
}
