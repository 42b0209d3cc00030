package org.flowcert.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link SvgChart#band}: a closed path along the upper edge and back along the lower one, broken at gaps. */
class SvgChartBandTest {
    private static String bandPath(String svg) {
        Matcher m = Pattern.compile("class=\"band\" d=\"([^\"]*)\"").matcher(svg);
        assertThat(m.find()).as(svg).isTrue();
        return m.group(1);
    }

    @Test
    void bandIsOneClosedPolygonPerUnbrokenRun() {
        double[] x = {1, 2, 3};
        String d = bandPath(new SvgChart("t", "x", "y", false, false).band("", x, new double[] {0, 0, 0},
                new double[] {1, 2, 1}, "#f2a900").render());
        // 3 points along hi, 3 back along lo, closed
        assertThat(d.split("[ML]", -1)).hasSize(7);
        assertThat(d).startsWith("M").endsWith("Z");
        // the hi edge (y up on the page) is above the lo edge at every x: first vertex y < last vertex y
        String[] v = d.replace("Z", "").trim().split(" ?[ML]");
        double yHiFirst = Double.parseDouble(v[1].trim().split(" ")[1]);
        double yLoFirst = Double.parseDouble(v[6].trim().split(" ")[1]);
        assertThat(yHiFirst).isLessThan(yLoFirst);

        // a point that cannot be drawn on a log axis breaks the band into two polygons
        String broken = bandPath(new SvgChart("t", "x", "y", false, true).band("", new double[] {1, 2, 3, 4},
                new double[] {1, 0, 1, 1}, new double[] {2, 2, 2, 2}, "#f2a900").render());
        assertThat(broken.split("Z", -1)).hasSize(3);
    }

    @Test
    void bandExtendsTheYRange() {
        // the band alone sets the range: its edges must lie inside the plot area, not clipped
        String svg = new SvgChart("t", "x", "y", false, false).size(400, 300).band("", new double[] {0, 1},
                new double[] {-5, -5}, new double[] {5, 5}, "#f2a900")
                .add(new SvgChart.Series("", new double[] {0, 1}, new double[] {0, 0}, "#000", false)).render();
        for (String part : bandPath(svg).replace("Z", "").trim().split(" ?[ML]")) {
            if (part.isBlank()) {
                continue;
            }
            double y = Double.parseDouble(part.trim().split(" ")[1]);
            assertThat(y).isBetween(30.0, 300.0 - 44.0);
        }
    }
}
