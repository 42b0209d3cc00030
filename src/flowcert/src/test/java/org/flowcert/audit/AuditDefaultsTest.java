package org.flowcert.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.flowcert.io.UserError;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 15 §4: default tolerances by precision, flags on the right row, hints, inputs as
 * PyTorch users write them. Fixtures: src/test/resources/audit (make_fixtures.py, numpy): a
 * 2-6-4-1 tanh network the defaults were not tuned on, 40 GD steps at lr 0.05 in float64 and
 * in float32.
 */
class AuditDefaultsTest {
    private static final Path RES = org.flowcert.TestData.resources("audit", "mlp-2-6-4-1.json");
    private static final Problem MLP = ProblemReader.read(RES.resolve("mlp-2-6-4-1.json"));
    private static final Problem W1 = ProblemReader.read(Paths.get("examples", "audit", "w1-tanh-h16.json"));

    private static Trajectory read(String name) {
        return TrajectoryReader.read(RES.resolve(name), MLP.network());
    }

    /** The audit with the derived default tolerances, as the command runs it. */
    private static Auditor.Result byDefault(Problem p, Trajectory t, double lr) {
        ErrorModel.Derived d = ErrorModel.derive(p, t);
        return Auditor.audit(p, t, new Auditor.Options(d.lossRtol(), OptionalDouble.of(lr), d.gradRtol()), null);
    }

    private static List<Integer> own(Auditor.Result r) {
        List<Integer> rows = new ArrayList<>();
        for (Auditor.RowResult x : r.rows()) {
            if (x.flagged()) {
                rows.add(x.index());
            }
        }
        return rows;
    }

    private static List<Integer> consequences(Auditor.Result r) {
        List<Integer> rows = new ArrayList<>();
        for (Auditor.RowResult x : r.rows()) {
            if (!x.consequenceFlags().isEmpty()) {
                rows.add(x.index());
            }
        }
        return rows;
    }

    private static Trajectory withTheta(Trajectory t, int row, int i, double factor) {
        List<Trajectory.Row> rows = new ArrayList<>(t.rows());
        Trajectory.Row r = rows.get(row);
        double[] th = r.theta();
        th[i] = t.float32() ? (float) (th[i] * factor) : th[i] * factor;
        rows.set(row, new Trajectory.Row(r.line(), r.time(), r.loss(), th));
        return new Trajectory(t.source(), t.timeColumn(), rows, t.float32());
    }

    @Test
    void derivedTolerancesScaleWithTheUnitRoundoff() {
        Trajectory t64 = read("f64-clean.csv");
        Trajectory t32 = read("f32-clean.npz");
        assertThat(t32.float32()).isTrue();
        ErrorModel.Derived d64 = ErrorModel.derive(MLP, t64);
        ErrorModel.Derived d32 = ErrorModel.derive(MLP, t32);
        assertThat(d64.unit()).isEqualTo(0x1p-53);
        assertThat(d32.unit()).isEqualTo(0x1p-24);
        // a few hundred to a few thousand units u: tighter than 1e-12, far above u itself
        assertThat(d64.lossRtol()).isBetween(8 * 0x1p-53, 1e-12);
        assertThat(d64.gradRtol()).isBetween(8 * 0x1p-53, 1e-11);
        // the model is linear in u: binary32 over binary64 is 2^29 up to the two-digit rounding and the
        // float32 trajectory's slightly different theta
        assertThat(d32.lossRtol() / d64.lossRtol() / 0x1p29).isBetween(0.8, 1.25);
        assertThat(d32.gradRtol() / d64.gradRtol() / 0x1p29).isBetween(0.8, 1.25);
    }

    @Test
    void float64DefaultsFlagExactlyTheCorruptedRowAndNothingOnCleanLogs() {
        assertThat(own(byDefault(MLP, read("f64-clean.csv"), 0.05))).isEmpty();
        assertThat(own(byDefault(MLP, read("f64-named.npz"), 0.05))).isEmpty();
        // theta_7 of row 17 times (1 + 3e-7): row 17 is the first inconsistent row, 18 its consequence
        Auditor.Result r = byDefault(MLP, read("f64-corrupt.csv"), 0.05);
        assertThat(own(r)).containsExactly(17);
        assertThat(r.firstInconsistent()).isEqualTo(17);
        assertThat(r.rows().get(17).flags()).contains(Auditor.NOT_GD_STEP);
        assertThat(consequences(r)).containsExactly(18);
        assertThat(r.rows().get(18).consequenceOf()).isEqualTo(17);
        assertThat(r.hints()).isEmpty();
    }

