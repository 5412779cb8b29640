package io.isobench.harness.workload;

import io.isobench.runtime.Launch;
import io.isobench.runtime.Limits;
import io.isobench.runtime.Stdio;
import io.isobench.runtime.bare.BareRuntime;
import io.isobench.runtime.cgroup.Cgroup;
import io.isobench.runtime.net.NetAttachment;
import io.isobench.workloads.Length;
import io.isobench.runtime.vm.VmRuntime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a workload with its own root filesystem is launched in each runtime (the contract in
 * DESIGN.md, "Added in the second round"): bare chroots into the root (option
 * {@link BareRuntime#CHROOT_OPTION}), the container puts its overlay on it, as it does on
 * the shared image, and the VM boots with it as a read-only root disk (option
 * {@link VmRuntime#ROOT_OPTION}{@code =disk}), never in the initramfs. A deployed VM variant
 * ({@code vm:IMPLEMENTATION}) has no such disk, so it refuses such a workload (status
 * unavailable, with the reason) instead of measuring something else.
 */
public final class OwnRootLaunch {
    private OwnRootLaunch() {
    }

    /** Why this runtime cannot run the workload, or null when it can. */
    public static String refusal(FileWorkload own, String runtime) {
        if (own != null && runtime.startsWith(VmRuntime.NAME + ":")) {
            return "the VM variant " + runtime + " does not run a workload's own root filesystem (only isobench's own"
                    + " monitor attaches it as a read-only root disk)";
        }
        return null;
    }

    /**
     * The launch of one trial.
     *
     * @param baseEnv the harness's fixed environment; the workload's {@code env} overrides it
     * @param options the runtime options of the run (user's {@code --runtime-option})
     * @param link    the instance's link to the run's far end ({@code needs: [network]}), else null
     */
    public static Launch launch(FileWorkload own, String runtime, Map<String, String> baseEnv, Limits limits,
                                Cgroup cgroup, Path scratch, Duration runTimeout, Map<String, String> options,
                                Length length, NetAttachment link) {
        Map<String, String> env = new HashMap<>(baseEnv);
        env.putAll(own.env());
        Map<String, String> opts = new HashMap<>(options);
        if (runtime.equals(BareRuntime.NAME)) {
            opts.put(BareRuntime.CHROOT_OPTION, "on");
        }
        if (runtime.equals(VmRuntime.NAME)) {
            opts.put(VmRuntime.ROOT_OPTION, "disk");
            String key = own.rootfs().contentKey(own.root());
            if (key != null) {
                opts.put(VmRuntime.ROOT_KEY_OPTION, key);
            }
        }
        List<String> command = own.workload().command(length);
        return new Launch(own.root(), command, env, limits, cgroup, scratch, timeout(own, runTimeout), Stdio.CAPTURE, opts,
                link);
    }

    /** The workload's own limit when it has one, else the run's. */
    public static Duration timeout(FileWorkload own, Duration runTimeout) {
        return own != null && own.timeout() != null ? own.timeout() : runTimeout;
    }
}
