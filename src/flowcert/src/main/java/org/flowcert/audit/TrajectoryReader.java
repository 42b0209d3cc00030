package org.flowcert.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.flowcert.io.UserError;
import org.flowcert.model.Network;

/**
 * Reads trajectories in the forms people have (the file's ending decides):
 * <ul>
 * <li>{@code .csv}: the contract's header — a {@code step} or {@code t} column, an optional
 * {@code loss} column, then {@code theta_0 ... theta_{P-1}} (any column order);</li>
 * <li>{@code .jsonl}/{@code .ndjson}: one object per line with {@code step} or {@code t},
 * optional {@code loss}, and either {@code theta} (a list of P numbers) or
 * {@code state_dict} (PyTorch names, see {@link StateDict});</li>
 * <li>{@code .npy}: an (n, P) array of θ rows (step = row index);</li>
 * <li>{@code .npz}: {@code theta} (n, P) or state_dict names with a leading row axis
 * ({@code 0.weight} of shape (n, out, in), ...), optional {@code loss} (n) and {@code step}
 * or {@code t} (n).</li>
 * </ul>
 * Decimal values are read as the binary64 value nearest to the text: what Python's repr,
 * {@code numpy.savetxt} and Java print round-trips exactly.
 */
public final class TrajectoryReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TrajectoryReader() {
    }

    /** Reads the trajectory at {@code path} for a network of the problem's shape. */
    public static Trajectory read(Path path, Network network) {
        return read(path, network, null);
    }

    /**
     * Reads the trajectory at {@code path}; {@code layout} names the state_dict layers in
     * network order (null: {@link StateDict}'s ordering rule).
     */
    public static Trajectory read(Path path, Network network, List<String> layout) {
        String name = path.toString(); // escaped where it is shown (the report, the terminal, Main's error handler)
        String lower = name.toLowerCase(Locale.ROOT);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new UserError(name, null, "no such file");
        } catch (IOException e) {
            throw new UserError(name, null, "cannot read the file (" + e.getMessage() + ")");
        }
        refusePickle(bytes, lower, name);
        if (lower.endsWith(".npy")) {
            return fromNpy(Npy.read(bytes, name), network, name);
        }
        if (lower.endsWith(".npz")) {
            return fromNpz(Npy.readNpz(new java.io.ByteArrayInputStream(bytes), name), network, name, layout);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
            return jsonLines(text, network, name, layout);
        }
        if (lower.endsWith(".json")) {
            return json(text, network, name, layout);
        }
        return csv(text, network.parameterCount(), name);
    }

    /** Reads CSV text with the contract's header. */
    public static Trajectory csv(String text, int p, String file) {
        String[] lines = text.split("\r?\n", -1);
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        if (first == lines.length) {
            throw new UserError(file, null, "empty trajectory: expected a header line such as step,loss,theta_0,...");
        }
        String[] header = split(lines[first]);
        int timeCol = -1;
        int lossCol = -1;
        String timeName = null;
        int[] thetaCol = new int[p];
        java.util.Arrays.fill(thetaCol, -1);
        for (int c = 0; c < header.length; c++) {
            String h = header[c].trim();
            if (h.equals("step") || h.equals("t")) {
                if (timeCol >= 0) {
                    throw new UserError(file, "header", "both a step and a t column (expected one)");
                }
                timeCol = c;
                timeName = h;
            } else if (h.equals("loss")) {
                lossCol = c;
            } else if (h.startsWith("theta_")) {
                int k;
                try {
                    k = Integer.parseInt(h.substring(6));
                } catch (NumberFormatException e) {
                    throw new UserError(file, "header column " + (c + 1), "expected theta_<index>, found " + Text.cut(h, 60));
                }
                if (k < 0 || k >= p) {
                    throw new UserError(file, "header column " + (c + 1), "expected theta_0 ... theta_" + (p - 1)
                            + " for P = " + p + ", found " + Text.cut(h, 60));
                }
                if (thetaCol[k] >= 0) {
                    throw new UserError(file, "header column " + (c + 1), "duplicate column " + Text.cut(h, 60));
                }
                thetaCol[k] = c;
            } else if (!h.isEmpty()) {
                // other columns (lr, epoch, wall time, ...) are allowed and ignored
                continue;
            }
        }
        if (timeCol < 0) {
            throw new UserError(file, "header", "expected a step or t column, found " + Text.cut(lines[first].trim(), 80));
        }
        for (int k = 0; k < p; k++) {
            if (thetaCol[k] < 0) {
                throw new UserError(file, "header", "missing column theta_" + k + " (the problem has P = " + p + ")");
            }
        }
        List<Trajectory.Row> rows = new ArrayList<>();
        for (int i = first + 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] cells = split(lines[i]);
            int lineNo = i + 1;
            if (cells.length != header.length) {
                throw new UserError(file, "line " + lineNo, "expected " + header.length + " columns like the header,"
                        + " found " + cells.length);
            }
            double time = cell(cells[timeCol], file, lineNo, header[timeCol]);
            OptionalDouble loss = lossCol < 0 ? OptionalDouble.empty()
                    : OptionalDouble.of(cell(cells[lossCol], file, lineNo, "loss"));
            double[] theta = new double[p];
            for (int k = 0; k < p; k++) {
                theta[k] = cell(cells[thetaCol[k]], file, lineNo, "theta_" + k);
            }
            rows.add(new Trajectory.Row(lineNo, time, loss, theta));
        }
        if (rows.isEmpty()) {
            throw new UserError(file, null, "no data rows after the header");
        }
        return new Trajectory(file, timeName, rows, false);
    }

    private static String[] split(String line) {
        String[] parts = line.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String s = parts[i].trim();
            if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
                s = s.substring(1, s.length() - 1);
            }
            parts[i] = s;
        }
        return parts;
    }

    private static double cell(String s, String file, int line, String column) {
        try {
            double v = Double.parseDouble(s);
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            if (s.endsWith("d") || s.endsWith("D") || s.endsWith("f") || s.endsWith("F")) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UserError(file, "line " + line + ", column " + column, "expected a finite number, found \""
                    + Text.cut(s, 40) + "\"");
        }
    }

    private static Trajectory jsonLines(String text, Network network, String file, List<String> layout) {
        String[] lines = text.split("\r?\n", -1);
        List<JsonNode> objects = new ArrayList<>();
        List<Integer> lineNos = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            int lineNo = i + 1;
            try {
                objects.add(MAPPER.readTree(lines[i]));
            } catch (JsonProcessingException e) {
                throw new UserError(file, "line " + lineNo, "not valid JSON: " + Text.cut(e.getOriginalMessage(), 120));
            }
            lineNos.add(lineNo);
        }
        return jsonRows(objects, lineNos, "line ", network, file, layout);
    }

    /** A .json file: an array of row objects, or an object with a "rows" array. */
    private static Trajectory json(String text, Network network, String file, List<String> layout) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UserError(file, null, "not valid JSON: " + Text.cut(e.getOriginalMessage(), 120));
        }
        if (root != null && root.isObject() && root.has("rows")) {
            root = root.get("rows");
        }
        if (root == null || !root.isArray()) {
            throw new UserError(file, null, "expected a JSON array of rows (objects with step or t, loss, theta or"
                    + " state_dict), or an object with such a \"rows\" array");
        }
        List<JsonNode> objects = new ArrayList<>();
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            objects.add(root.get(i));
            idx.add(i);
        }
        return jsonRows(objects, idx, "rows[", network, file, layout);
    }

    private static Trajectory jsonRows(List<JsonNode> objects, List<Integer> positions, String where, Network network,
            String file, List<String> layout) {
        List<Trajectory.Row> rows = new ArrayList<>();
        String timeName = null;
        int p = network.parameterCount();
        for (int i = 0; i < objects.size(); i++) {
            JsonNode o = objects.get(i);
            int lineNo = positions.get(i);
            String at = where.equals("line ") ? "line " + lineNo : where + lineNo + "]";
            if (o == null || !o.isObject()) {
                throw new UserError(file, at, "expected a JSON object per row");
            }
            String tn = o.has("step") ? "step" : o.has("t") ? "t" : null;
            if (tn == null) {
                throw new UserError(file, at, "expected a step or t field");
            }
            if (timeName != null && !timeName.equals(tn)) {
                throw new UserError(file, at, "mixes step and t fields");
            }
            timeName = tn;
            double time = number(o.get(tn), file, at, tn);
            OptionalDouble loss = o.has("loss") ? OptionalDouble.of(number(o.get("loss"), file, at, "loss"))
                    : OptionalDouble.empty();
            double[] theta;
            if (o.has("theta")) {
                JsonNode th = o.get("theta");
                if (!th.isArray() || th.size() != p) {
                    throw new UserError(file, at + ", field theta", "expected a list of " + p + " numbers");
                }
                theta = new double[p];
                for (int k = 0; k < p; k++) {
                    theta[k] = number(th.get(k), file, at, "theta[" + k + "]");
                }
            } else if (o.has("state_dict")) {
                JsonNode sd = o.get("state_dict");
                if (!sd.isObject()) {
                    throw new UserError(file, at + ", field state_dict", "expected an object of tensors");
                }
                Map<String, StateDict.Tensor> tensors = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> it = sd.fields();
                long total = 0;
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    List<Double> flat = new ArrayList<>();
                    List<Integer> shape = new ArrayList<>();
                    flattenJson(e.getValue(), flat, shape, 0, file, at, e.getKey());
                    total += flat.size();
                    if (total > 4L * p + 1024) {
                        throw new UserError(file, at + ", field state_dict", "more values than the network's "
                                + p + " parameters can use");
                    }
                    tensors.put(e.getKey(), new StateDict.Tensor(shape.stream().mapToInt(Integer::intValue).toArray(),
                            flat.stream().mapToDouble(Double::doubleValue).toArray()));
                }
                theta = StateDict.flatten(tensors, network, file + " " + at, layout);
            } else {
                throw new UserError(file, at, "expected a theta list or a state_dict object");
            }
            rows.add(new Trajectory.Row(lineNo, time, loss, theta));
        }
        if (rows.isEmpty()) {
            throw new UserError(file, null, "no rows");
        }
        return new Trajectory(file, timeName, rows, false);
    }

    private static void flattenJson(JsonNode n, List<Double> out, List<Integer> shape, int depth, String file,
            String line, String name) {
        if (n.isArray()) {
            if (shape.size() == depth) {
                shape.add(n.size());
            } else if (shape.get(depth) != n.size()) {
                throw new UserError(file, line + ", field " + Text.cut(name, 60), "ragged nested list");
            }
            for (JsonNode c : n) {
                flattenJson(c, out, shape, depth + 1, file, line, name);
            }
        } else {
            out.add(number(n, file, line, name));
        }
    }

    private static double number(JsonNode n, String file, String at, String field) {
        if (n != null && n.isNumber()) {
            double v = n.doubleValue();
            if (!Double.isFinite(v)) {
                throw new UserError(file, at + ", field " + Text.cut(field, 60), "expected a finite number, found "
                        + Text.cut(n.asText(), 40));
            }
            return v;
        }
        if (n != null && n.isTextual()) {
            try {
                return cell(n.asText(), file, 0, field);
            } catch (UserError e) {
                throw new UserError(file, at + ", field " + Text.cut(field, 60), e.expected());
            }
        }
        throw new UserError(file, at + ", field " + Text.cut(field, 60), "expected a number, found "
                + Text.cut(String.valueOf(n), 40));
    }

    private static Trajectory fromNpy(Npy.Array a, Network network, String file) {
        int p = network.parameterCount();
        if (a.integer()) {
            throw new UserError(file, "descr", "expected a float64 or float32 array of theta rows, found an integer"
                    + " array");
        }
        if (a.shape().length != 2 || a.shape()[1] != p) {
            throw new UserError(file, "shape", "expected an (n, " + p + ") array of theta rows, found shape "
                    + java.util.Arrays.toString(a.shape()));
        }
        finite(a.data(), p, file, "theta");
        if (a.rows() == 0) {
            throw new UserError(file, "shape", "no rows (the array has length 0)");
        }
        List<Trajectory.Row> rows = new ArrayList<>();
        for (int i = 0; i < a.rows(); i++) {
            rows.add(new Trajectory.Row(i, i, OptionalDouble.empty(),
                    java.util.Arrays.copyOfRange(a.data(), i * p, (i + 1) * p)));
        }
        return new Trajectory(file, "step", rows, a.float32());
    }

    private static Trajectory fromNpz(Map<String, Npy.Array> arrays, Network network, String file,
            List<String> layout) {
        int p = network.parameterCount();
        Npy.Array theta = arrays.get("theta");
        int n;
        double[][] thetas;
        boolean f32;
        if (theta != null) {
            if (theta.integer()) {
                throw new UserError(file, "theta", "expected a float64 or float32 array, found an integer array");
            }
            if (theta.shape().length != 2 || theta.shape()[1] != p) {
                throw new UserError(file, "theta", "expected an (n, " + p + ") array, found shape "
                        + java.util.Arrays.toString(theta.shape()));
            }
            n = theta.rows();
            thetas = new double[n][];
            for (int i = 0; i < n; i++) {
                thetas[i] = java.util.Arrays.copyOfRange(theta.data(), i * p, (i + 1) * p);
            }
            f32 = theta.float32();
        } else {
            Map<String, Npy.Array> params = new LinkedHashMap<>();
            for (Map.Entry<String, Npy.Array> e : arrays.entrySet()) {
                if (StateDict.isParameterName(e.getKey())) {
                    if (e.getValue().integer()) {
                        throw new UserError(file, Text.cut(e.getKey(), 80), "expected a float64 or float32 array,"
                                + " found an integer array");
                    }
                    params.put(e.getKey(), e.getValue());
                }
            }
            if (params.isEmpty()) {
                throw new UserError(file, null, "expected an array named theta or state_dict arrays (0.weight, 0.bias,"
                        + " ... or fc1.weight, fc1.bias, ...), found " + Text.cut(arrays.keySet().toString(), 200));
            }
            n = -1;
            f32 = false;
            for (Map.Entry<String, Npy.Array> e : params.entrySet()) {
                int r = e.getValue().shape().length == 0 ? 1 : e.getValue().rows();
                if (n >= 0 && r != n) {
                    throw new UserError(file, Text.cut(e.getKey(), 80), "expected " + n + " rows like the other arrays,"
                            + " found " + r);
                }
                n = r;
                f32 |= e.getValue().float32();
            }
            thetas = new double[n][];
            for (int i = 0; i < n; i++) {
                Map<String, StateDict.Tensor> tensors = new LinkedHashMap<>();
                for (Map.Entry<String, Npy.Array> e : params.entrySet()) {
                    Npy.Array a = e.getValue();
                    int len = a.rowLength();
                    int[] shape = java.util.Arrays.copyOfRange(a.shape(), 1, Math.max(1, a.shape().length));
                    tensors.put(e.getKey(), new StateDict.Tensor(shape,
                            java.util.Arrays.copyOfRange(a.data(), i * len, (i + 1) * len)));
                }
                thetas[i] = StateDict.flatten(tensors, network, file, layout);
            }
        }
        double[] loss = column(arrays, "loss", n, file);
        double[] time = column(arrays, "step", n, file);
        String timeName = "step";
        if (time == null) {
            time = column(arrays, "t", n, file);
            timeName = time == null ? "step" : "t";
        }
        for (int i = 0; i < n; i++) {
            finite(thetas[i], p, file, theta != null ? "theta" : "state_dict arrays");
        }
        if (loss != null) {
            finite(loss, 1, file, "loss");
        }
        if (time != null) {
            finite(time, 1, file, timeName);
        }
        if (n == 0) {
            throw new UserError(file, null, "no rows (the arrays have length 0)");
        }
        List<Trajectory.Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new Trajectory.Row(i, time == null ? i : time[i],
                    loss == null ? OptionalDouble.empty() : OptionalDouble.of(loss[i]), thetas[i]));
        }
        return new Trajectory(file, timeName, rows, f32);
    }

    /** Refuses NaN and infinities, naming the array and the row (rows of {@code width} values). */
    private static void finite(double[] values, int width, String file, String array) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new UserError(file, array, "expected finite numbers, found " + values[i] + " in row "
                        + (width > 0 ? i / width : i) + (width > 1 ? ", element " + i % width : ""));
            }
        }
    }

    /**
     * Refuses PyTorch's {@code torch.save} files: a zip archive with a {@code data.pkl} member
     * (the format since PyTorch 1.6) or a bare pickle (protocol 2-5 magic), or a .pt/.pth/.pkl
     * name. Unpickling runs arbitrary code, and the data can be saved as arrays instead.
     */
    static void refusePickle(byte[] bytes, String lowerName, String file) {
        boolean zip = bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;
        boolean torchZip = zip && contains(bytes, "data.pkl".getBytes(StandardCharsets.US_ASCII));
        boolean pickle = bytes.length >= 2 && (bytes[0] & 0xff) == 0x80 && bytes[1] >= 2 && bytes[1] <= 5;
        boolean named = lowerName.endsWith(".pt") || lowerName.endsWith(".pth") || lowerName.endsWith(".pkl")
                || lowerName.endsWith(".pickle") || lowerName.endsWith(".ckpt");
        if (torchZip || pickle || named) {
            throw new UserError(file, null, (torchZip ? "a PyTorch torch.save archive (zip with data.pkl)"
                    : pickle ? "a Python pickle" : "a PyTorch/pickle file name")
                    + " is not read (unpickling runs arbitrary code). Supported: .npz from numpy.savez (e.g."
                    + " np.savez('traj.npz', theta=np.stack(thetas), loss=np.array(losses), step=np.arange(n)),"
                    + " or state_dict arrays stacked per name), .npy, .csv (step,loss,theta_0,...) or .jsonl"
                    + " (one JSON object per row with step, loss, theta or state_dict)");
        }
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static double[] column(Map<String, Npy.Array> arrays, String key, int n, String file) {
        Npy.Array a = arrays.get(key);
        if (a == null) {
            return null;
        }
        if (a.data().length != n) {
            throw new UserError(file, key, "expected " + n + " values (one per row), found " + a.data().length);
        }
        return a.data();
    }

}