    @Test
    void float64DefaultsOnOtherRowsWeightsAndTheBundledExample() {
        Random rnd = new Random(15);
        Trajectory clean = TrajectoryReader.read(Paths.get("examples", "audit", "clean.csv"), W1.network());
        assertThat(own(byDefault(W1, clean, 0.1))).isEmpty();
        for (int trial = 0; trial < 4; trial++) {
            int k = 1 + rnd.nextInt(98);
            int i = rnd.nextInt(W1.parameterCount());
            Auditor.Result r = byDefault(W1, withTheta(clean, k, i, 1 + 3e-7), 0.1);
            assertThat(own(r)).as("row %d theta_%d", k, i).containsExactly(k);
            assertThat(consequences(r)).containsExactly(k + 1);
        }
        Trajectory mlp = read("f64-clean.csv");
        for (int trial = 0; trial < 3; trial++) {
            int k = 1 + rnd.nextInt(38);
            int i = rnd.nextInt(MLP.parameterCount());
            assertThat(own(byDefault(MLP, withTheta(mlp, k, i, 1 - 3e-7), 0.05))).as("row %d theta_%d", k, i)
                    .containsExactly(k);
        }
    }

    @Test
    void aCorruptedFirstRowIsReportedAsRowZero() {
        Auditor.Result r = byDefault(MLP, read("f64-corrupt-row0.csv"), 0.05);
        assertThat(own(r)).containsExactly(0);
        assertThat(r.rows().get(0).flags()).contains(Auditor.NOT_GD_STEP);
        assertThat(consequences(r)).containsExactly(1);
        assertThat(r.rows().get(1).consequenceOf()).isZero();
        // the last row: only the step into it fails
        Auditor.Result last = byDefault(MLP, withTheta(read("f64-clean.csv"), 40, 3, 1 + 3e-7), 0.05);
        assertThat(own(last)).containsExactly(40);
        assertThat(consequences(last)).isEmpty();
    }

    @Test
    void float32DefaultsPassCleanRunsAndFindACorruptedWeight() {
        assertThat(own(byDefault(MLP, read("f32-clean.npz"), 0.05))).isEmpty();
        // theta_7 of row 17 times (1 + 3e-4), about 30 ulps of binary32
        Auditor.Result r = byDefault(MLP, read("f32-corrupt.npz"), 0.05);
        assertThat(own(r)).containsExactly(17);
        assertThat(consequences(r)).containsExactly(18);
        // an independent float32 run (Java loops, W1, 200 steps): clean with the binary32 defaults
        Trajectory t = AuditTest.gdRunForTests(200, true);
        assertThat(own(byDefault(W1, t, 0.1))).isEmpty();
        Trajectory t64 = AuditTest.gdRunForTests(1000, false);
        assertThat(own(byDefault(W1, t64, 0.1))).isEmpty();
    }

