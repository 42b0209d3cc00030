package org.flowcert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.io.Numbers;
import org.junit.jupiter.api.Test;

/**
 * Commons Numbers 1.2's {@code BigFraction.compareTo} is wrong when both operands are
 * negative (it compares magnitudes). A wrong comparison in a rigorous tool can accept a false
 * claim, so no compiled flowcert class may call it: this test reads the constant pool of
 * every class under target/classes and fails on any method reference
 * {@code BigFraction.compareTo}. Use {@link Numbers#compare} instead.
 */
class NoBigFractionCompareToTest {

    @Test
    void theLibraryBugIsStillThereAndOurComparisonIsRight() {
        // documents why the rule exists; if a future version fixes it, this line says so
        assertThat(BigFraction.of(-5).compareTo(BigFraction.of(-3))).isEqualTo(1);
        assertThat(Numbers.compare(BigFraction.of(-5), BigFraction.of(-3))).isEqualTo(-1);
        assertThat(Numbers.compare(BigFraction.of(-1, 3), BigFraction.of(-1, 2))).isEqualTo(1);
        assertThat(Numbers.compare(BigFraction.of(2, 3), BigFraction.of(4, 6))).isZero();
        assertThat(Numbers.compare(BigFraction.ZERO, BigFraction.of(-1, 7))).isEqualTo(1);
    }

    @Test
    void noClassCallsBigFractionCompareTo() throws IOException {
        List<String> offenders = new ArrayList<>();
        // both modules' classes (the tests run from the repository root): the prover's and the checker's
        for (Path classes : List.of(Paths.get("src", "flowcert", "target", "classes"),
                Paths.get("src", "flowcert-check", "target", "classes"))) {
            assertThat(classes).isDirectory();
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                    try (InputStream in = Files.newInputStream(f)) {
                        if (callsBigFractionCompareTo(new DataInputStream(in))) {
                            offenders.add(classes.relativize(f).toString());
                        }
                    }
                }
            }
        }
        assertThat(offenders).as("classes calling BigFraction.compareTo (use io.Numbers.compare)").isEmpty();
    }

    /** Parses the constant pool (JVMS 4.4) and looks for Methodref BigFraction.compareTo. */
    private static boolean callsBigFractionCompareTo(DataInputStream in) throws IOException {
        in.readInt(); // magic
        in.readUnsignedShort();
        in.readUnsignedShort();
        int n = in.readUnsignedShort();
        String[] utf8 = new String[n];
        int[] classNameIndex = new int[n];
        int[][] methodRef = new int[n][];
        int[][] nameAndType = new int[n][];
        for (int i = 1; i < n; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1:
                    utf8[i] = in.readUTF();
                    break;
                case 7: case 8: case 16: case 19: case 20:
                    classNameIndex[i] = in.readUnsignedShort();
                    break;
                case 15:
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                    break;
                case 3: case 4:
                    in.readInt();
                    break;
                case 5: case 6:
                    in.readLong();
                    i++;
                    break;
                case 9: case 10: case 11:
                    methodRef[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                    break;
                case 12:
                    nameAndType[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                    break;
                case 17: case 18:
                    in.readUnsignedShort();
                    in.readUnsignedShort();
                    break;
                default:
                    throw new IOException("unknown constant pool tag " + tag);
            }
        }
        for (int i = 1; i < n; i++) {
            if (methodRef[i] == null) {
                continue;
            }
            String owner = utf8[classNameIndex[methodRef[i][0]]];
            String name = utf8[nameAndType[methodRef[i][1]][0]];
            if ("org/apache/commons/numbers/fraction/BigFraction".equals(owner) && "compareTo".equals(name)) {
                return true;
            }
        }
        return false;
    }
}
