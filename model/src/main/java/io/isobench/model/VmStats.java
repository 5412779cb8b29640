package io.isobench.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;
import java.util.TreeMap;

/**
 * Facts only a VM trial has: KVM exits by reason, guest RAM size, host memory the guest
 * actually touched, the monitor's own overhead (process RSS minus touched guest memory), and
 * with a network link the virtio-net device's counters ({@code rxFrames}, {@code rxBytes},
 * {@code txFrames}, {@code txBytes}, {@code drop.REASON}...; rx = towards the guest; empty, and
 * left out of the JSON, without a link).
 */
public record VmStats(Map<String, Long> exits, long guestMemoryBytes, long touchedBytes,
                      long monitorOverheadBytes,
                      @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Long> net) {
    public VmStats {
        exits = new TreeMap<>(exits);
        net = net == null ? Map.of() : new TreeMap<>(net); // null: a result file from before the network
    }

    /** Stats of a VM without a network link. */
    public VmStats(Map<String, Long> exits, long guestMemoryBytes, long touchedBytes, long monitorOverheadBytes) {
        this(exits, guestMemoryBytes, touchedBytes, monitorOverheadBytes, Map.of());
    }
}
