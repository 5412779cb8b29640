package io.isobench.harness.run;

import io.isobench.runtime.Runtime;
import io.isobench.runtime.bare.BareRuntime;
import io.isobench.runtime.vm.VmRuntime;
import io.isobench.runtime.vm.calibration.KvmCalibration;
import io.isobench.runtime.vm.calibration.KvmCalibrator;
import io.isobench.runtime.container.ContainerRuntime;
import io.isobench.runtime.oci.OciRuntime;
import io.isobench.runtime.oci.OciTool;
import io.isobench.runtime.qemu.QemuRuntime;
import io.isobench.runtime.firecracker.FirecrackerRuntime;
import io.isobench.runtime.cloudhypervisor.CloudHypervisorRuntime;
import io.isobench.model.RuntimeName;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The runtimes isobench knows, by the name used on the command line and in results. Each
 * entry makes a fresh instance, because every trial gets a fresh runtime instance.
 *
 * <p>The registry also holds the host's KVM calibration, measured at most once: it takes up
 * to a second here and about 6 s in the nested rig, and the VM runtime's availability and
 * doctor's {@code kvm} line must agree, so everything in one command asks the same supplier.
 */
public final class RuntimeRegistry {
    private final Map<String, Supplier<Runtime>> factories = new LinkedHashMap<>();
    private final Supplier<KvmCalibration> kvmCalibration = memoized(KvmCalibrator::calibrate);

    /** Every runtime of this build, in the order runs list them. */
    public static RuntimeRegistry standard() {
        RuntimeRegistry registry = new RuntimeRegistry();
        registry.add(BareRuntime.NAME, BareRuntime::new);
        registry.add(ContainerRuntime.NAME, ContainerRuntime::new);
        registry.add(VmRuntime.NAME, () -> new VmRuntime(registry.kvmCalibration));
        // Deployed runtimes as variants KIND:IMPLEMENTATION.
        registry.add(ContainerRuntime.NAME + ":" + OciTool.RUNC.name(), () -> new OciRuntime(OciTool.RUNC));
        registry.add(ContainerRuntime.NAME + ":" + OciTool.CRUN.name(), () -> new OciRuntime(OciTool.CRUN));
        registry.add(QemuRuntime.NAME, () -> new QemuRuntime(registry.kvmCalibration));
        registry.add(FirecrackerRuntime.NAME, () -> new FirecrackerRuntime(registry.kvmCalibration));
        registry.add(CloudHypervisorRuntime.NAME, () -> new CloudHypervisorRuntime(registry.kvmCalibration));
        return registry;
    }

    /** The host's KVM classification, calibrated on first use and then shared. */
    public Supplier<KvmCalibration> kvmCalibration() {
        return kvmCalibration;
    }

    private static <T> Supplier<T> memoized(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }

    public RuntimeRegistry add(String name, Supplier<Runtime> factory) {
        factories.put(name, factory);
        return this;
    }

    /** Every runtime, isobench's own first, then the variants: what doctor lists. */
    public List<String> names() {
        return List.copyOf(factories.keySet());
    }

    /** isobench's own runtimes: what a run uses when {@code --runtimes} is not given (variants only when named). */
    public List<String> defaults() {
        return factories.keySet().stream().filter(n -> RuntimeName.parse(n).own()).toList();
    }

    public boolean has(String name) {
        return factories.containsKey(name);
    }

    public Runtime create(String name) {
        Supplier<Runtime> f = factories.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown runtime " + name + " (known: " + String.join(", ", names()) + ")");
        }
        return f.get();
    }
}
