package io.isobench.runtime.net;

import io.isobench.runtime.Owner;
import io.isobench.runtime.Privileges;
import io.isobench.runtime.cgroup.Cgroup;
import io.isobench.runtime.launch.NativeHelpers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The run's far end: a private network namespace {@code isobench-far-<pid>_<starttime>}
 * holding the server side of the net workloads, one server process for every runtime. Each
 * runtime instance reaches it over its own /30 link ({@link #attach()}); the namespace has
 * only {@code lo} and those links, no default route, so nothing sent there can leave the
 * machine.
 *
 * <p>The server runs through the launcher (bare mode) in a cgroup of its own, so its CPU is
 * accounted apart from the instance's, and enters the namespace with {@code nsenter}. The
 * launcher and the server die with this JVM (PR_SET_PDEATHSIG), however it dies.
 *
 * <p>Removal: {@link #close()} (also from a shutdown hook, for Ctrl-C) kills the server and
 * deletes the namespace, which destroys every veth with an end in it, including the host-side
 * ends of bare metal's links. A namespace left by a SIGKILLed run is found by its name and
 * deleted by the next {@link #open} once its owner process is gone ({@link #sweepStale()}).
 */
public final class FarEnd implements AutoCloseable {
    public static final String PREFIX = "isobench-far-";
    public static final Path NETNS_DIR = Path.of("/run/netns");
    /** The port the server listens on, on every address of the far end. */
    public static final int SERVER_PORT = 7100;
    /** The line the server prints once it accepts connections. */
    public static final String LISTENING = "@@isobench listening";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)_(\\d+)");

    private final String name;
    private final AddressPool pool;
    private final LinkNames links;
    private final Cgroup serverCgroup;
    private final Process server;
    private final Thread hook;
    private final BridgeNat bridgeNat;
    /** Servers of workload files ({@link #startServer}), each in a cgroup of its own. */
    private final List<Cgroup> extraServers = new ArrayList<>();
    private final List<Process> extraProcesses = new ArrayList<>();
    private volatile boolean closed;

    /** The far ends this process has open, by namespace file: how a runtime given only a {@link NetAttachment} finds its {@link BridgeNat}. */
    private static final Map<Path, FarEnd> OPEN = new ConcurrentHashMap<>();

    private FarEnd(String name, AddressPool pool, LinkNames links, Cgroup serverCgroup, Process server) {
        this.name = name;
        this.pool = pool;
        this.links = links;
        this.serverCgroup = serverCgroup;
        this.server = server;
        this.bridgeNat = new BridgeNat(name, pool, links, Owner.current());
        this.hook = new Thread(this::close, "isobench-far-end-cleanup");
        java.lang.Runtime.getRuntime().addShutdownHook(hook);
        OPEN.put(path(), this);
    }

    /** The open far end of this process whose namespace file is {@code path}. */
    static Optional<FarEnd> find(Path path) {
        return Optional.ofNullable(OPEN.get(path));
    }

    /** bridge-nat's bridge, uplink and masquerade into this far end (set up while leased). */
    BridgeNat bridgeNat() {
        return bridgeNat;
    }

    /**
     * Why this host cannot have a far end, in one sentence, or null when it can. Quick: no
     * namespace is created.
     */
    public static String unavailableReason() {
        if (!Privileges.isRoot()) {
            return "the network workloads need root to create network namespaces and veth links (try sudo)";
        }
        if (!Files.exists(Path.of("/proc/self/ns/net"))) {
            return "this kernel has no network namespaces, which the network workloads need";
        }
        long caps = effectiveCapabilities();
        if ((caps & (1L << CAP_NET_ADMIN)) == 0 || (caps & (1L << CAP_SYS_ADMIN)) == 0) {
            return "the network workloads need the capabilities CAP_NET_ADMIN and CAP_SYS_ADMIN to create "
                    + "network namespaces and veth links, and this process lacks them";
        }
        return null;
    }

    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_SYS_ADMIN = 21;

    /** CapEff of this process (0 when unreadable). */
    static long effectiveCapabilities() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return Long.parseUnsignedLong(line.substring(7).strip(), 16);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /**
     * Creates the far end and starts the server in it.
     *
     * @param serverCgroup  a fresh cgroup for the server (closed by {@link #close()})
     * @param workingDir    the server's working directory (the image root)
     * @param serverCommand the server's argv; must print {@link #LISTENING} when ready
     * @throws IOException one sentence: what could not be made (veth missing, not root, ...)
     */
    public static FarEnd open(Cgroup serverCgroup, Path workingDir, List<String> serverCommand) throws IOException {
        String reason = unavailableReason();
        if (reason != null) {
            serverCgroup.close();
            throw new IOException(reason);
        }
        sweepStale();
        String name = PREFIX + Owner.current().tag();
        AddressPool pool = null;
        boolean made = false;
        try {
            pool = AddressPool.acquire();
            try {
                Ip.run("netns", "add", name);
            } catch (IOException e) {
                throw new IOException("cannot create the far end's network namespace: " + e.getMessage(), e);
            }
            made = true;
            Ip.run("-n", name, "link", "set", "lo", "up");
            checkVeth(name);
            Process server = startServer(name, serverCgroup, workingDir, serverCommand);
            return new FarEnd(name, pool, LinkNames.forThisProcess(), serverCgroup, server);
        } catch (IOException | RuntimeException e) {
            killQuietly(serverCgroup);
            serverCgroup.close();
            if (made) {
                Ip.quietly("netns", "del", name);
            }
            if (pool != null) {
                pool.close();
            }
            throw e;
        }
    }

    /** A veth pair made and removed inside the far end: says "no veth" before any trial needs one. */
    private static void checkVeth(String ns) throws IOException {
        try {
            Ip.run("-n", ns, "link", "add", "probe0", "type", "veth", "peer", "name", "probe1");
            Ip.quietly("-n", ns, "link", "del", "probe0");
        } catch (IOException e) {
            throw new IOException("this kernel cannot create veth links (is the veth module available?): "
                    + e.getMessage(), e);
        }
    }

    private static Process startServer(String ns, Cgroup cgroup, Path workingDir, List<String> command)
            throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(NativeHelpers.get().launcher().toString());
        for (Path procs : cgroup.procsFiles()) {
            argv.add("--cgroup");
            argv.add(procs.toString());
        }
        argv.addAll(List.of("--", "nsenter", "--net=" + NETNS_DIR.resolve(ns), "--"));
        argv.addAll(command);
        Process p = new ProcessBuilder(argv).directory(workingDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith(LISTENING)) {
                        ready.complete(true);
                    }
                }
            } catch (IOException e) {
                // the server is gone; the wait below says so
            }
            ready.complete(false);
        }, "isobench-far-end-server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!ready.get(60, TimeUnit.SECONDS)) {
                throw new IOException("the far end's server ended before it listened (exit code "
                        + (p.waitFor(5, TimeUnit.SECONDS) ? p.exitValue() : -1) + ")");
            }
        } catch (TimeoutException e) {
            p.destroyForcibly();
            throw new IOException("the far end's server did not listen within 60 s");
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the far end's server");
        } catch (ExecutionException e) {
            throw new IOException("the far end's server failed: " + e.getCause());
        }
        return p;
    }

    /**
     * Starts another server in the far end (a workload file's {@code farEndServer}), like the
     * net workloads' own: through the launcher in {@code cgroup}, entered into the namespace
     * with nsenter, dying with this JVM; killed by {@link #close()}.
     *
     * @param command its argv; must print {@link #LISTENING} when ready
     * @throws IOException one sentence: it ended or did not listen within 60 s
     */
    public synchronized void startServer(Cgroup cgroup, Path workingDir, List<String> command) throws IOException {
        if (closed) {
            cgroup.close();
            throw new IOException("the far end is closed");
        }
        try {
            extraProcesses.add(startServer(name, cgroup, workingDir, command));
        } catch (IOException | RuntimeException e) {
            killQuietly(cgroup);
            cgroup.close();
            throw e;
        }
        extraServers.add(cgroup);
    }

    /** The namespace's name under /run/netns. */
    public String name() {
        return name;
    }

    /** Its file, which {@code setns} and {@code ip netns} take. */
    public Path path() {
        return NETNS_DIR.resolve(name);
    }

    /** The prefix of every link name this run makes. */
    public String linkPrefix() {
        return links.prefix();
    }

    /** The server's cgroup: its CPU time is the far end's share of a net workload. */
    public Cgroup serverCgroup() {
        return serverCgroup;
    }

    /** A fresh /30 and link name for one instance. */
    public NetAttachment attach() {
        String[] pair = pool.nextPair();
        return new NetAttachment(path(), pair[1], pair[0], 30, links.next());
    }

    /** Kills the server, deletes the namespace (and with it every link into it). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        OPEN.remove(path());
        bridgeNat.close();
        for (Cgroup extra : extraServers) {
            killQuietly(extra);
        }
        killQuietly(serverCgroup);
        List<Process> all = new ArrayList<>(extraProcesses);
        all.add(server);
        for (Process p : all) {
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Ip.quietly("netns", "del", name);
        serverCgroup.close();
        extraServers.forEach(Cgroup::close);
        pool.close();
        try {
            java.lang.Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // we are the hook, or it runs anyway
        }
    }

    private static void killQuietly(Cgroup cgroup) {
        try {
            cgroup.killAll();
        } catch (IOException e) {
            // close() reports what could not be removed
        }
    }

    /**
     * Deletes far ends whose owner process is gone (a run killed with SIGKILL), with their
     * bridge-nat tables, bridges and host links. Each name carries its owner's pid and start
     * time, so a live run's far end is never touched.
     *
     * @return the names deleted (namespaces and host links)
     */
    public static List<String> sweepStale() {
        List<String> removed = new ArrayList<>();
        BridgeNat.sweepStale(removed);
        if (!Files.isDirectory(NETNS_DIR)) {
            sweepHostLinks(removed);
            return removed;
        }
        List<String> names;
        try (Stream<Path> list = Files.list(NETNS_DIR)) {
            names = list.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            return removed;
        }
        sweepHostLinks(removed);
        for (String n : names) {
            Matcher m = NAME.matcher(n);
            if (m.matches() && !new Owner(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))).alive()) {
                try {
                    Ip.run("netns", "del", n);
                    removed.add(n);
                } catch (IOException e) {
                    System.err.println("isobench: cannot remove the stale far end " + n + ": " + e.getMessage());
                }
            }
        }
        return removed;
    }

    /**
     * Host-side ends of bare links ({@code isb<pid36>-<n>h}) and bridge-nat bridges
     * ({@code isb<pid36>-nat}) whose owner process no longer
     * exists. Deleting the far end normally destroys them with their peers, but the kernel
     * keeps a deleted namespace (and so its veth ends) alive while anything still references
     * it — seen after a SIGKILL: a socket of the killed server in the far end — so the host
     * ends are deleted by name too. Only when no process with that pid exists at all: a name
     * carries no start time, and a live isobench with a reused pid keeps its links.
     */
    private static void sweepHostLinks(List<String> removed) {
        String links;
        try {
            links = Ip.run("-o", "link", "show");
        } catch (IOException e) {
            return;
        }
        for (String line : links.lines().toList()) {
            String[] f = line.split(":\\s+", 3);
            if (f.length < 2) {
                continue;
            }
            String name = f[1].contains("@") ? f[1].substring(0, f[1].indexOf('@')) : f[1];
            long pid = LinkNames.ownerPid(name);
            if (pid > 0 && (name.endsWith("h") || BridgeNat.isBridge(name)) && ProcessHandle.of(pid).isEmpty()) {
                Ip.quietly("link", "del", name);
                removed.add(name);
            }
        }
    }

}
