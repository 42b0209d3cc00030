package org.flowcert.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowcert.io.UserError;
import org.flowcert.model.Network;

/**
 * Maps PyTorch {@code state_dict} names to the contract's parameter layout.
 *
 * <p>For {@code nn.Sequential(nn.Linear(d0, d1), act, nn.Linear(d1, d2), ...)} the
 * state_dict holds {@code 0.weight} (shape (d1, d0)), {@code 0.bias} (d1), {@code 2.weight},
 * {@code 2.bias}, ... (the activations have no parameters, so the Linear layers sit at even
 * indices). The contract's layout is layer by layer, weight row-major then bias: exactly the
 * state_dict's tensors flattened in order of module index, weight before bias. Any common
 * prefix ({@code model.}, {@code net.}) is ignored: only the last two name parts
 * ({@code <index>.weight} / {@code <index>.bias}) count.
 */
public final class StateDict {
    private static final Pattern NAME = Pattern.compile("(?:.*\\.)?(\\d+)\\.(weight|bias)");

    private StateDict() {
    }

    /** Whether {@code name} looks like a state_dict entry of a Linear layer. */
    public static boolean isParameterName(String name) {
        return NAME.matcher(name).matches();
    }

    /** One named tensor: its shape without any leading row axis, and its values. */
    public record Tensor(int[] shape, double[] values) {
    }

    private record Entry(int module, boolean bias, String name, Tensor t) {
    }

    /**
     * Flattens the tensors in the contract's order after checking every shape against the
     * network.
     *
     * @param tensors named tensors (each without a leading row axis)
     * @param network the problem's network
     * @param file the file the tensors came from (for errors)
     */
    public static double[] flatten(Map<String, Tensor> tensors, Network network, String file) {
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Matcher m = NAME.matcher(e.getKey());
            if (!m.matches()) {
                throw new UserError(file, e.getKey(), "expected a state_dict name such as 0.weight or 2.bias");
            }
            entries.add(new Entry(Integer.parseInt(m.group(1)), m.group(2).equals("bias"), e.getKey(), e.getValue()));
        }
        entries.sort(Comparator.comparingInt(Entry::module).thenComparing(Entry::bias));
        int layers = network.layers();
        if (entries.size() != 2 * layers) {
            throw new UserError(file, "state_dict", "expected " + 2 * layers + " tensors (weight and bias of "
                    + layers + " Linear layers), found " + entries.size());
        }
        double[] theta = new double[network.parameterCount()];
        int pos = 0;
        for (int l = 0; l < layers; l++) {
            int in = network.width(l);
            int out = network.width(l + 1);
            Entry w = entries.get(2 * l);
            Entry b = entries.get(2 * l + 1);
            if (w.bias() || !b.bias() || w.module() != b.module()) {
                throw new UserError(file, w.name(), "expected a weight and a bias for each Linear layer");
            }
            checkShape(w, new int[] {out, in}, file);
            checkShape(b, new int[] {out}, file);
            System.arraycopy(w.t().values(), 0, theta, pos, out * in);
            pos += out * in;
            System.arraycopy(b.t().values(), 0, theta, pos, out);
            pos += out;
        }
        return theta;
    }

    private static void checkShape(Entry entry, int[] expected, String file) {
        String name = entry.name();
        Tensor t = entry.t();
        int n = 1;
        for (int d : expected) {
            n *= d;
        }
        // a (out, 1) weight may also come as (out,) and a scalar bias as (): compare sizes
        if (t.values().length != n) {
            throw new UserError(file, name, "expected shape " + java.util.Arrays.toString(expected)
                    + " (PyTorch (out, in) for a weight, (out) for a bias), found shape "
                    + java.util.Arrays.toString(t.shape()));
        }
    }
}
