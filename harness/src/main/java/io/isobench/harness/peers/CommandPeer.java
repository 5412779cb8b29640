package io.isobench.harness.peers;

import io.isobench.runtime.Programs;
import io.isobench.runtime.launch.Spawn;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A peer that is one external command (bwrap, unshare, runc, a bare exec, ...), spawned
 * from this JVM with {@link Spawn} (as the harness starts every launcher) and timed from
 * {@code start()} to the end of {@code waitFor()}. Its output goes to a file, read only when a
 * run fails.
 */
public class CommandPeer implements Peer {
    private final String name;
    private final String tool;
    private final List<String> argv;
    private final Path log;
    private final boolean jdkSpawn;

    /**
     * @param tool the program that must be installed (looked up on PATH), or an absolute path
     */
    public CommandPeer(String name, String tool, List<String> argv, Path log) {
        this(name, tool, argv, log, false);
    }

    private CommandPeer(String name, String tool, List<String> argv, Path log, boolean jdkSpawn) {
        this.name = name;
        this.tool = tool;
        this.argv = List.copyOf(argv);
        this.log = log;
        this.jdkSpawn = jdkSpawn;
    }

    /**
     * The same command started with the JDK's {@link ProcessBuilder#start()} (jspawnhelper):
     * the row that shows what {@link Spawn} saves on every start.
     */
    public static CommandPeer viaJdkSpawn(String name, String tool, List<String> argv, Path log) {
        return new CommandPeer(name, tool, argv, log, true);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String unavailableReason() {
        return find(tool) == null ? tool + " is not installed" : null;
    }

    /** The program's path: absolute as given, else the first executable of that name on PATH. */
    public static Path find(String program) {
        return Programs.find(program);
    }

    protected void beforeRun() throws IOException {
    }

    protected void afterRun() throws IOException {
    }

    protected List<String> argv() {
        return argv;
    }

    @Override
    public double runMs() throws Exception {
        beforeRun();
        try {
            ProcessBuilder pb = new ProcessBuilder(argv()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            long t0 = System.nanoTime();
            Process p = jdkSpawn ? pb.start() : Spawn.start(pb);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IOException("no exit within 60 s");
            }
            long t1 = System.nanoTime();
            if (p.exitValue() != 0) {
                String out = Files.readString(log, StandardCharsets.UTF_8).strip();
                int nl = out.lastIndexOf('\n');
                throw new IOException("exit code " + p.exitValue() + (out.isEmpty() ? "" : ": " + out.substring(nl + 1)));
            }
            return (t1 - t0) / 1e6;
        } finally {
            afterRun();
        }
    }
}
