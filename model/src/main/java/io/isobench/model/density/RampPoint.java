package io.isobench.model.density;

/**
 * One instance of a ramp.
 *
 * @param instance          1-based start order
 * @param startMs           spawn instant, ms after the ramp began
 * @param readyMs           its start latency under concurrency: spawn to ready line, ms
 * @param readyAtMs         ready instant, ms after the ramp began (ready time of instance k over k)
 * @param hostMemoryBytes   host memory in use (MemTotal - MemAvailable) after its wave was ready
 * @param pssBytes          PSS of its processes at N (smaps_rollup), -1 when not measured (ramp interrupted)
 * @param rssBytes          RSS of its processes at N, -1 when not measured
 * @param cgroupMemoryBytes its cgroup's memory usage at N incl. kernel memory, -1 when not measured
 * @param steadyCpuNs       CPU time its cgroup used during the steady phase, -1 when not measured
 * @param vm                for a VM at N: guest RAM, touched guest memory and the monitor's own RSS and PSS; null otherwise
 */
public record RampPoint(int instance, double startMs, double readyMs, double readyAtMs, long hostMemoryBytes,
                        long pssBytes, long rssBytes, long cgroupMemoryBytes, long steadyCpuNs, VmMemory vm) {
}
