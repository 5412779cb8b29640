package io.isobench.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * Facts only a VM trial has: KVM exits by reason, guest RAM size, host memory the guest
 * actually touched, and the monitor's own overhead (process RSS minus touched guest memory).
 */
public record VmStats(Map<String, Long> exits, long guestMemoryBytes, long touchedBytes,
                      long monitorOverheadBytes) {
    public VmStats {
        exits = new TreeMap<>(exits);
    }
}
