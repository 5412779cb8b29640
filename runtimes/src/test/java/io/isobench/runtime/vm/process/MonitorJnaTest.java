package io.isobench.runtime.vm.process;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MonitorJnaTest {
    /** A JVM started with the monitor's JNA properties: where its stub came from, and whether it forked ldconfig. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            int pid = NativeLibrary.getInstance("c").getFunction("getpid").invokeInt(new Object[0]);
            System.out.println("getpid " + (pid == ProcessHandle.current().pid()));
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                if (line.contains("jnidispatch") || line.contains("/jna")) {
                    System.out.println("map " + line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            // ldconfig -p runs through ProcessBuilder, whose reaper thread then lives on.
            System.out.println("reaper " + Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals("process reaper")));
        }
    }

    @Test
    void theStubIsCachedOnceAndAMonitorJvmLoadsItFromThereWithoutLdconfig(@TempDir Path dir) throws Exception {
        MonitorJna jna = new MonitorJna(dir);
        List<String> props = jna.properties();
        Path stubDir = jna.stubDirectory().orElseThrow();
        byte[] expected = MonitorJna.class.getClassLoader()
                .getResourceAsStream("com/sun/jna/" + Platform.RESOURCE_PREFIX + "/libjnidispatch.so").readAllBytes();
        assertArrayEquals(expected, Files.readAllBytes(stubDir.resolve("libjnidispatch.so")));
        assertTrue(props.contains("-Djna.boot.library.path=" + stubDir), props.toString());
        String dirs = props.stream().filter(p -> p.startsWith("-Djna.platform.library.path=")).findFirst().orElseThrow();
        for (String d : dirs.substring(dirs.indexOf('=') + 1).split(":")) {
            assertTrue(Files.isDirectory(Path.of(d)), d);
        }
        assertEquals(props, jna.properties(), "the same on the next call");

        List<String> command = new ArrayList<>(List.of(MonitorJvm.java()));
        command.addAll(props);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("getpid true"), out);
        assertTrue(out.contains("map " + stubDir.resolve("libjnidispatch.so")), out);
        assertTrue(out.lines().filter(l -> l.startsWith("map ")).allMatch(l -> l.startsWith("map " + stubDir)), out);
        assertTrue(out.contains("reaper false"), out);
    }
}
