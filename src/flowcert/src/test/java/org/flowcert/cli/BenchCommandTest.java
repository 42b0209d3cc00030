package org.flowcert.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flowcert.cli.CliRun.run;

import java.nio.file.Files;
import java.nio.file.Path;
import org.flowcert.io.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench --peers}: an absent peers' folder is one clear line and exit 2, before any work. */
class BenchCommandTest {
    @Test
    void absentPeersFolderIsExit2InOneLineNamingTheFolderAndTheWayOut(@TempDir Path dir) {
        Path missing = dir.resolve("no-peers-here");
        CliRun.Outcome o = run("bench", "W1", "--peers=" + missing);
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.out()).isEmpty();
        assertThat(o.err().strip().lines().count()).isEqualTo(1);
        assertThat(o.err()).contains(missing.toString()).contains("--peers DIR").contains("FLOWCERT_PEERS")
                .doesNotContain("Exception");
    }

    @Test
    void folderWithoutRunAllIsRefusedToo(@TempDir Path dir) {
        // a folder that exists but is not the peers' folder (no run-all.sh)
        CliRun.Outcome o = run("bench", "W3", "--peers", dir.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains(dir.toString()).contains("run-all.sh");
    }

    @Test
    void folderIsTakenFromTheOptionThenTheEnvironmentThenTheDefault(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("run-all.sh"), "echo '{\"workload\": \"W1\"}'\n");
        assertThat(BenchCommand.peersFolder(dir.toString(), "/elsewhere")).isEqualTo(dir.toAbsolutePath().normalize());
        assertThat(BenchCommand.peersFolder("", dir.toString())).isEqualTo(dir.toAbsolutePath().normalize());
        assertThatThrownBy(() -> BenchCommand.peersFolder("", "/no/such/peers/folder"))
                .isInstanceOf(UserError.class).hasMessageContaining("/no/such/peers/folder")
                .hasMessageContaining("FLOWCERT_PEERS");
        Path defaultPeers = Path.of(BenchCommand.PEERS_DEFAULT).toAbsolutePath().normalize();
        if (!Files.exists(defaultPeers.resolve("run-all.sh"))) {
            assertThatThrownBy(() -> BenchCommand.peersFolder("", null)).isInstanceOf(UserError.class)
                    .hasMessageContaining(defaultPeers.toString());
        }
    }

    @Test
    void unknownWorkloadIsExit2() {
        CliRun.Outcome o = run("bench", "W4");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("W1, W2 or W3");
    }
}
