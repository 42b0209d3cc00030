package org.flowcert.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.flowcert.io.Limits;
import org.flowcert.io.UserError;
import org.flowcert.model.Problem;
import org.flowcert.model.ProblemReader;
import org.flowcert.prove.ClaimsFile;

/**
 * Reads a jobs file (examples/FORMATS.md, "Batch jobs"): one JSON object per line,
 * {@code {"name": "a", "problem": "p.json", "claims": "p.claims.json"}}, file names relative to the jobs file's
 * folder, {@code name} optional ({@code job-LINE} by default); blank lines are skipped. Everything is checked
 * before any job runs: JSON, fields and their types, names (letters, digits, {@code . _ -}, unique), and each
 * problem and claims file is read and parsed. The first mistake is a {@link UserError} naming the jobs file, the
 * line, the field and what was expected (exit 2, nothing written).
 */
public final class JobsFile {
    /** At most this many jobs in one file. */
    public static final int MAX_JOBS = 100_000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final List<String> FIELDS = List.of("name", "problem", "claims");

    private JobsFile() {
    }

    /** A job as read: its line, name and files, before the settings are attached. */
    public record Entry(int line, String name, String problemFile, String problemText, String claimsFile,
            String claimsText) {
    }

    /**
     * Reads and checks every job of {@code file}.
     *
     * @param file   the jobs file
     * @param limits the input limits (of the jobs file and of each problem and claims file)
     * @return the jobs in file order
     */
    public static List<Entry> read(Path file, Limits limits) {
        String name = file.toString();
        String text = ProblemReader.readText(file, limits);
        Path dir = file.toAbsolutePath().getParent();
        ObjectMapper m = new ObjectMapper();
        List<Entry> jobs = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int line = i + 1;
            String l = lines[i].strip();
            if (l.isEmpty()) {
                continue;
            }
            if (jobs.size() == MAX_JOBS) {
                throw new UserError(name, "line " + line, "at most " + MAX_JOBS + " jobs in one file");
            }
            JsonNode o;
            try {
                o = m.readTree(l);
            } catch (JsonProcessingException e) {
                throw new UserError(name, "line " + line, "one JSON object {\"problem\": ..., \"claims\": ...} per line"
                        + " (" + e.getOriginalMessage() + ")");
            }
            if (o == null || !o.isObject()) {
                throw new UserError(name, "line " + line, "a JSON object {\"problem\": ..., \"claims\": ...}, not "
                        + (o == null ? "nothing" : o.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
            }
            for (Iterator<String> it = o.fieldNames(); it.hasNext();) {
                String f = it.next();
                if (!FIELDS.contains(f)) {
                    throw new UserError(name, "line " + line + ": " + f, "one of the fields name, problem, claims");
                }
            }
            String jobName = o.has("name") ? string(o, "name", name, line) : "job-" + line;
            if (!NAME.matcher(jobName).matches()) {
                throw new UserError(name, "line " + line + ": name", "1 to 100 letters, digits, '.', '_' or '-' (not"
                        + " starting with '.', '_' or '-': it names the certificate NAME.cert), not \"" + jobName
                        + "\"");
            }
            Integer first = names.putIfAbsent(jobName, line);
            if (first != null) {
                throw new UserError(name, "line " + line + ": name", "a name no other job has (\"" + jobName
                        + "\" is also the name of line " + first + ")");
            }
            String problemFile = string(o, "problem", name, line);
            String claimsFile = string(o, "claims", name, line);
            String problemText = read(dir, problemFile, limits, name, line, "problem");
            String claimsText = read(dir, claimsFile, limits, name, line, "claims");
            try {
                Problem p = ProblemReader.parse(problemText, problemFile, limits);
                ClaimsFile.parse(claimsText, claimsFile, p.parameterCount(), limits);
            } catch (UserError e) {
                throw new UserError(name, "line " + line, e.getMessage());
            }
            jobs.add(new Entry(line, jobName, problemFile, problemText, claimsFile, claimsText));
        }
        if (jobs.isEmpty()) {
            throw new UserError(name, null, "at least one job: one JSON object {\"problem\": ..., \"claims\": ...} "
                    + "per line; the file has none");
        }
        return jobs;
    }

    private static String string(JsonNode o, String field, String file, int line) {
        JsonNode v = o.get(field);
        if (v == null) {
            throw new UserError(file, "line " + line + ": " + field, "a file name (a string); the field is missing");
        }
        if (!v.isTextual() || v.asText().isEmpty()) {
            throw new UserError(file, "line " + line + ": " + field, "a non-empty string, not " + v);
        }
        return v.asText();
    }

    private static String read(Path dir, String f, Limits limits, String file, int line, String field) {
        Path p = dir == null ? Path.of(f) : dir.resolve(f);
        if (!Files.isRegularFile(p)) {
            throw new UserError(file, "line " + line + ": " + field, "an existing file (relative to the jobs file's"
                    + " folder); " + p + " is " + (Files.exists(p) ? "not a regular file" : "missing"));
        }
        try {
            return ProblemReader.readText(p, limits);
        } catch (UserError e) {
            throw new UserError(file, "line " + line + ": " + field, e.getMessage());
        }
    }
}
