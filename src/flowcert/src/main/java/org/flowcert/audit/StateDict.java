package org.flowcert.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowcert.io.UserError;
import org.flowcert.model.Network;

/**
 * Maps PyTorch {@code state_dict} names to the contract's parameter layout.
 *
 * <p>The contract's layout is layer by layer, weight (out, in) row-major then bias: a
 * state_dict of {@code nn.Linear} layers flattened layer by layer, weight before bias. A
 * layer is a name prefix {@code L} with tensors {@code L.weight} and {@code L.bias}; other
 * tensors (buffers, loss, step) are ignored. The order of the layers (the ordering rule):
 * <ol>
 * <li>with {@code --layout L1,L2,...}: that order (a name matches a layer whose prefix
 * equals it or ends with {@code .}name);</li>
 * <li>otherwise, when every layer's prefix ends in an integer and the rest is common to all
 * ({@code nn.Sequential}: {@code 0}, {@code 2}, {@code net.4}): numeric order of that integer,
 * so that {@code 10} comes after {@code 2} whatever order the file has;</li>
 * <li>otherwise the order in which the tensors appear in the file: a state_dict's order is
 * the order in which the module registered its layers ({@code self.fc1}, {@code self.fc2},
 * ... in {@code __init__}), and {@code numpy.savez} and JSON keep it.</li>
 * </ol>
 */
public final class StateDict {
    private static final Pattern NAME = Pattern.compile("(.+)\\.(weight|bias)");
    private static final Pattern INDEXED = Pattern.compile("(.*?)(\\d+)");

    private StateDict() {
    }

    /** Whether {@code name} looks like a state_dict entry of a Linear layer ({@code <layer>.weight/.bias}). */
    public static boolean isParameterName(String name) {
        return NAME.matcher(name).matches();
    }

    /** One named tensor: its shape without any leading row axis, and its values. */
    public record Tensor(int[] shape, double[] values) {
    }

    /** One layer: its prefix and its two tensors (either may be null when missing). */
    private static final class Layer {
        final String prefix;
        Tensor weight;
        Tensor bias;

        Layer(String prefix) {
            this.prefix = prefix;
        }
    }

    /** {@link #flatten(Map, Network, String, List)} without a layout. */
    public static double[] flatten(Map<String, Tensor> tensors, Network network, String file) {
        return flatten(tensors, network, file, null);
    }

