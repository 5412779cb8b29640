package io.isobench.harness.probe;

import io.isobench.model.Capability;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.vm.guest.GuestKernel;

import java.util.List;
import java.util.Optional;

/** Whether the VM runtime's default guest kernel (Debian's cloud kernel) is in the cache; never downloads. */
public final class GuestKernelProbe implements Probe {
    @Override
    public List<Capability> probe() {
        try {
            Optional<GuestKernel> kernel = GuestKernel.cachedDefault();
            return List.of(kernel.map(k -> new Capability("guest kernel", true, k.release(),
                            k.image() + ": cached, the VM runtime boots it"))
                    .orElseGet(() -> new Capability("guest kernel", true, "not fetched yet",
                            "the first VM run fetches linux-image-cloud-amd64 with apt-get download (~26 MB); "
                                    + "vm run --kernel FILE uses another")));
        } catch (RuntimeFailure e) {
            return List.of(new Capability("guest kernel", false, "unusable", e.getMessage()));
        }
    }
}
