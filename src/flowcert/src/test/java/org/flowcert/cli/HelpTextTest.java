package org.flowcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Every command's --help: whole sentences, never half of one (the command list shows a command's first paragraph). */
class HelpTextTest {
    @Test
    void theCommandListShowsWholeSentences() {
        CliRun.Outcome o = CliRun.run("--help");
        assertThat(o.code()).isZero();
        String list = o.out().substring(o.out().indexOf("Commands:"));
        list = list.substring(list.indexOf('\n') + 1, list.indexOf("\n\n"));
        // an entry is "  name  text" followed by continuation lines indented deeper
        List<String> entries = new ArrayList<>();
        for (String line : list.split("\n")) {
            if (line.matches("  \\S.*")) {
                entries.add(line.strip());
            } else {
                entries.set(entries.size() - 1, entries.get(entries.size() - 1) + " " + line.strip());
            }
        }
        assertThat(entries).hasSizeGreaterThanOrEqualTo(7);
        for (String e : entries) {
            assertThat(e).as(e).endsWith(".");
        }
    }

    @Test
    void everyCommandsHelpIsWholeParagraphs() {
        CommandLine root = Main.commandLine();
        List<CommandLine> all = new ArrayList<>(root.getSubcommands().values());
        all.add(root);
        for (CommandLine cl : all) {
            CommandSpec spec = cl.getCommandSpec();
            String name = spec.qualifiedName();
            CliRun.Outcome o = CliRun.run(name.equals("flowcert") ? new String[] {"--help"}
                    : new String[] {spec.name(), "--help"});
            assertThat(o.code()).as(name).isZero();
            assertThat(o.out()).as(name).contains("Usage: " + name);
            assertThat(o.err()).as(name).isEmpty();
            for (String p : spec.usageMessage().description()) {
                if (p.isBlank()) {
                    continue; // a blank line between paragraphs
                }
                assertThat(p.strip().replaceAll("(%n)+$", "")).as(name + ": " + p).matches("(?s).*[.:!?)]");
            }
            for (OptionSpec opt : spec.options()) {
                for (String p : opt.description()) {
                    assertThat(p.strip()).as(name + " " + opt.longestName() + ": " + p)
                            .doesNotMatch("(?s).*([,;(]|\\band|\\bor|\\bthe|\\bof)");
                }
            }
        }
    }

    @Test
    void joiningKeepsParagraphsAndMendsCutSentences() {
        assertThat(Main.joined(new String[] {"One sentence.", "A sentence cut", "across lines, then ended.", "Last"}))
                .containsExactly("One sentence.", "A sentence cut across lines, then ended.", "Last");
        assertThat(Main.joined(new String[] {"Heading:", "item one", "item two."}))
                .containsExactly("Heading:", "item one item two.");
    }
}
