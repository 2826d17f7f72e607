package dev.gma.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class RequiredToolTest {

    @TempDir Path bin;

    private RequiredTool tool(Map<String, String> env) {
        return new RequiredTool("fake-emulator", "the fake emulator", env);
    }

    @Test
    void anExecutableOnPathIsPresentAndAssumingItDoesNotSkip() throws Exception {
        Path exe = Files.createFile(bin.resolve("fake-emulator"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        RequiredTool tool = tool(Map.of("PATH", "/nonexistent:" + exe.getParent(), "GMA_REQUIRE_EMULATOR", "true"));

        assertThat(tool.present()).isTrue();
        tool.assumePresent();
        tool.require();
    }

    @Test
    void aMissingToolIsASkipNamingTheToolAndHowToMakeItAFailure() {
        RequiredTool tool = tool(Map.of("PATH", bin.toString()));

        assertThat(tool.present()).isFalse();
        tool.require(); // not required: the caller skips
        assertThatThrownBy(tool::assumePresent).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("'fake-emulator' is not on PATH").hasMessageContaining("GMA_REQUIRE_EMULATOR=true");
    }

    @Test
    void aFileThatIsNotExecutableDoesNotCount() throws Exception {
        Files.createFile(bin.resolve("fake-emulator"));

        assertThat(tool(Map.of("PATH", bin.toString())).onPath()).isFalse();
    }

    @Test
    void withGmaRequireEmulatorAMissingToolFailsInsteadOfSkipping() {
        RequiredTool tool = tool(Map.of("PATH", bin.toString(), "GMA_REQUIRE_EMULATOR", "true"));

        for (org.assertj.core.api.ThrowableAssert.ThrowingCallable call
                : new org.assertj.core.api.ThrowableAssert.ThrowingCallable[] {tool::present, tool::require, tool::assumePresent}) {
            assertThatThrownBy(call).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("GMA_REQUIRE_EMULATOR=true but 'fake-emulator' is not on PATH")
                    .hasMessageContaining("the fake emulator");
        }
    }
}
