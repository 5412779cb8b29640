package io.isobench.runtime.vm.guest;

import io.isobench.runtime.RuntimeFailure;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The guest kernel's command line: a few parameters that make the kernel boot fast and fail
 * loudly, then the workload for guest-init. The workload travels base64url-encoded (NUL-joined
 * argv, no padding), so no quoting, space or byte of the argv can meet the kernel's own
 * parameter parser; parameters with a dot are not passed on to init, guest-init reads them
 * from /proc/cmdline.
 */
public final class KernelCommandLine {
    /** COMMAND_LINE_SIZE on x86, including the terminating NUL. */
    public static final int COMMAND_LINE_SIZE = 2048;

    /**
     * Always present, each for a reason:
     * <ul>
     *   <li>{@code console=ttyS0}: kernel messages go to COM1 only; COM2 stays the workload's.</li>
     *   <li>{@code reboot=k}: reboot through the keyboard controller's reset line, the one
     *       way out the monitor models (i8042); guest-init ends every run with a reboot.</li>
     *   <li>{@code panic=-1}: a panic reboots at once instead of hanging until the timeout.</li>
     *   <li>{@code 8250.nr_uarts=2}: register only COM1 and COM2 instead of probing four ports.</li>
     *   <li>{@code i8042.noaux i8042.nomux i8042.dumbkbd}: should the keyboard controller be
     *       found, skip probing a mouse port, the multiplexer and keyboard LEDs, all absent.</li>
     * </ul>
     */
    static final List<String> BASE = List.of("console=ttyS0", "reboot=k", "panic=-1", "8250.nr_uarts=2",
            "i8042.noaux", "i8042.nomux", "i8042.dumbkbd");

    /** A.B.C.D/P with each byte 0-255 and P 1-32: what guest-init's parser accepts. */
    private static final String IPV4_CIDR =
            "(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}/([1-9]|[12]\\d|3[0-2])";

    private final List<String> argv;
    private final Map<String, String> env = new LinkedHashMap<>();
    private String cwd;
    private String scratch;
    private String root;
    private String network;
    private boolean pci;
    private boolean verbose;
    private final List<String> extra = new ArrayList<>();
    private int limit = COMMAND_LINE_SIZE;

    private KernelCommandLine(List<String> argv) {
        this.argv = List.copyOf(argv);
    }

    /** A command line that runs {@code argv} (argv[0] looked up in PATH if it has no slash). */
    public static KernelCommandLine command(List<String> argv) {
        return new KernelCommandLine(argv);
    }

    /** Extra environment for the workload (added to PATH, HOME=/ and ISOBENCH_SCRATCH). */
    public KernelCommandLine env(Map<String, String> vars) {
        env.putAll(vars);
        return this;
    }

    /** Working directory of the workload (default /). */
    public KernelCommandLine cwd(String dir) {
        this.cwd = Objects.requireNonNull(dir);
        return this;
    }

    /** An ext4 block device guest-init mounts at /scratch, e.g. /dev/vda. */
    public KernelCommandLine scratch(String device) {
        this.scratch = Objects.requireNonNull(device);
        return this;
    }

    /**
     * A read-only ext4 root disk, e.g. /dev/vdb: guest-init mounts it and switches to it
     * ({@code isobench.root=}); without it the initramfs is the root.
     */
    public KernelCommandLine root(String device) {
        this.root = Objects.requireNonNull(device);
        return this;
    }

    /**
     * The guest's one network link: guest-init puts {@code address/prefixLength} on eth0 and
     * brings it up ({@code isobench.net=}); no other route is installed.
     */
    public KernelCommandLine network(String address, int prefixLength) {
        this.network = Objects.requireNonNull(address) + "/" + prefixLength;
        return this;
    }

    /**
     * The guest has a PCI bus (QEMU's pc machine). Without this the line says {@code pci=off}:
     * isobench's monitor has only virtio-mmio devices, and not scanning 32 PCI slots through
     * config-space port I/O (each access a VM exit) saves boot time.
     */
    public KernelCommandLine withPci() {
        this.pci = true;
        return this;
    }

