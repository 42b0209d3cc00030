package org.flowcert.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.flowcert.io.UserError;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditTest {
    private static final Path EXAMPLES = Paths.get("examples", "audit");
    private static final Problem W1 = ProblemReader.read(EXAMPLES.resolve("w1-tanh-h16.json"));
    private static final int H = 16;

    private static Auditor.Result audit(Trajectory t, double rtol, Double lr) {
        return Auditor.audit(W1, t, new Auditor.Options(rtol,
                lr == null ? OptionalDouble.empty() : OptionalDouble.of(lr), rtol), null);
    }

    private static List<Integer> flaggedRows(Auditor.Result r) {
        List<Integer> rows = new ArrayList<>();
        for (Auditor.RowResult x : r.rows()) {
            if (x.flagged()) {
                rows.add(x.index());
            }
        }
        return rows;
    }

    @Test
    void cleanNumpyRunHasNoFlags() {
        Trajectory t = TrajectoryReader.read(EXAMPLES.resolve("clean.csv"), W1.network());
        assertThat(t.rows()).hasSize(101);
        Auditor.Result r = audit(t, 1e-6, 0.1);
        assertThat(r.flagged()).isZero();
        // the reported losses are float64 evaluations: well inside 1e-12 of the enclosure
        assertThat(r.rows()).allSatisfy(x -> assertThat(x.lossRelError()).isLessThan(1e-12));
    }

    @Test
    void corruptedDigitsAreFoundExactlyWhereTheyAre() {
        Trajectory t = TrajectoryReader.read(EXAMPLES.resolve("corrupted.csv"), W1.network());
        Auditor.Result r = audit(t, 1e-6, 0.1);
        // row 40: theta_3 changed (the step 39 -> 40 no longer fits, nor 40 -> 41, which is marked as its
        // consequence); row 70: loss digit changed
        assertThat(flaggedRows(r)).containsExactly(40, 70);
        assertThat(r.rows().get(40).flags()).containsExactly("not-gd-step");
        assertThat(r.rows().get(41).flags()).isEmpty();
        assertThat(r.rows().get(41).consequenceFlags()).containsExactly("not-gd-step");
        assertThat(r.rows().get(41).consequenceOf()).isEqualTo(40);
        assertThat(r.rows().get(70).flags()).containsExactly("loss");
        assertThat(r.firstInconsistent()).isEqualTo(40);
    }

    @Test
    void aWrongLearningRateFlagsEveryStep() {
        Trajectory t = TrajectoryReader.read(EXAMPLES.resolve("clean.csv"), W1.network());
        Auditor.Result r = audit(t, 1e-6, 0.05);
        assertThat(r.flagged()).isEqualTo(100);
        assertThat(r.rows().get(0).flags()).isEmpty();
    }

    @Test
    void theNpzStateDictEqualsTheCsv() {
        Trajectory csv = TrajectoryReader.read(EXAMPLES.resolve("clean.csv"), W1.network());
        Trajectory npz = TrajectoryReader.read(EXAMPLES.resolve("clean.npz"), W1.network());
        assertThat(npz.rows()).hasSize(csv.rows().size());
        for (int i = 0; i < csv.rows().size(); i++) {
            assertThat(npz.rows().get(i).theta()).containsExactly(csv.rows().get(i).theta());
            assertThat(npz.rows().get(i).loss()).isEqualTo(csv.rows().get(i).loss());
            assertThat(npz.rows().get(i).time()).isEqualTo(csv.rows().get(i).time());
        }
    }

    /** {@link #gdRun} for the other audit tests. */
    static Trajectory gdRunForTests(int steps, boolean float32) {
        return gdRun(steps, float32);
    }

    /** An independent float64 GD run of W1 tanh H=16 (plain loops, Math.tanh), lr 0.1. */
    private static Trajectory gdRun(int steps, boolean float32) {
        double[] th = W1.thetaDoubles();
        if (float32) {
            for (int k = 0; k < th.length; k++) {
                th[k] = (float) th[k];
            }
        }
        int n = 64;
        List<Trajectory.Row> rows = new ArrayList<>();
        for (int s = 0; s <= steps; s++) {
            double[] g = new double[th.length];
            double loss = 0;
            float loss32 = 0;
            float[] g32 = new float[th.length];
            for (int i = 0; i < n; i++) {
                double x = i / 64.0;
                double y = x * x;
                if (!float32) {
                    double out = th[3 * H];
                    double[] a = new double[H];
                    for (int j = 0; j < H; j++) {
                        a[j] = Math.tanh(th[j] * x + th[H + j]);
                        out += th[2 * H + j] * a[j];
                    }
                    double r = out - y;
                    loss += r * r / n;
                    double e = 2 * r / n;
                    for (int j = 0; j < H; j++) {
                        double gz = e * th[2 * H + j] * (1 - a[j] * a[j]);
                        g[j] += gz * x;
                        g[H + j] += gz;
                        g[2 * H + j] += e * a[j];
                    }
                    g[3 * H] += e;
                } else {
                    float xf = (float) x;
                    float yf = xf * xf;
                    float out = (float) th[3 * H];
                    float[] a = new float[H];
                    for (int j = 0; j < H; j++) {
                        a[j] = (float) Math.tanh((float) th[j] * xf + (float) th[H + j]);
                        out += (float) th[2 * H + j] * a[j];
                    }
                    float r = out - yf;
                    loss32 += r * r / n;
                    float e = 2 * r / n;
                    for (int j = 0; j < H; j++) {
                        float gz = e * (float) th[2 * H + j] * (1 - a[j] * a[j]);
                        g32[j] += gz * xf;
                        g32[H + j] += gz;
                        g32[2 * H + j] += e * a[j];
                    }
                    g32[3 * H] += e;
                }
            }
            rows.add(new Trajectory.Row(s + 2, s, OptionalDouble.of(float32 ? loss32 : loss), th.clone()));
            for (int k = 0; k < th.length; k++) {
                th[k] = float32 ? (float) ((float) th[k] - (float) 0.1 * g32[k]) : th[k] - 0.1 * g[k];
            }
        }
        return new Trajectory("generated", "step", rows, float32);
    }

    @Test
    void noFalseFlagsOnAThousandStepFloat64Run() {
        Auditor.Result r = audit(gdRun(1000, false), 1e-6, 0.1);
        assertThat(flaggedRows(r)).isEmpty();
    }

    @Test
    void float32RunsAreFlaggedAtTightToleranceAndPassAtFloat32Tolerance() {
        Trajectory t = gdRun(200, true);
        // binary32 losses carry ~1e-7 relative error: a 1e-9 tolerance must flag most rows
        assertThat(audit(t, 1e-9, null).flagged()).isGreaterThan(150);
        // at 1e-4 (float32's honest accuracy for a 64-term mean) the run holds, steps included
        assertThat(flaggedRows(audit(t, 1e-4, 0.1))).isEmpty();
    }

    @Test
    void flowShadowingSeparatesAnAccurateFromACoarseIntegration() {
        Problem w3 = ProblemReader.read(EXAMPLES.resolve("w1-tanh-h4.json"));
        // DOP853 at rtol 1e-10 (the fast mode's default): every row proved within 1e-6 up to t = 2
        Trajectory good = TrajectoryReader.read(EXAMPLES.resolve("flow-dop853.csv"), w3.network());
        Shadowing.Result g = Shadowing.shadow(w3, good, 1e-6, new org.flowcert.flow.validated.ValidatedFlow.Listener() { });
        assertThat(g.complete()).isTrue();
        assertThat(g.trustedUntil()).isEqualTo(2.0);
        assertThat(g.rows()).allSatisfy(b -> assertThat(b.hi()).isLessThan(1e-9));
        // RK4 with h = 0.25 is off by about 1e-3 (its local error ~ h^5 f^(5)): proved farther than 1e-6 at once
        Trajectory coarse = TrajectoryReader.read(EXAMPLES.resolve("flow-rk4-h0.25.csv"), w3.network());
        Shadowing.Result c = Shadowing.shadow(w3, coarse, 1e-6, new org.flowcert.flow.validated.ValidatedFlow.Listener() { });
        assertThat(c.trustedUntil()).isEqualTo(0.0);
        assertThat(c.rows().get(1).lo()).isGreaterThan(1e-6);
        assertThat(c.rows().get(8).hi()).isLessThan(1e-2);
        Auditor.Result r = Auditor.audit(w3, coarse, new Auditor.Options(1e-6, OptionalDouble.empty(), 1e-6), null);
        assertThat(r.flagged()).isZero(); // the losses are right for the theta recorded: only the flow is off
    }

    @Test
    void malformedCsvNamesRowAndColumn() {
        String header = "step,loss," + String.join(",", java.util.stream.IntStream.range(0, 49)
                .mapToObj(k -> "theta_" + k).toArray(String[]::new));
        String good = "0,0.5" + ",0.1".repeat(49);
        String bad = "1,0.5" + ",0.1".repeat(20) + ",0.1x" + ",0.1".repeat(28);
        assertThatThrownBy(() -> TrajectoryReader.csv(header + "\n" + good + "\n" + bad + "\n", 49, "t.csv"))
                .isInstanceOf(UserError.class).hasMessageContaining("t.csv").hasMessageContaining("line 3")
                .hasMessageContaining("theta_20");
        assertThatThrownBy(() -> TrajectoryReader.csv(header.replace(",theta_7", "") + "\n", 49, "t.csv"))
                .isInstanceOf(UserError.class).hasMessageContaining("theta_7");
        assertThatThrownBy(() -> TrajectoryReader.csv(header + "\n0,1,2\n", 49, "t.csv"))
                .isInstanceOf(UserError.class).hasMessageContaining("line 2").hasMessageContaining("columns");
        assertThatThrownBy(() -> TrajectoryReader.csv("loss,theta_0\n1,2\n", 1, "t.csv"))
                .isInstanceOf(UserError.class).hasMessageContaining("step or t");
    }

    private static byte[] npy(String descr, String shape, double[] data, boolean f32) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shape + "), }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length * (f32 ? 4 : 8))
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (double d : data) {
            if (f32) {
                b.putFloat((float) d);
            } else {
                b.putDouble(d);
            }
        }
        return b.array();
    }

    @Test
    void npyReadsFloat64AndFloat32AndRefusesOtherDtypes(@TempDir Path dir) throws Exception {
        double[] data = new double[2 * 49];
        for (int i = 0; i < data.length; i++) {
            data[i] = i / 7.0;
        }
        Path f = dir.resolve("t.npy");
        Files.write(f, npy("<f8", "2, 49", data, false));
        Trajectory t = TrajectoryReader.read(f, W1.network());
        assertThat(t.rows()).hasSize(2);
        assertThat(t.rows().get(1).theta()[0]).isEqualTo(49 / 7.0);
        assertThat(t.float32()).isFalse();
        Files.write(f, npy("<f4", "2, 49", data, true));
        t = TrajectoryReader.read(f, W1.network());
        assertThat(t.float32()).isTrue();
        assertThat(t.rows().get(1).theta()[0]).isEqualTo((float) (49 / 7.0));
        Files.write(f, npy("<i8", "2, 49", data, false));
        assertThatThrownBy(() -> TrajectoryReader.read(f, W1.network())).isInstanceOf(UserError.class)
                .hasMessageContaining("float64");
        Files.write(f, npy("<f8", "2, 48", new double[96], false));
        assertThatThrownBy(() -> TrajectoryReader.read(f, W1.network())).isInstanceOf(UserError.class)
                .hasMessageContaining("(n, 49)");
        Files.write(f, "not numpy".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> TrajectoryReader.read(f, W1.network())).isInstanceOf(UserError.class)
                .hasMessageContaining("magic");
    }

    @Test
    void jsonLinesWithStateDict(@TempDir Path dir) throws Exception {
        double[] th = W1.thetaDoubles();
        StringBuilder sb = new StringBuilder();
        sb.append("{\"step\": 0, \"loss\": 0.16, \"state_dict\": {");
        sb.append("\"net.0.weight\": ").append(nested(th, 0, H, true)).append(", ");
        sb.append("\"net.0.bias\": ").append(nested(th, H, H, false)).append(", ");
        sb.append("\"net.2.weight\": [").append(nested(th, 2 * H, H, false)).append("], ");
        sb.append("\"net.2.bias\": [").append(th[3 * H]).append("]}}\n");
        Path f = dir.resolve("t.jsonl");
        Files.writeString(f, sb.toString());
        Trajectory t = TrajectoryReader.read(f, W1.network());
        assertThat(t.rows().get(0).theta()).containsExactly(th);
    }

    private static String nested(double[] th, int from, int n, boolean column) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append(column ? "[" + th[from + i] + "]" : Double.toString(th[from + i]));
        }
        return sb.append("]").toString();
    }

    @Test
    void commandExitCodesJsonAndReport(@TempDir Path dir) {
        String p = EXAMPLES.resolve("w1-tanh-h16.json").toString();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        int clean;
        int corrupted;
        try {
            System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
            clean = org.flowcert.cli.Main.run("audit", p, EXAMPLES.resolve("clean.csv").toString(), "--lr", "0.1",
                    "--json", "--report", dir.resolve("r.html").toString());
            corrupted = org.flowcert.cli.Main.run("audit", p, EXAMPLES.resolve("corrupted.csv").toString(),
                    "--lr", "0.1");
        } finally {
            System.setOut(old);
        }
        assertThat(clean).isZero();
        assertThat(corrupted).isEqualTo(1);
        String json = out.toString(StandardCharsets.UTF_8);
        assertThat(json).contains("\"flagged\":0").contains("\"rows\":[").contains("\"loss_reported\"");
        assertThat(dir.resolve("r.html")).exists();
        assertThat(org.flowcert.cli.Main.run("audit", p, "missing.csv")).isEqualTo(2);
        assertThat(org.flowcert.cli.Main.run("audit", p, EXAMPLES.resolve("clean.csv").toString(), "--rtol", "-1"))
                .isEqualTo(2);
        assertThat(org.flowcert.cli.Main.run("audit", p, EXAMPLES.resolve("clean.csv").toString(), "--report",
                dir.resolve("r.txt").toString())).isEqualTo(2);
        assertThat(String.format(Locale.ROOT, "%s", dir)).isNotEmpty();
    }
}
