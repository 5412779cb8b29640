package io.isobench.harness.peers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isobench.runtime.cgroup.CgroupManager;
import io.isobench.runtime.launch.NativeHelpers;
import io.isobench.runtime.launch.Spawn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The container peers, all starting the same static no-op program ({@code /noop}, isobench's
 * {@code noop} helper) on the same root filesystem (a directory holding only it and the
 * usual mount points): isobench's full container, isobench's launcher alone (no cgroup:
 * what bwrap does), bwrap, unshare, runc, crun, a bare exec, and {@code isobench container
 * run} end to end with the JVM's start included.
 */
public final class ContainerPeers implements AutoCloseable {
    private final Path work;
    private final Path rootfs;
    private final List<Peer> peers = new ArrayList<>();
    private final IsobenchContainerPeer isobench;

    private ContainerPeers(Path work, Path rootfs, IsobenchContainerPeer isobench) {
        this.work = work;
        this.rootfs = rootfs;
        this.isobench = isobench;
    }

    public static ContainerPeers create(CgroupManager cgroups) throws IOException {
        Path work = Files.createTempDirectory("isobench-peers-");
        try {
            Path rootfs = Files.createDirectory(work.resolve("rootfs"));
            for (String d : List.of("proc", "dev", "sys", "tmp")) {
                Files.createDirectory(rootfs.resolve(d));
            }
            Path noop = rootfs.resolve("noop");
            Files.copy(NativeHelpers.get().path("noop"), noop);
            noop.toFile().setExecutable(true, false);
            Path log = work.resolve("peer.log");
            List<String> cmd = List.of("/noop");
            ContainerPeers p = new ContainerPeers(work, rootfs, new IsobenchContainerPeer(rootfs, cmd, cgroups));
            p.peers.add(p.isobench);
            p.peers.add(new LauncherOnlyPeer(rootfs, work, log));
            p.peers.add(new CommandPeer("bwrap --unshare-all", "bwrap", List.of("bwrap", "--unshare-all",
                    "--ro-bind", rootfs.toString(), "/", "--proc", "/proc", "--dev", "/dev", "/noop"), log));
            p.peers.add(new CommandPeer("unshare -mpfnui", "unshare", List.of("unshare", "--mount", "--pid", "--fork",
                    "--net", "--uts", "--ipc", "--root=" + rootfs, "/noop"), log));
            p.peers.add(new BundlePeer("runc run", "runc", rootfs, work.resolve("runc"), log));
            p.peers.add(new BundlePeer("crun run", "crun", rootfs, work.resolve("crun"), log));
            p.peers.add(new CommandPeer("bare exec", noop.toString(), List.of(noop.toString()), log));
            p.peers.add(CommandPeer.viaJdkSpawn("bare exec, JDK ProcessBuilder", noop.toString(), List.of(noop.toString()), log));
            p.peers.add(new JvmPeer(rootfs, log));
            return p;
        } catch (IOException | RuntimeException e) {
            delete(work);
            throw e;
        }
    }

    public List<Peer> peers() {
        return peers;
    }

    public List<String> notes() {
        return List.of(isobench.phaseSummary(),
                "all peers start " + rootfs.resolve("noop").getFileName() + " (a static no-op) on the same root filesystem;"
                        + " times are from spawn to exit, the JVM already running, except the JVM row;"
                        + " every peer is started with " + Spawn.mechanism() + ", except the row that says JDK ProcessBuilder");
    }

    @Override
    public void close() {
        peers.forEach(Peer::close);
        delete(work);
    }

    static void delete(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(q);
            }
        } catch (IOException ignored) {
            // a leftover temp file is harmless
        }
    }

    /** The launcher in container mode without a cgroup: the same job as bwrap. */
    static final class LauncherOnlyPeer extends CommandPeer {
        private final Path rootfs;
        private final Path work;
        private Path dir;

        LauncherOnlyPeer(Path rootfs, Path work, Path log) {
            super("isobench launcher, no cgroup", NativeHelpers.get().launcher().toString(), List.of(), log);
            this.rootfs = rootfs;
            this.work = work;
        }

        @Override
        protected void beforeRun() throws IOException {
            // Made before the spawn, as ContainerRuntime makes them before it spawns.
            dir = Files.createTempDirectory(work, "state-");
        }

        @Override
        protected void afterRun() {
            delete(dir);
        }

        @Override
        protected List<String> argv() {
            return List.of(NativeHelpers.get().launcher().toString(), "--container", "--rootfs", rootfs.toString(),
                    "--state", dir.toString(), "--", "/noop");
        }
    }

    /** {@code isobench container run --rootfs R -- /noop} in a fresh JVM: what a user typing it waits for. */
    static final class JvmPeer extends CommandPeer {
        JvmPeer(Path rootfs, Path log) {
            super("isobench container run (JVM included)", javaBinary(),
                    List.of(javaBinary(), "-cp", System.getProperty("java.class.path"), "io.isobench.harness.Main",
                            "container", "run", "--rootfs", rootfs.toString(), "--", "/noop"), log);
        }

        private static String javaBinary() {
            Optional<String> cmd = ProcessHandle.current().info().command();
            return cmd.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        }

        @Override
        public int runs(int requested) {
            return Math.min(requested, 10);
        }
    }

    /** runc or crun: an OCI bundle made with the tool's own {@code spec}, pointed at the shared root. */
    static final class BundlePeer extends CommandPeer {
        private static final AtomicInteger IDS = new AtomicInteger();
        private final String tool;
        private final Path rootfs;
        private final Path bundle;
        private String prepared;

        BundlePeer(String name, String tool, Path rootfs, Path bundle, Path log) {
            super(name, tool, List.of(), log);
            this.tool = tool;
            this.rootfs = rootfs;
            this.bundle = bundle;
        }

        @Override
        public String unavailableReason() {
            String why = super.unavailableReason();
            if (why != null) {
                return why;
            }
            try {
                prepare();
                return null;
            } catch (IOException | InterruptedException e) {
                return "cannot make an OCI bundle with " + tool + " spec: " + e.getMessage();
            }
        }

        private void prepare() throws IOException, InterruptedException {
            if (prepared != null) {
                return;
            }
            Files.createDirectories(bundle);
            Process spec = new ProcessBuilder(tool, "spec").directory(bundle.toFile()).redirectErrorStream(true).start();
            String out = new String(spec.getInputStream().readAllBytes());
            if (!spec.waitFor(30, TimeUnit.SECONDS) || spec.exitValue() != 0) {
                throw new IOException(out.strip());
            }
            ObjectMapper mapper = new ObjectMapper();
            Path config = bundle.resolve("config.json");
            ObjectNode root = (ObjectNode) mapper.readTree(config.toFile());
            ObjectNode r = root.putObject("root");
            r.put("path", rootfs.toString());
            r.put("readonly", true);
            ObjectNode process = (ObjectNode) root.get("process");
            process.put("terminal", false);
            ArrayNode args = process.putArray("args");
            args.add("/noop");
            mapper.writeValue(config.toFile(), root);
            prepared = config.toString();
        }

        @Override
        protected List<String> argv() {
            return List.of(tool, "run", "--bundle", bundle.toString(), "isobench-peer-" + ProcessHandle.current().pid()
                    + "-" + IDS.incrementAndGet());
        }
    }
}
