package io.isobench.runtime.container;

import io.isobench.runtime.Launch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The container's switches, read from {@link Launch#options()}: {@code hostname},
 * {@code seccomp}, {@code caps}, {@code nnp} (no_new_privs) and {@code mask} (masked /proc and
 * /sys paths), each {@code on} (the default) or {@code off}, and {@code upper}: {@code tmpfs}
 * (default: the overlay's upper layer on a tmpfs private to the container) or {@code disk}
 * (in a directory under the runtime's base, for workloads that write more to / than memory
 * holds), {@code cwd}: the command's working directory inside the container (default
 * {@code /}; the launcher refuses one outside the container's root), and {@code net}:
 * {@code veth} (default: a network namespace of its own, a veth to the far end for net
 * workloads) or {@code host} (the host's namespace, like {@code docker --net=host}; a net
 * workload's link is then a veth from the host's namespace, as on bare metal) or
 * {@code bridge-nat} (Docker's default: the container's veth joins a bridge of the host, which
 * routes and masquerades to the far end, see {@code io.isobench.runtime.net.BridgeNat}), and
 * {@code cgroup-join}: {@code clone} (default: on a cgroup v2 host the container's first
 * process is cloned straight into the trial cgroup, {@code CLONE_INTO_CGROUP}) or
 * {@code write} (the launcher writes its pid into {@code cgroup.procs} first, the only way on
 * v1 and hybrid hosts; kept selectable on v2 to measure the difference). Turning a
 * layer off is for experiments: its cost is itself worth measuring.
 */
public record ContainerSettings(String hostname, boolean seccomp, boolean caps, boolean nnp, boolean mask,
                                boolean upperOnDisk, String cwd, boolean hostNetwork, boolean cgroupJoinByWrite,
                                boolean bridgeNat) {
    public static final String DEFAULT_HOSTNAME = "isobench";
    /** The option keys that are on/off switches, in the launcher's order. */
    public static final List<String> SWITCHES = List.of("seccomp", "caps", "nnp", "mask");
    private static final Set<String> KEYS = Set.of("hostname", "seccomp", "caps", "nnp", "mask", "upper", "cwd", "net",
            "cgroup-join");

    public static final ContainerSettings DEFAULT = new ContainerSettings(DEFAULT_HOSTNAME, true, true, true, true, false,
            null, false, false, false);

    public ContainerSettings {
        if (hostname == null || hostname.isEmpty() || hostname.length() > 64 || !hostname.matches("[A-Za-z0-9.-]+")) {
            throw new IllegalArgumentException("hostname '" + hostname
                    + "' is not valid (1 to 64 letters, digits, dots and dashes)");
        }
        if (cwd != null && !cwd.startsWith("/")) {
            throw new IllegalArgumentException("cwd '" + cwd + "' is not an absolute path");
        }
    }

    /** @throws IllegalArgumentException one sentence naming the bad key or value */
    public static ContainerSettings from(Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown container option '" + key + "' (known: hostname, "
                        + String.join(", ", SWITCHES) + ", upper, cwd, net, cgroup-join)");
            }
        }
        String upper = options.getOrDefault("upper", "tmpfs");
        if (!upper.equals("tmpfs") && !upper.equals("disk")) {
            throw new IllegalArgumentException("--upper takes tmpfs or disk, not '" + upper + "'");
        }
        String net = options.getOrDefault("net", "veth");
        if (!net.equals("veth") && !net.equals("host") && !net.equals("bridge-nat")) {
            throw new IllegalArgumentException("--net takes veth, host or bridge-nat, not '" + net + "'");
        }
        String join = options.getOrDefault("cgroup-join", "clone");
        if (!join.equals("clone") && !join.equals("write")) {
            throw new IllegalArgumentException("--cgroup-join takes clone or write, not '" + join + "'");
        }
        return new ContainerSettings(options.getOrDefault("hostname", DEFAULT_HOSTNAME), on(options, "seccomp"),
                on(options, "caps"), on(options, "nnp"), on(options, "mask"), upper.equals("disk"), options.get("cwd"),
                net.equals("host"), join.equals("write"), net.equals("bridge-nat"));
    }

    private static boolean on(Map<String, String> options, String key) {
        String v = options.getOrDefault(key, "on");
        return switch (v) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("--" + key + " takes on or off, not '" + v + "'");
        };
    }

    /** The launcher options that carry these settings. */
    List<String> launcherArgs() {
        List<String> args = new ArrayList<>(List.of("--hostname", hostname));
        add(args, "seccomp", seccomp);
        add(args, "caps", caps);
        add(args, "nnp", nnp);
        add(args, "mask", mask);
        if (cwd != null) {
            args.add("--cwd");
            args.add(cwd);
        }
        if (hostNetwork) {
            args.addAll(List.of("--net-ns", "host"));
        }
        if (cgroupJoinByWrite) {
            args.addAll(List.of("--cgroup-join", "write"));
        }
        return args;
    }

    private static void add(List<String> args, String name, boolean on) {
        args.add("--" + name);
        args.add(on ? "on" : "off");
    }
}