    /**
     * Flattens the tensors in the contract's order after checking every shape against the
     * network.
     *
     * @param tensors named tensors (each without a leading row axis), in file order
     * @param network the problem's network
     * @param file the file the tensors came from (for errors)
     * @param layout the layer names in network order, or null for the ordering rule
     */
    public static double[] flatten(Map<String, Tensor> tensors, Network network, String file, List<String> layout) {
        Map<String, Layer> byPrefix = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Matcher m = NAME.matcher(e.getKey());
            if (!m.matches()) {
                continue;
            }
            Layer l = byPrefix.computeIfAbsent(m.group(1), Layer::new);
            if (m.group(2).equals("bias")) {
                l.bias = e.getValue();
            } else {
                l.weight = e.getValue();
            }
        }
        List<Layer> order = layout != null && !layout.isEmpty() ? byLayout(byPrefix, layout, file) : byRule(byPrefix);
        int layers = network.layers();
        if (order.size() != layers) {
            throw new UserError(file, "state_dict", "expected " + layers + " Linear layers (weight and bias each) for "
                    + "the problem's network, found " + order.size() + " " + names(order)
                    + (layout == null ? "" : " from --layout"));
        }
        double[] theta = new double[network.parameterCount()];
        int pos = 0;
        for (int l = 0; l < layers; l++) {
            int in = network.width(l);
            int out = network.width(l + 1);
            Layer layer = order.get(l);
            if (layer.weight == null || layer.bias == null) {
                throw new UserError(file, Text.cut(layer.prefix, 80), "expected both " + Text.cut(layer.prefix, 80)
                        + ".weight and " + Text.cut(layer.prefix, 80) + ".bias (the problem's layers all have a"
                        + " bias; Linear(..., bias=False) is not supported)");
            }
            checkShape(layer.prefix + ".weight", layer.weight, new int[] {out, in}, l, file);
            checkShape(layer.prefix + ".bias", layer.bias, new int[] {out}, l, file);
            System.arraycopy(layer.weight.values(), 0, theta, pos, out * in);
            pos += out * in;
            System.arraycopy(layer.bias.values(), 0, theta, pos, out);
            pos += out;
        }
        return theta;
    }

    private static String names(List<Layer> order) {
        List<String> n = new ArrayList<>();
        for (Layer l : order) {
            n.add(Text.cut(l.prefix, 40));
            if (n.size() >= 12) {
                n.add("...");
                break;
            }
        }
        return n.toString();
    }

    private static List<Layer> byLayout(Map<String, Layer> byPrefix, List<String> layout, String file) {
        List<Layer> out = new ArrayList<>();
        java.util.Set<String> used = new java.util.HashSet<>();
        for (String name : layout) {
            String want = name.trim();
            Layer found = byPrefix.get(want);
            if (found == null) {
                for (Layer l : byPrefix.values()) {
                    if (l.prefix.endsWith("." + want)) {
                        if (found != null) {
                            throw new UserError(null, "--layout", "\"" + Text.cut(want, 40) + "\" matches both "
                                    + Text.cut(found.prefix, 40) + " and " + Text.cut(l.prefix, 40));
                        }
                        found = l;
                    }
                }
            }
            if (found == null) {
                throw new UserError(file, "--layout", "no tensors " + Text.cut(want, 40) + ".weight/.bias in the file;"
                        + " its layers are " + names(new ArrayList<>(byPrefix.values())));
            }
            if (!used.add(found.prefix)) {
                throw new UserError(null, "--layout", "layer " + Text.cut(want, 40) + " named twice");
            }
            out.add(found);
        }
        for (Layer l : byPrefix.values()) {
            if (!used.contains(l.prefix)) {
                throw new UserError(file, "--layout", "the file also holds layer " + Text.cut(l.prefix, 40)
                        + " (.weight/.bias), which --layout does not name");
            }
        }
        return out;
    }

    private static List<Layer> byRule(Map<String, Layer> byPrefix) {
        List<Layer> out = new ArrayList<>(byPrefix.values());
        String common = null;
        boolean indexed = !out.isEmpty();
        for (Layer l : out) {
            Matcher m = INDEXED.matcher(l.prefix);
            if (!m.matches() || m.group(2).length() > 9 || (common != null && !common.equals(m.group(1)))) {
                indexed = false;
                break;
            }
            common = m.group(1);
        }
        if (indexed && (common.isEmpty() || common.endsWith("."))) {
            out.sort(java.util.Comparator.comparingInt(l -> {
                Matcher m = INDEXED.matcher(l.prefix);
                m.matches();
                return Integer.parseInt(m.group(2));
            }));
        }
        return out;
    }

    private static void checkShape(String name, Tensor t, int[] expected, int layer, String file) {
        int n = 1;
        for (int d : expected) {
            n *= d;
        }
        // exact (out, in) / (out); a (out, 1) weight may also come as (out,), a (1, in) one as (in,),
        // and a bias of one value as ()
        boolean ok = java.util.Arrays.equals(t.shape(), expected)
                || (t.values().length == n && (n == expected[0] || n == expected[expected.length - 1]));
        if (!ok || t.values().length != n) {
            throw new UserError(file, Text.cut(name, 80), "expected shape " + java.util.Arrays.toString(expected)
                    + " for layer " + layer + " of the problem's network (PyTorch (out, in) for a weight, (out) for"
                    + " a bias), found shape " + java.util.Arrays.toString(t.shape())
                    + " (layer order: see --layout)");
        }
    }
}