    /**
     * Keep all kernel messages. By default the line says {@code quiet} (console log level 4):
     * every console byte is a UART write and a VM exit, and the few hundred lines of a normal
     * boot cost time that is then counted as boot time. Warnings and panics still print.
     */
    public KernelCommandLine verbose() {
        this.verbose = true;
        return this;
    }

    /** Further kernel parameters, appended as given (e.g. {@code loglevel=7}). */
    public KernelCommandLine extra(String parameter) {
        extra.add(Objects.requireNonNull(parameter));
        return this;
    }

    /** The kernel's own limit including the NUL (from its boot header), default {@value #COMMAND_LINE_SIZE}. */
    public KernelCommandLine limit(int bytesIncludingNul) {
        this.limit = bytesIncludingNul;
        return this;
    }

    /**
     * The command line.
     *
     * @throws RuntimeFailure when the command is empty or holds a NUL, the environment or
     *                        scratch device is malformed, or the line is too long for the kernel
     */
    public String build() throws RuntimeFailure {
        if (argv.isEmpty() || argv.get(0).isEmpty()) {
            throw new RuntimeFailure("the command to run in the VM is empty.");
        }
        for (String a : argv) {
            if (a.indexOf('\0') >= 0) {
                throw new RuntimeFailure("a command argument contains a NUL byte, which a process argument cannot hold.");
            }
        }
        List<String> params = new ArrayList<>(BASE);
        if (!pci) {
            params.add("pci=off");
        }
        if (!verbose) {
            params.add("quiet");
        }
        for (String p : extra) {
            // One parameter is one word of printable ASCII; isobench.* are guest-init's own.
            if (!p.matches("[!-~]+") || p.startsWith("isobench.")) {
                throw new RuntimeFailure("the kernel parameter '" + p + "' is not allowed: one word of printable ASCII,"
                        + " not starting with 'isobench.'.");
            }
            params.add(p);
        }
        params.add("isobench.cmd=" + encode(argv));
        if (!env.isEmpty()) {
            List<String> entries = new ArrayList<>();
            for (var e : env.entrySet()) {
                if (e.getKey().isEmpty() || e.getKey().contains("=") || (e.getKey() + e.getValue()).indexOf('\0') >= 0) {
                    throw new RuntimeFailure("the environment variable '" + e.getKey()
                            + "' cannot be passed: names must be non-empty without '=', values without NUL.");
                }
                entries.add(e.getKey() + "=" + e.getValue());
            }
            params.add("isobench.env=" + encode(entries));
        }
        if (cwd != null) {
            if (!cwd.startsWith("/") || cwd.indexOf('\0') >= 0) {
                throw new RuntimeFailure("the working directory in the VM must be an absolute path, not '" + cwd + "'.");
            }
            params.add("isobench.cwd=" + encode(List.of(cwd)));
        }
        if (scratch != null) {
            params.add("isobench.scratch=" + device("scratch disk", scratch));
        }
        if (root != null) {
            params.add("isobench.root=" + device("root disk", root));
        }
        if (network != null) {
            if (!network.matches(IPV4_CIDR)) {
                throw new RuntimeFailure("the VM's network address must be an IPv4 address/prefix, not '" + network
                        + "'.");
            }
            params.add("isobench.net=" + network);
        }
        String line = String.join(" ", params);
        int bytes = line.getBytes(StandardCharsets.UTF_8).length + 1;
        if (bytes > limit) {
            throw new RuntimeFailure("the command is too long for the guest kernel's command line (" + bytes
                    + " bytes after encoding, the kernel accepts " + limit
                    + "); put it in a script inside the root filesystem and run that.");
        }
        return line;
    }

    private static String device(String what, String device) throws RuntimeFailure {
        if (!device.matches("/dev/[A-Za-z0-9_]+")) {
            throw new RuntimeFailure("the " + what + " must be a device like /dev/vda, not '" + device + "'.");
        }
        return device;
    }

    /** NUL-joined, base64url without padding: what guest-init's base64url_decode reads. */
    static String encode(List<String> values) {
        byte[] joined = String.join("\0", values).getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(joined);
    }
}
