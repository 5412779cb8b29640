package io.isobench.runtime.vm.devices.virtio;

import java.util.List;

/**
 * A request the driver made available: the head index (what goes back into the used ring)
 * and its descriptors in chain order, already checked for loops, bad indices and
 * indirect tables (which we do not offer).
 */
public record DescriptorChain(int head, List<Descriptor> descriptors) {
    public DescriptorChain {
        descriptors = List.copyOf(descriptors);
    }
}
