package org.flowcert.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.flowcert.io.UserError;

/**
 * A reader of numpy's {@code .npy} format (versions 1.0, 2.0, 3.0) and {@code .npz} archives
 * (zip files of {@code .npy} members, stored or deflated), for floating-point arrays:
 * dtypes {@code f8} and {@code f4} in either byte order, C or Fortran order.
 *
 * <p>The format is simple enough that a dependency is not worth it: magic
 * {@code \x93NUMPY}, two version bytes, a little-endian header length (2 bytes in 1.0, 4
 * bytes after), a Python-literal dict with {@code descr}, {@code fortran_order} and
 * {@code shape}, then the raw data.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=]?)([a-zA-Z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    /** Arrays beyond this many elements are refused (2^25 doubles: 256 MiB). */
    static final long MAX_ELEMENTS = 1L << 25;

    private Npy() {
    }

    /**
     * One array: its shape and its values in C (row-major) order, converted exactly to
     * double; {@code float32} says the stored dtype was f4, {@code integer} that it was an
     * integer or boolean dtype (i1..i8, u1..u8, b1: step numbers).
     */
    public record Array(int[] shape, double[] data, boolean float32, boolean integer) {
        public int rows() {
            return shape.length == 0 ? 1 : shape[0];
        }

        /** Elements per leading index (the product of the trailing dimensions). */
        public int rowLength() {
            int n = 1;
            for (int i = 1; i < shape.length; i++) {
                n *= shape[i];
            }
            return n;
        }
    }

    /** Reads one {@code .npy} array from {@code bytes}; {@code file} names it in errors. */
    public static Array read(byte[] bytes, String file) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (byte b : MAGIC) {
            if (!buf.hasRemaining() || buf.get() != b) {
                throw new UserError(file, null, "not a .npy file (expected the magic bytes \\x93NUMPY)");
            }
        }
        if (buf.remaining() < 4) {
            throw new UserError(file, null, "truncated .npy header");
        }
        int major = buf.get() & 0xff;
        buf.get(); // minor version
        long headerLen;
        if (major == 1) {
            headerLen = buf.getShort() & 0xffff;
        } else if (major == 2 || major == 3) {
            if (buf.remaining() < 4) {
                throw new UserError(file, null, "truncated .npy header");
            }
            headerLen = buf.getInt() & 0xffffffffL;
        } else {
            throw new UserError(file, null, "unsupported .npy version " + major + " (expected 1, 2 or 3)");
        }
        if (headerLen > buf.remaining()) {
            throw new UserError(file, null, "truncated .npy header");
        }
        byte[] h = new byte[(int) headerLen];
        buf.get(h);
        String header = new String(h, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        if (!d.find()) {
            throw new UserError(file, "descr", "expected a dtype in the .npy header, found " + Text.cut(header.trim(), 80));
        }
        String order = d.group(1);
        String kind = d.group(2);
        int size = Integer.parseInt(d.group(3).length() > 2 ? "99" : d.group(3));
        boolean isFloat = kind.equals("f") && (size == 8 || size == 4);
        boolean isInt = (kind.equals("i") || kind.equals("u")) && (size == 1 || size == 2 || size == 4 || size == 8);
        boolean isBool = kind.equals("b") && size == 1;
        if (!isFloat && !isInt && !isBool) {
            throw new UserError(file, "descr", "expected a float64 or float32 array ('<f8' or '<f4'; integer arrays"
                    + " for step), found '" + Text.cut(order + kind + d.group(3), 20) + "'");
        }
        Matcher f = FORTRAN.matcher(header);
        boolean fortran = f.find() && f.group(1).equals("True");
        Matcher s = SHAPE.matcher(header);
        if (!s.find()) {
            throw new UserError(file, "shape", "expected a shape in the .npy header, found " + Text.cut(header.trim(), 80));
        }
        List<Integer> dims = new ArrayList<>();
        long count = 1;
        for (String part : s.group(1).split(",")) {
            String t = part.trim();
            if (t.isEmpty()) {
                continue;
            }
            int n;
            try {
                n = Integer.parseInt(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
            } catch (NumberFormatException e) {
                throw new UserError(file, "shape", "expected integer dimensions, found (" + Text.cut(s.group(1), 60) + ")");
            }
            if (n < 0) {
                throw new UserError(file, "shape", "negative dimension in (" + Text.cut(s.group(1), 60) + ")");
            }
            dims.add(n);
            count *= n;
            if (count > MAX_ELEMENTS) {
                throw new UserError(file, "shape", "array too large (more than 2^25 = 33554432 elements, the audit's limit)");
            }
        }
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        if (count > MAX_ELEMENTS || buf.remaining() < count * size) {
            throw new UserError(file, null, "truncated .npy data: expected " + count * size + " bytes, found "
                    + buf.remaining());
        }
        buf.order(order.equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        double[] raw = new double[(int) count];
        boolean unsigned = kind.equals("u");
        for (int i = 0; i < raw.length; i++) {
            if (isFloat) {
                raw[i] = size == 8 ? buf.getDouble() : buf.getFloat();
            } else {
                long v = switch (size) {
                    case 1 -> unsigned || isBool ? buf.get() & 0xffL : buf.get();
                    case 2 -> unsigned ? buf.getShort() & 0xffffL : buf.getShort();
                    case 4 -> unsigned ? buf.getInt() & 0xffffffffL : buf.getInt();
                    default -> buf.getLong();
                };
                // an unsigned 64-bit value above 2^63 reads as its true magnitude
                raw[i] = unsigned && size == 8 && v < 0 ? (double) (v >>> 1) * 2 : (double) v;
            }
        }
        double[] data = fortran && shape.length > 1 ? fortranToC(raw, shape) : raw;
        return new Array(shape, data, isFloat && size == 4, !isFloat);
    }

    private static double[] fortranToC(double[] raw, int[] shape) {
        double[] out = new double[raw.length];
        int[] idx = new int[shape.length];
        for (int c = 0; c < raw.length; c++) {
            // c enumerates C order; compute the Fortran offset of the same index
            int fo = 0;
            int stride = 1;
            for (int k = 0; k < shape.length; k++) {
                fo += idx[k] * stride;
                stride *= shape[k];
            }
            out[c] = raw[fo];
            for (int k = shape.length - 1; k >= 0; k--) {
                if (++idx[k] < shape[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        return out;
    }

    /** Reads every {@code .npy} member of an {@code .npz} archive, keyed by name without ".npy". */
    public static Map<String, Array> readNpz(InputStream in, String file) {
        Map<String, Array> arrays = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String name = e.getName();
                if (e.isDirectory() || !name.endsWith(".npy")) {
                    continue;
                }
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                byte[] chunk = new byte[1 << 16];
                int n;
                while ((n = zip.read(chunk)) > 0) {
                    bytes.write(chunk, 0, n);
                    if (bytes.size() > (MAX_ELEMENTS << 3) + (1 << 20)) {
                        throw new UserError(file, Text.cut(name, 80), "member too large (over 256 MiB)");
                    }
                }
                String key = name.substring(0, name.length() - 4);
                arrays.put(key, read(bytes.toByteArray(), file + ":" + Text.cut(name, 80)));
            }
        } catch (IOException | RuntimeException ex) {
            if (ex instanceof UserError u) {
                throw u;
            }
            throw new UserError(file, null, "not a readable .npz (zip) archive ("
                    + Text.cut(String.valueOf(ex.getMessage()), 120) + ")");
        }
        if (arrays.isEmpty()) {
            throw new UserError(file, null, "no .npy arrays in this .npz archive");
        }
        return arrays;
    }
}
