package io.isobench.harness.cli;

import io.isobench.model.VmStats;
import io.isobench.runtime.Limits;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.vm.guest.GuestKernel;
import io.isobench.runtime.vm.VmRuntime;
import io.isobench.runtime.vm.calibration.KvmCalibrator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code isobench vm run}: one command in a fresh microVM of isobench's own monitor. */
@Command(name = "vm", mixinStandardHelpOptions = true,
        description = "isobench's own KVM microVM (Java monitor over JNA, Debian cloud kernel, guest-init).",
        subcommands = {VmCommand.Run.class, VmCommand.Kernel.class, VmCommand.Prepare.class})
public final class VmCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("isobench vm: missing subcommand (run, kernel, prepare); see isobench vm --help");
        return 2;
    }

    @Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Boots a VM whose root filesystem is DIR (packed as its initramfs, cached) and runs CMD as "
                    + "the workload of guest-init. stdout and stderr pass through; the exit code is CMD's (128+signal "
                    + "when killed), 125 when the VM failed (panic, timeout, bad kernel).")
    public static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--rootfs", required = true, paramLabel = "DIR", description = "Root filesystem directory.")
        Path rootfs;

        @Option(names = "--cpus", paramLabel = "N", description = "vCPUs, 1 to 8 (default: the host's CPUs, at most 8).")
        Integer cpus;

        @Option(names = "--memory", paramLabel = "SIZE", description = "Guest RAM, e.g. 512M (default: 1G).")
        String memory;

        @Option(names = "--kernel", paramLabel = "FILE", description = "Guest kernel (bzImage or ELF vmlinux; "
                + "default: Debian's linux-image-cloud-amd64, fetched on first use).")
        Path kernel;

        @Option(names = "--console", paramLabel = "FILE", description = "Write the guest kernel's console (COM1) to FILE.")
        Path console;

        @Option(names = "--kernel-arg", paramLabel = "PARAM", description = "Append PARAM to the guest kernel's "
                + "command line (repeatable), e.g. nokaslr, which also lets a timeout name the function each vCPU was in.")
        List<String> kernelArgs = new ArrayList<>();

        @Option(names = "--timeline", description = "Print the boot phases (ms) and VM exits by reason to stderr.")
        boolean timeline;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
                description = "Stop the VM after this many seconds (default: ${DEFAULT-VALUE}).")
        long timeoutSeconds;

        @Option(names = "--allow-emulated-kvm", description = "Run even when KVM is emulated (PVM): slow, for debugging only.")
        boolean allowEmulated;

        @Parameters(arity = "1..*", paramLabel = "CMD", description = "Command and arguments (put -- before it).")
        List<String> command;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            Limits limits;
            try {
                if (cpus != null && (cpus < 1 || cpus > 8)) {
                    throw new IllegalArgumentException("--cpus must be 1 to 8, got " + cpus);
                }
                if (timeoutSeconds < 1) {
                    throw new IllegalArgumentException("--timeout must be at least 1 second, got " + timeoutSeconds);
                }
                limits = new Limits(cpus == null ? null : cpus.doubleValue(),
                        memory == null ? null : Sizes.parse(memory, "--memory"), null);
            } catch (IllegalArgumentException e) {
                err.println("isobench: " + e.getMessage());
                return 2;
            }
            Map<String, String> options = new LinkedHashMap<>();
            if (kernel != null) {
                options.put("kernel", kernel.toAbsolutePath().toString());
            }
            if (console != null) {
                options.put("console", console.toAbsolutePath().toString());
            }
            options.put("allow-emulated-kvm", Boolean.toString(allowEmulated));
            if (!kernelArgs.isEmpty()) {
                options.put("kernel-args", String.join(" ", kernelArgs));
            }
            return OneCommand.run("vm run", new VmRuntime(KvmCalibrator::calibrate), rootfs, command, limits, options,
                    Duration.ofSeconds(timeoutSeconds), timeline, Run::exits, err);
        }

        /** {@code exits: io 812, mmio 240, hlt 3 | guest RAM 512 MiB, touched 120 MiB, monitor 60 MiB}. */
        static String exits(io.isobench.runtime.Execution e) {
            VmStats vm = e.vm();
            if (vm == null) {
                return null;
            }
            return "exits: " + vm.exits().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(x -> x.getKey() + " " + x.getValue()).collect(Collectors.joining(", "))
                    + " | guest RAM " + (vm.guestMemoryBytes() >> 20) + " MiB, touched " + (vm.touchedBytes() >> 20)
                    + " MiB, monitor overhead " + (vm.monitorOverheadBytes() >> 20) + " MiB";
        }
    }

    /**
     * {@code isobench vm kernel}: makes sure the default guest kernel is in the cache and
     * prints its image's path. The nested rig calls it on the host before it boots L2,
     * because L2 has no network to fetch the kernel with (issue 16).
     */
    @Command(name = "kernel", mixinStandardHelpOptions = true,
            description = "Prints the default guest kernel's image, fetching Debian's linux-image-cloud-amd64 into the "
                    + "cache first when it is not there (offline, a cached kernel is used).")
    public static final class Kernel implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try {
                GuestKernel k = GuestKernel.resolve(null);
                spec.commandLine().getOut().println(k.image());
                return 0;
            } catch (RuntimeFailure e) {
                spec.commandLine().getErr().println("isobench: " + e.getMessage());
                return 2;
            }
        }
    }

    /**
     * {@code isobench vm prepare}: everything the VM runtime makes on first use, made now: the
     * image, the guest kernel, the image's initramfs and the monitor's class-data archive. For
     * the nested rig, whose writes are thrown away with L2: prepared on the host, L2 finds them
     * in the cache it sees read-only, and each L2 boot does not pay for them again.
     */
    @Command(name = "prepare", mixinStandardHelpOptions = true,
            description = "Builds the image, fetches the guest kernel, packs the image's initramfs and trains the VM "
                    + "monitor's class-data archive (all cached), and prints what is ready.")
    public static final class Prepare implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                io.isobench.harness.image.Image image = io.isobench.harness.image.ImageBuilder.standard().ensure();
                out.println("image " + image.root());
                io.isobench.runtime.vm.guest.GuestPayload.Prepared guest = io.isobench.runtime.vm.guest.GuestPayload.prepare(
                        io.isobench.runtime.vm.guest.GuestPayload.Request.of(image.root(), null, List.of("true"), false));
                out.println("kernel " + guest.kernel().image());
                out.println("initramfs " + guest.initramfs());
                StringBuilder why = new StringBuilder();
                java.util.Optional<Path> archive = io.isobench.runtime.vm.process.MonitorClassData.standard()
                        .ensure(guest.kernel().image(), guest.initramfs(), why);
                out.println("monitor-class-data " + archive.map(Path::toString).orElse("none (" + why + ")"));
                out.flush();
                return 0;
            } catch (RuntimeFailure e) {
                spec.commandLine().getErr().println("isobench: " + e.getMessage());
                return 2;
            } catch (java.io.IOException e) {
                spec.commandLine().getErr().println("isobench: cannot build the image: " + e.getMessage());
                return 2;
            }
        }
    }
}
