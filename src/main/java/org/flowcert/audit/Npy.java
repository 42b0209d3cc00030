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
    /** Arrays beyond this many elements are refused (a trajectory of 2^28 doubles is 2 GiB). */
    private static final long MAX_ELEMENTS = 1L << 28;

    private Npy() {
    }

    /**
     * One array: its shape and its values in C (row-major) order, converted exactly to
     * double; {@code float32} says the stored dtype was f4.
     */
    public record Array(int[] shape, double[] data, boolean float32) {
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
            throw new UserError(file, "descr", "expected a dtype in the .npy header, found " + header.trim());
        }
        String order = d.group(1);
        String kind = d.group(2);
        int size = Integer.parseInt(d.group(3));
        if (!kind.equals("f") || (size != 8 && size != 4)) {
            throw new UserError(file, "descr", "expected a float64 or float32 array ('<f8' or '<f4'), found '"
                    + order + kind + size + "'");
        }
        Matcher f = FORTRAN.matcher(header);
        boolean fortran = f.find() && f.group(1).equals("True");
        Matcher s = SHAPE.matcher(header);
        if (!s.find()) {
            throw new UserError(file, "shape", "expected a shape in the .npy header, found " + header.trim());
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
                n = Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw new UserError(file, "shape", "expected integer dimensions, found (" + s.group(1) + ")");
            }
            if (n < 0) {
                throw new UserError(file, "shape", "negative dimension in (" + s.group(1) + ")");
            }
            dims.add(n);
            count *= n;
            if (count > MAX_ELEMENTS) {
                throw new UserError(file, "shape", "array too large (more than 2^28 elements)");
            }
        }
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        if (buf.remaining() < count * size) {
            throw new UserError(file, null, "truncated .npy data: expected " + count * size + " bytes, found "
                    + buf.remaining());
        }
        buf.order(order.equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        double[] raw = new double[(int) count];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = size == 8 ? buf.getDouble() : buf.getFloat();
        }
        double[] data = fortran && shape.length > 1 ? fortranToC(raw, shape) : raw;
        return new Array(shape, data, size == 4);
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
                    if (bytes.size() > (MAX_ELEMENTS << 3)) {
                        throw new UserError(file, name, "member too large");
                    }
                }
                String key = name.substring(0, name.length() - 4);
                arrays.put(key, read(bytes.toByteArray(), file + ":" + name));
            }
        } catch (IOException ex) {
            throw new UserError(file, null, "not a readable .npz (zip) archive (" + ex.getMessage() + ")");
        }
        if (arrays.isEmpty()) {
            throw new UserError(file, null, "no .npy arrays in this .npz archive");
        }
        return arrays;
    }
}
