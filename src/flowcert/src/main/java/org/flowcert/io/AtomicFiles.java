package org.flowcert.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes output files atomically: to a temporary file beside the target, then a rename, so
 * that a failure or an interrupt never leaves a half-written certificate or trajectory.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes {@code text} (UTF-8) to {@code target} atomically. */
    public static void write(Path target, String text) {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Temporary files are created owner-only (0600); an output file is for the user and
     * their readers, so give it the usual 0644 where the file system has POSIX permissions.
     */
    private static void makeReadable(Path p) throws IOException {
        if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /**
     * Checks, before any work, that {@link #write} will be able to write {@code target}: its folder
     * exists and is writable, and the target is not a folder (an existing file is replaced by a rename,
     * so its own permissions do not matter).
     * Throws a {@link UserError} naming the path and the option otherwise.
     */
    public static void checkWritable(Path target, String option) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) {
            throw new UserError(null, option, "\"" + target + "\" is a folder; expected a file name");
        }
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UserError(null, option, "the folder " + dir + " of \"" + target + "\" does not exist");
        }
        if (dir != null && !Files.isWritable(dir)) {
            throw new UserError(null, option, "the folder " + dir + " of \"" + target + "\" is not writable");
        }
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void write(Path target, byte[] bytes) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UserError(target.toString(), null, "the folder " + dir + " does not exist");
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
            Files.write(tmp, bytes);
            makeReadable(tmp);
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UserError(target.toString(), null, "cannot write the file (" + e.getMessage() + ")");
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the target was not touched
                }
            }
        }
    }
}
