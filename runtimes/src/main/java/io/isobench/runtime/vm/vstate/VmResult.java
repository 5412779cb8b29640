package io.isobench.runtime.vm.vstate;

import io.isobench.runtime.vm.devices.marker.Marker;

import java.util.List;
import java.util.Map;

/**
 * How a VM run ended.
 *
 * @param detail        one sentence for the reason (which vCPU, what KVM said)
 * @param exits         VM exits by reason ({@code io}, {@code mmio}, {@code hlt}, {@code shutdown},
 *                      {@code intr}, ... plus {@code pio_unclaimed}/{@code mmio_unclaimed}, {@code markers_dropped}
 *                      accesses), only non-zero counts
 * @param markers       guest-init's markers with host timestamps
 * @param startNanos    {@link System#nanoTime()} when the vCPUs were started
 * @param stopNanos     when the stop was requested (the VM's end, before teardown)
 * @param touchedBytes  guest memory the host actually backed when the VM stopped
 * @param vcpus         where each vCPU was, read after every stop but a reset or power-off (empty then)
 * @param serial        per UART ({@code COM1.}, {@code COM2.}) the bytes {@code delivered} to the host,
 *                      {@code dropped} (the guest wrote to a full transmitter), {@code lost} (the host's
 *                      sink failed) and {@code undelivered} (still queued when the host stopped taking them)
 */
public record VmResult(StopReason reason, String detail, Map<String, Long> exits, List<Marker> markers,
                       long startNanos, long stopNanos, long guestMemoryBytes, long touchedBytes,
                       List<VcpuSnapshot> vcpus, Map<String, Long> serial) {
    public VmResult {
        exits = Map.copyOf(exits);
        markers = List.copyOf(markers);
        vcpus = List.copyOf(vcpus);
        serial = Map.copyOf(serial);
    }

    public long serialCount(String key) {
        return serial.getOrDefault(key, 0L);
    }

    public long exitCount(String reason) {
        return exits.getOrDefault(reason, 0L);
    }
}
