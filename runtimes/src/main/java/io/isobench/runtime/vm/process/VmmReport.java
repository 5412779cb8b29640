package io.isobench.runtime.vm.process;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * What the VMM process tells the runtime that started it, as a JSON file written once,
 * atomically, just before the process exits (its stdout and stderr belong to the workload).
 * All instants are {@link System#nanoTime()} = CLOCK_MONOTONIC, the launcher's clock.
 *
 * @param marks               named instants in order: vm-created, kernel-entry, init, setup,
 *                            workload-start, workload-end, vm-stopped (those that happened)
 * @param exitCode            the workload's exit code (128+signal when killed), null if unknown
 * @param failure             why the VM did not deliver a workload exit, one sentence; null when it did
 * @param stopReason          how the VM ended (reset, panic, timeout, triple-fault, error, ...)
 * @param exits               VM exits by reason
 * @param rssBytes            the process's resident memory while the VM was still mapped
 * @param consoleTail         the last lines of the kernel console, for failure messages
 * @param disk                virtio-blk counters (bytesRead, bytesWritten, flushes, errors...), empty without a disk
 * @param net                 virtio-net counters (rxFrames, rxBytes, txFrames, txBytes, drop.REASON), empty
 *                            without a network link
 * @param serial              per UART the bytes delivered, dropped (written to a full transmitter), lost
 *                            (the sink failed) and undelivered (the host stopped reading): {@code COM2.dropped}...
 * @param rootDisk            the read-only root disk's virtio-blk counters, empty without one
 */
public record VmmReport(List<NamedInstant> marks, Integer exitCode, String failure, String stopReason,
                        Map<String, Long> exits, long guestMemoryBytes, long touchedBytes, long rssBytes,
                        List<String> consoleTail, Map<String, Long> disk, Map<String, Long> net,
                        Map<String, Long> serial, Map<String, Long> rootDisk) {
    public VmmReport {
        net = net == null ? Map.of() : net; // a report written before the network existed has none
        serial = serial == null ? Map.of() : serial;
        rootDisk = rootDisk == null ? Map.of() : rootDisk;
    }

    /** A report of a VM without a network link. */
    public VmmReport(List<NamedInstant> marks, Integer exitCode, String failure, String stopReason,
                     Map<String, Long> exits, long guestMemoryBytes, long touchedBytes, long rssBytes,
                     List<String> consoleTail, Map<String, Long> disk) {
        this(marks, exitCode, failure, stopReason, exits, guestMemoryBytes, touchedBytes, rssBytes, consoleTail, disk,
                Map.of(), Map.of(), Map.of());
    }


    /** One instant of the VM's life. */
    public record NamedInstant(String name, long nanoTime) {
    }

    /** Process RSS minus the guest memory it holds: what the monitor itself costs. */
    public long monitorOverheadBytes() {
        return Math.max(0, rssBytes - touchedBytes);
    }

    public void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        // By hand (ReportJson): the monitor writes it, and Jackson would be ~500 classes on its way out.
        Files.writeString(tmp, ReportJson.of(this), java.nio.charset.StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public static VmmReport read(Path file) throws IOException {
        return Reader.JSON.readValue(file.toFile(), VmmReport.class);
    }

    /** Jackson, for the harness's side only: the monitor writes and never loads it. */
    private static final class Reader {
        static final ObjectMapper JSON = new ObjectMapper();
    }
}
