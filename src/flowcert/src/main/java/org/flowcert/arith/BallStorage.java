package org.flowcert.arith;

import java.nio.file.Path;
import org.apfloat.ApfloatContext;
import org.apfloat.spi.AdditionBuilder;
import org.apfloat.spi.ApfloatBuilder;
import org.apfloat.spi.BuilderFactory;
import org.apfloat.spi.CarryCRTBuilder;
import org.apfloat.spi.ConvolutionBuilder;
import org.apfloat.spi.DataStorage;
import org.apfloat.spi.DataStorageBuilder;
import org.apfloat.spi.ExecutionBuilder;
import org.apfloat.spi.MatrixBuilder;
import org.apfloat.spi.NTTBuilder;

/**
 * Apfloat's storage, configured once before any {@link Ball} exists: every number lives in
 * memory, and a number needing more than {@link #CAP} bytes is refused with
 * {@link TooLarge} (an {@link ArithmeticException}) instead of spilling to disk.
 *
 * <p>Out of the box Apfloat moves numbers above its memory threshold into scratch files
 * ({@code 0.ap}, {@code 1.ap}, ...) in the working directory; a hostile input once filled 78 GB
 * that way. Here the storage builder is wrapped so that no request above the cap reaches
 * Apfloat's disk storage, the threshold is the cap (so nothing at or below it goes to disk
 * either), and, as a second guard, the file path is a private folder under
 * {@code java.io.tmpdir} with clean-up at exit. Documented in examples/LIMITS.md.
 */
public final class BallStorage {
    /** The largest Apfloat number storage, in bytes (64 MiB: about 5·10^8 bits, far above any ball precision). */
    public static final long CAP = 64L << 20;

    private static volatile boolean configured;

    private BallStorage() {
    }

    /** A number that would need more than {@link #CAP} bytes of storage. */
    public static final class TooLarge extends ArithmeticException {
        private static final long serialVersionUID = 1L;

        TooLarge(long bytes) {
            super("a number would need " + bytes + " bytes, more than the " + CAP + "-byte storage cap of ball"
                    + " arithmetic (examples/LIMITS.md)");
        }
    }

    /** Configures Apfloat's global context (idempotent; called from Ball's static initialiser). */
    public static synchronized void configure() {
        if (configured) {
            return;
        }
        ApfloatContext ctx = ApfloatContext.getGlobalContext();
        BuilderFactory base = ctx.getBuilderFactory();
        if (!(base instanceof Capped)) {
            ctx.setBuilderFactory(new Capped(base));
        }
        ctx.setMemoryThreshold(CAP);
        if (ctx.getMaxMemoryBlockSize() < CAP) {
            ctx.setMaxMemoryBlockSize(CAP);
        }
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "flowcert-apfloat");
        ctx.setProperty(ApfloatContext.FILE_PATH, dir.toString() + java.io.File.separator);
        ctx.setCleanupAtExit(true);
        configured = true;
    }

    /** The default factory with a storage builder that refuses anything above the cap. */
    private static final class Capped implements BuilderFactory {
        private final BuilderFactory base;
        private final DataStorageBuilder storage;

        Capped(BuilderFactory base) {
            this.base = base;
            DataStorageBuilder b = base.getDataStorageBuilder();
            int element = base.getElementSize();
            this.storage = new DataStorageBuilder() {
                @Override
                public DataStorage createDataStorage(long size) {
                    check(size);
                    return b.createCachedDataStorage(size);
                }

                @Override
                public DataStorage createCachedDataStorage(long size) {
                    check(size);
                    return b.createCachedDataStorage(size);
                }

                @Override
                public DataStorage createDataStorage(DataStorage dataStorage) {
                    check(dataStorage.getSize() * element);
                    return b.createDataStorage(dataStorage);
                }
            };
        }

        private static void check(long bytes) {
            if (bytes > CAP) {
                throw new TooLarge(bytes);
            }
        }

        @Override
        public ApfloatBuilder getApfloatBuilder() {
            return base.getApfloatBuilder();
        }

        @Override
        public DataStorageBuilder getDataStorageBuilder() {
            return storage;
        }

        @Override
        public <T> AdditionBuilder<T> getAdditionBuilder(Class<T> elementType) {
            return base.getAdditionBuilder(elementType);
        }

        @Override
        public ConvolutionBuilder getConvolutionBuilder() {
            return base.getConvolutionBuilder();
        }

        @Override
        public NTTBuilder getNTTBuilder() {
            return base.getNTTBuilder();
        }

        @Override
        public MatrixBuilder getMatrixBuilder() {
            return base.getMatrixBuilder();
        }

        @Override
        public <T> CarryCRTBuilder<T> getCarryCRTBuilder(Class<T> elementArrayType) {
            return base.getCarryCRTBuilder(elementArrayType);
        }

        @Override
        public ExecutionBuilder getExecutionBuilder() {
            return base.getExecutionBuilder();
        }

        @Override
        public Class<?> getElementType() {
            return base.getElementType();
        }

        @Override
        public Class<?> getElementArrayType() {
            return base.getElementArrayType();
        }

        @Override
        public int getElementSize() {
            return base.getElementSize();
        }

        @Override
        public void shutdown() {
            base.shutdown();
        }

        @Override
        public void gc() {
            base.gc();
        }
    }
}
