package io.isobench.runtime.vm.guest;

import io.isobench.runtime.RuntimeFailure;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelCommandLineTest {

    @Test
    void defaultLineForIsobenchsMonitor() throws Exception {
        String line = KernelCommandLine.command(List.of("/bin/true")).build();
        assertEquals("console=ttyS0 reboot=k panic=-1 8250.nr_uarts=2 i8042.noaux i8042.nomux i8042.dumbkbd"
                + " pci=off quiet isobench.cmd=L2Jpbi90cnVl", line);
    }

    @Test
    void argvSurvivesSpacesQuotesAndEmptyArguments() throws Exception {
        List<String> argv = List.of("sh", "-c", "echo \"a b\" 'c'; exit 3", "", "ünï=cödé");
        String line = KernelCommandLine.command(argv).withPci().verbose().cwd("/work dir")
                .env(Map.of("A", "x y")).scratch("/dev/vda").extra("loglevel=7").build();
        assertFalse(line.contains("pci=off"));
        assertFalse(line.contains("quiet"));
        String cmd = value(line, "isobench.cmd");
        assertTrue(cmd.matches("[A-Za-z0-9_-]+"), cmd);
        assertEquals(String.join("\0", argv), decode(cmd));
        assertEquals("A=x y", decode(value(line, "isobench.env")));
        assertEquals("/work dir", decode(value(line, "isobench.cwd")));
        assertEquals("/dev/vda", value(line, "isobench.scratch"));
        assertTrue(line.contains(" loglevel=7 "));
        for (String word : line.split(" ")) {
            assertFalse(word.isEmpty());
        }
    }

    @Test
    void tooLongForTheKernelIsOneSentence() throws Exception {
        String big = "x".repeat(1600);
        RuntimeFailure e = assertThrows(RuntimeFailure.class,
                () -> KernelCommandLine.command(List.of("echo", big)).build());
        assertTrue(e.getMessage().startsWith("the command is too long for the guest kernel's command line ("),
                e.getMessage());
        assertTrue(e.getMessage().contains("the kernel accepts 2048"));
        // Right at the limit is fine: 2047 characters plus the NUL.
        String base = KernelCommandLine.command(List.of("e")).build();
        String filler = "y".repeat(KernelCommandLine.COMMAND_LINE_SIZE - 1 - base.length() - 1); // minus the space
        assertEquals(2047, KernelCommandLine.command(List.of("e")).extra(filler).build().length());
        assertThrows(RuntimeFailure.class, () -> KernelCommandLine.command(List.of("e")).extra(filler + "z").build());
    }

    @Test
    void networkLinkIsAddressSlashPrefixAndOnlyAValidOne() throws Exception {
        String line = KernelCommandLine.command(List.of("a")).network("198.18.0.2", 30).build();
        assertEquals("198.18.0.2/30", value(line, "isobench.net"));
        assertFalse(KernelCommandLine.command(List.of("a")).build().contains("isobench.net"), "no link, no parameter");
        for (String bad : List.of("198.18.0", "256.1.1.1", "1.2.3.4 panic=1", "")) {
            assertThrows(RuntimeFailure.class, () -> KernelCommandLine.command(List.of("a")).network(bad, 30).build(), bad);
        }
        assertThrows(RuntimeFailure.class, () -> KernelCommandLine.command(List.of("a")).network("1.2.3.4", 0).build());
        assertThrows(RuntimeFailure.class, () -> KernelCommandLine.command(List.of("a")).network("1.2.3.4", 33).build());
    }

    @Test
    void rootDiskIsADeviceAndOnlyADevice() throws Exception {
        String line = KernelCommandLine.command(List.of("a")).scratch("/dev/vda").root("/dev/vdb").build();
        assertEquals("/dev/vdb", value(line, "isobench.root"));
        assertFalse(KernelCommandLine.command(List.of("a")).build().contains("isobench.root"), "no disk, no parameter");
        RuntimeFailure e = assertThrows(RuntimeFailure.class,
                () -> KernelCommandLine.command(List.of("a")).root("vdb panic=1").build());
        assertEquals("the root disk must be a device like /dev/vda, not 'vdb panic=1'.", e.getMessage());
        assertEquals("/dev/vdb", GuestPayload.rootDevice(true), "after the scratch disk");
        assertEquals("/dev/vda", GuestPayload.rootDevice(false), "the only disk");
    }

    @Test
    void badInputIsRejected() {
        assertThrows(RuntimeFailure.class, () -> KernelCommandLine.command(List.of()).build());
        assertThrows(RuntimeFailure.class, () -> KernelCommandLine.command(List.of("a\0b")).build());
        assertThrows(RuntimeFailure.class, () -> KernelCommandLine.command(List.of("a")).scratch("vda; reboot").build());
        assertThrows(RuntimeFailure.class, () -> KernelCommandLine.command(List.of("a")).cwd("relative").build());
        assertThrows(RuntimeFailure.class, () -> KernelCommandLine.command(List.of("a")).env(Map.of("A=B", "c")).build());
        // A user's kernel parameter is one printable word and cannot pose as guest-init's own.
        assertThrows(RuntimeFailure.class, () -> KernelCommandLine.command(List.of("a")).extra("a b").build());
        assertThrows(RuntimeFailure.class, () -> KernelCommandLine.command(List.of("a")).extra("").build());
        assertThrows(RuntimeFailure.class, () -> KernelCommandLine.command(List.of("a")).extra("isobench.cmd=x").build());
    }

    private static String value(String line, String key) {
        for (String word : line.split(" ")) {
            if (word.startsWith(key + "=")) {
                return word.substring(key.length() + 1);
            }
        }
        throw new AssertionError(key + " missing from " + line);
    }

    private static String decode(String b64) {
        return new String(Base64.getUrlDecoder().decode(b64), StandardCharsets.UTF_8);
    }
}
