package io.isobench.runtime.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Limits;
import io.isobench.runtime.container.ContainerPolicy;
import io.isobench.runtime.container.ContainerSettings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

/**
 * The OCI runtime configuration ({@code config.json}) of one trial, generated from the same
 * {@link ContainerSettings} and {@link ContainerPolicy} as isobench's own container: the same
 * namespaces (mount, PID, UTS, IPC, network, cgroup), the overlay root (mounted by the
 * caller, {@code root.path}), the same mounts (/proc, /sys read-only, the cgroup hierarchies
 * read-only, a small /dev with devpts and /dev/shm, /tmp, /scratch), the same capability
 * set, no_new_privs, masked and read-only paths, the seccomp rules ({@link OciSeccomp}), the
 * hostname, and the trial's limits.
 *
 * <p>{@code linux.cgroupsPath} is relative: runc, started inside the trial's cgroup, makes
 * its container cgroup a child of the trial's cgroup in every hierarchy, whatever path each
 * hierarchy gives the trial (on hybrid v1 hosts they differ per controller, so no absolute
 * path names them all). The trial's cgroup thereby accounts the container's CPU, memory and
 * I/O hierarchically, as it does for isobench's container.
 */
public final class OciBundle {
    /** CFS period of the CPU limit, as the harness's cgroup code uses. */
    static final long CFS_PERIOD_US = 100_000;
    /** Every capability Linux 6.x knows, for {@code caps=off} (the launcher then drops none). */
    static final List<String> ALL_CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH",
            "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
            "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
            "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN",
            "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD",
            "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
            "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
            "CAP_CHECKPOINT_RESTORE");

    /**
     * @param launch       the trial (command, environment, limits, scratch)
     * @param settings     the container's switches
     * @param root         the mounted overlay root
     * @param cgroupsPath  relative path of the container's cgroup below the runtime's own
     * @param netns        a prepared network namespace to join (net workloads), null: a new one
     * @param swapLimit    whether the host accounts swap (then the memory limit leaves no swap)
     */
    public static ObjectNode config(Launch launch, ContainerSettings settings, Path root, String cgroupsPath,
                                    Path netns, boolean swapLimit) {
        if (cgroupsPath.startsWith("/")) {
            throw new IllegalArgumentException("cgroupsPath must be relative to the trial's cgroup, got " + cgroupsPath);
        }
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode c = json.objectNode();
        c.put("ociVersion", "1.0.2");
        ObjectNode process = c.putObject("process");
        process.put("terminal", false);
        ObjectNode user = process.putObject("user");
        user.put("uid", 0);
        user.put("gid", 0);
        ArrayNode args = process.putArray("args");
        List<String> command = launch.command();
        // The catalog's image-relative program (opt/isobench/jre/bin/java) resolves against
        // the image root in every runtime; inside this container the root is "/".
        args.add(command.get(0).contains("/") && !command.get(0).startsWith("/") ? "/" + command.get(0) : command.get(0));
        command.subList(1, command.size()).forEach(args::add);
        ArrayNode env = process.putArray("env");
        new TreeMap<>(launch.env()).forEach((k, v) -> env.add(k + "=" + v));
        process.put("cwd", settings.cwd() == null ? "/" : settings.cwd());
        ObjectNode caps = process.putObject("capabilities");
        List<String> kept = settings.caps() ? ContainerPolicy.CAPABILITIES : ALL_CAPABILITIES;
        for (String set : List.of("bounding", "effective", "permitted")) {
            ArrayNode a = caps.putArray(set);
            kept.forEach(a::add);
        }
        caps.putArray("inheritable");
        caps.putArray("ambient");
        process.put("noNewPrivileges", settings.nnp());

        ObjectNode r = c.putObject("root");
        r.put("path", root.toString());
        r.put("readonly", false);
        c.put("hostname", settings.hostname());

        ArrayNode mounts = c.putArray("mounts");
        mount(mounts, "/proc", "proc", "proc", "nosuid", "noexec", "nodev");
        mount(mounts, "/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro");
        mount(mounts, "/sys/fs/cgroup", "cgroup", "cgroup", "nosuid", "noexec", "nodev", "relatime", "ro");
        mount(mounts, "/dev", "tmpfs", "tmpfs", "nosuid", "noexec", "mode=755", "size=64k");
        mount(mounts, "/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620");
        mount(mounts, "/dev/shm", "tmpfs", "shm", "nosuid", "nodev", "mode=1777");
        mount(mounts, "/tmp", "tmpfs", "tmpfs", "nosuid", "nodev", "mode=1777");
        if (launch.scratch() != null) {
            mount(mounts, Launch.SCRATCH_PATH, "bind", launch.scratch().toAbsolutePath().toString(), "rbind", "rw");
        }

        ObjectNode linux = c.putObject("linux");
        ArrayNode namespaces = linux.putArray("namespaces");
        for (String ns : ContainerPolicy.OCI_NAMESPACES) {
            if (ns.equals("network") && settings.hostNetwork()) {
                continue;
            }
            ObjectNode n = namespaces.addObject();
            n.put("type", ns);
            if (ns.equals("network") && netns != null) {
                n.put("path", netns.toString());
            }
        }
        linux.put("cgroupsPath", cgroupsPath);
        linux.set("resources", resources(launch.limits(), swapLimit));
        if (settings.mask()) {
            ArrayNode masked = linux.putArray("maskedPaths");
            ContainerPolicy.MASKED_PATHS.forEach(masked::add);
            ArrayNode ro = linux.putArray("readonlyPaths");
            ContainerPolicy.READ_ONLY_PATHS.forEach(ro::add);
        }
        if (settings.seccomp()) {
            linux.set("seccomp", OciSeccomp.profile());
        }
        return c;
    }

    /** The trial's limits (the pids limit already defaulted by the caller) in OCI form. */
    static ObjectNode resources(Limits limits, boolean swapLimit) {
        ObjectNode res = JsonNodeFactory.instance.objectNode();
        // runc's default: no device but the standard ones (what `runc spec` writes).
        ObjectNode deny = res.putArray("devices").addObject();
        deny.put("allow", false);
        deny.put("access", "rwm");
        if (limits.memoryBytes() != null) {
            ObjectNode m = res.putObject("memory");
            m.put("limit", limits.memoryBytes());
            if (swapLimit) {
                m.put("swap", limits.memoryBytes()); // memory+swap = memory: no swap, as the harness sets it
            }
        }
        if (limits.cpus() != null) {
            ObjectNode cpu = res.putObject("cpu");
            cpu.put("period", CFS_PERIOD_US);
            cpu.put("quota", Math.max(1000, Math.round(limits.cpus() * CFS_PERIOD_US)));
        }
        if (limits.pids() != null) {
            res.putObject("pids").put("limit", limits.pids());
        }
        return res;
    }

    private static void mount(ArrayNode mounts, String destination, String type, String source, String... options) {
        ObjectNode m = mounts.addObject();
        m.put("destination", destination);
        m.put("type", type);
        m.put("source", source);
        ArrayNode o = m.putArray("options");
        for (String opt : options) {
            o.add(opt);
        }
    }

    /** Writes {@code config.json} into {@code bundle}. */
    public static Path write(Path bundle, ObjectNode config) throws IOException {
        Path file = bundle.resolve("config.json");
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), config);
        return file;
    }

    private OciBundle() {
    }
}