    @Test
    void hintWrongLearningRate() {
        Auditor.Result r = byDefault(MLP, read("f64-clean.csv"), 0.04);
        assertThat(r.flagged()).isEqualTo(40);
        assertThat(r.lrEstimate().getAsDouble()).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.hints()).anySatisfy(h -> assertThat(h).contains("wrong learning rate").contains("0.05"));
    }

    @Test
    void hintLossLoggedBeforeTheStep() {
        Auditor.Result r = byDefault(MLP, read("f64-shifted.csv"), 0.05);
        assertThat(r.rows().get(5).flags()).containsExactly(Auditor.LOSS);
        assertThat(r.hints()).anySatisfy(h -> assertThat(h).contains("previous row").contains("opt.step()"));
        assertThat(r.hints()).noneSatisfy(h -> assertThat(h).contains("learning rate"));
    }

    @Test
    void hintFloat32DataWithoutTheOption() {
        Trajectory t = read("f32-clean.csv");
        assertThat(t.float32()).isFalse();
        Auditor.Result r = byDefault(MLP, t, 0.05);
        assertThat(r.flagged()).isGreaterThan(30);
        assertThat(r.hints()).anySatisfy(h -> assertThat(h).contains("--float32"));
        // with --float32 the same file is clean
        Trajectory t32 = new Trajectory(t.source(), t.timeColumn(), t.rows(), true);
        assertThat(own(byDefault(MLP, t32, 0.05))).isEmpty();
        // and a float64 log does not get the hint
        assertThat(byDefault(MLP, read("f64-corrupt.csv"), 0.05).hints()).isEmpty();
    }

    @Test
    void stateDictNamesIntegerStepsAndLayout() {
        Trajectory csv = read("f64-clean.csv");
        Trajectory npz = read("f64-named.npz");
        assertThat(npz.timeColumn()).isEqualTo("step");
        for (int i = 0; i < csv.rows().size(); i++) {
            assertThat(npz.rows().get(i).theta()).containsExactly(csv.rows().get(i).theta());
            assertThat(npz.rows().get(i).time()).isEqualTo(i);
            assertThat(npz.rows().get(i).loss()).isEqualTo(csv.rows().get(i).loss());
        }
        // arrays stored head, fc2, fc1: the file order does not fit the network, --layout does
        assertThatThrownBy(() -> read("f64-reversed.npz")).isInstanceOf(UserError.class)
                .hasMessageContaining("--layout").hasMessageContaining("head.weight");
        Trajectory rev = TrajectoryReader.read(RES.resolve("f64-reversed.npz"), MLP.network(),
                List.of("fc1", "fc2", "head"));
        assertThat(rev.rows().get(40).theta()).containsExactly(csv.rows().get(40).theta());
        assertThatThrownBy(() -> TrajectoryReader.read(RES.resolve("f64-reversed.npz"), MLP.network(),
                List.of("fc1", "fc2"))).isInstanceOf(UserError.class).hasMessageContaining("head");
        assertThatThrownBy(() -> TrajectoryReader.read(RES.resolve("f64-reversed.npz"), MLP.network(),
                List.of("fc1", "fc2", "out"))).isInstanceOf(UserError.class).hasMessageContaining("out");
    }

    @Test
    void pytorchPicklesAreRefusedNamingTheAlternatives(@TempDir Path dir) throws Exception {
        Path zip = dir.resolve("model.bin");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("archive/data.pkl"));
            z.write(new byte[] {(byte) 0x80, 2, '}', 'q', 0, '.'});
            z.closeEntry();
            z.putNextEntry(new ZipEntry("archive/data/0"));
            z.write(new byte[64]);
            z.closeEntry();
        }
        Path pickle = dir.resolve("traj.npz");
        Files.write(pickle, new byte[] {(byte) 0x80, 4, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0, 0, '.'});
        Path pt = dir.resolve("traj.pt");
        Files.writeString(pt, "step,loss\n");
        for (Path p : List.of(zip, pickle, pt)) {
            assertThatThrownBy(() -> TrajectoryReader.read(p, MLP.network())).isInstanceOf(UserError.class)
                    .hasMessageContaining("numpy.savez").hasMessageContaining(".csv").hasMessageContaining(".jsonl");
            Run r = cli("audit", RES.resolve("mlp-2-6-4-1.json").toString(), p.toString());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("not read").doesNotContain("Exception");
        }
    }

    @Test
    void jsonArrayOfRows(@TempDir Path dir) throws Exception {
        Trajectory csv = read("f64-clean.csv");
        StringBuilder sb = new StringBuilder("{\"rows\": [");
        for (int k = 0; k < 3; k++) {
            Trajectory.Row r = csv.rows().get(k);
            sb.append(k == 0 ? "" : ",").append("{\"step\": ").append(k).append(", \"loss\": ")
                    .append(r.loss().getAsDouble()).append(", \"theta\": ").append(java.util.Arrays.toString(r.theta()))
                    .append("}");
        }
        Path f = dir.resolve("t.json");
        Files.writeString(f, sb.append("]}").toString());
        Trajectory t = TrajectoryReader.read(f, MLP.network());
        assertThat(t.rows()).hasSize(3);
        assertThat(t.rows().get(2).theta()).containsExactly(csv.rows().get(2).theta());
        Files.writeString(f, "{\"rows\": [{\"step\": 0, \"loss\": 1e999, \"theta\": []}]}");
        assertThatThrownBy(() -> TrajectoryReader.read(f, MLP.network())).isInstanceOf(UserError.class)
                .hasMessageContaining("rows[0]").hasMessageContaining("finite");
    }

    record Run(int code, String out, String err) {
    }

    /** Runs the command line in-process (stdout: System.out, as the command prints there). */
    static Run cli(String... args) {
        return cli(org.flowcert.cli.Main.commandLine(), args);
    }

    /** Runs {@code args} on {@code cl}, which picocli resets to its defaults before each parse. */
    static Run cli(CommandLine cl, String... args) {
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        ByteArrayOutputStream sysOut = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int code;
        try {
            System.setOut(new PrintStream(sysOut, true, StandardCharsets.UTF_8));
            code = cl.execute(args);
        } finally {
            System.setOut(old);
        }
        return new Run(code, out + sysOut.toString(StandardCharsets.UTF_8), err.toString());
    }

    @Test
    void commandStatesTheDerivedDefaultsAndKeepsRtolAsADeprecatedAlias(@TempDir Path dir) {
        String p = RES.resolve("mlp-2-6-4-1.json").toString();
        Run r = cli("audit", p, RES.resolve("f64-corrupt.csv").toString(), "--lr", "0.05");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("tolerances: loss").contains("(derived)").contains("binary64")
                .contains("first inconsistent row: 17").contains("follows from row 17");
        Run j = cli("audit", p, RES.resolve("f32-clean.npz").toString(), "--lr", "0.05", "--json");
        assertThat(j.code()).isZero();
        assertThat(j.out()).contains("\"precision\":\"binary32\"").contains("\"loss_rtol_derived\":true")
                .contains("\"first_inconsistent\":null");
        Run old = cli("audit", p, RES.resolve("f64-clean.csv").toString(), "--rtol", "1e-6");
        assertThat(old.code()).isZero();
        assertThat(old.err()).contains("deprecated").contains("--loss-rtol");
        assertThat(old.out()).contains("1.0e-06 relative (--loss-rtol)");
        assertThat(cli("audit", p, RES.resolve("f64-clean.csv").toString(), "--rtol", "1e-6", "--loss-rtol",
                "1e-6").code()).isEqualTo(2);
        Run hint = cli("audit", p, RES.resolve("f64-clean.csv").toString(), "--lr", "0.04");
        assertThat(hint.out()).contains("hint: wrong learning rate");
    }

    @Test
    void untrustedTextIsEscapedOnTheTerminalAndInTheReport(@TempDir Path dir) throws Exception {
        String p = RES.resolve("mlp-2-6-4-1.json").toString();
        String evil = "\u001b[2J\u001b[1;32mVALID\r\b\b\u202e\u2066<b>x</b>";
        // a header with control characters: refused, the message shows escapes
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "step,loss,theta_" + evil + "\n0,1,2\n");
        Run r = cli("audit", p, bad.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("\\x1b[2J").contains("\\r").contains("\\b")
                .doesNotContain("\u001b").doesNotContain("\r").doesNotContain("\b").doesNotContain("\u202e");
        // a file name with control characters and an ignored hostile column: accepted, printed escaped
        List<String> lines = Files.readAllLines(RES.resolve("f64-clean.csv"));
        List<String> withColumn = new ArrayList<>();
        withColumn.add(lines.get(0) + ",note" + evil);
        for (int i = 1; i < lines.size(); i++) {
            withColumn.add(lines.get(i) + ",0");
        }
        Path odd = dir.resolve("run\u001b[31m\r.csv");
        Files.write(odd, withColumn);
        Path report = dir.resolve("r.html");
        Run ok = cli("audit", p, odd.toString(), "--lr", "0.05", "--report", report.toString());
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("run\\x1b[31m\\r.csv").doesNotContain("\u001b").doesNotContain("\r");
        String html = Files.readString(report);
        assertThat(html).contains("run\\x1b[31m\\r.csv").doesNotContain("\u001b").doesNotContain("\r")
                .doesNotContain("Result[").doesNotContain("Row[").doesNotContain("Network[")
                .doesNotContain("Options[");
        assertThat(Text.html(evil)).doesNotContain("<b>").contains("&lt;b&gt;");
    }
}
