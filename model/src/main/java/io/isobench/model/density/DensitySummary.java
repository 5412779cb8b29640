package io.isobench.model.density;

import java.util.List;

/**
 * One runtime's density figures. Byte and millisecond figures that could not be measured
 * are null (e.g. a fit needs two samples, fairness needs CPU time).
 *
 * @param target              N asked for
 * @param reached             instances ready at once: N, or how many fit
 * @param stopReason          why the ramp ended before N (one sentence: the failing start,
 *                            the memory bound, Ctrl-C), null when N was reached
 * @param allReadyMs          ramp start to the last instance ready
 * @param instancesPerSecond  reached / allReady
 * @param soloReadyMs         one instance started alone (same run, before the ramp), spawn to ready
 * @param readyP50Ms          start latency under concurrency, median over the ramp
 * @param hostBeforeBytes     host memory in use before the first instance
 * @param hostAtNBytes        host memory in use with all reached instances ready
 * @param perInstanceBytes    (hostAtN - hostBefore) / reached
 * @param marginalBytes       slope of the least-squares line of host memory over instances
 * @param fixedBytes          its intercept minus hostBefore: what the first instance costs beyond the slope
 * @param fitR2               the fit's R²
 * @param pssPerInstanceBytes mean PSS of an instance's processes at N
 * @param rssPerInstanceBytes mean RSS of an instance's processes at N
 * @param cgroupPerInstanceBytes mean cgroup memory usage (incl. kernel memory) at N
 * @param ksm                 KSM state at N (/sys/kernel/mm/ksm: run, pages_sharing)
 * @param steadySeconds       how long all ran together
 * @param steadyCpuCores      aggregate CPU of all instances during steady, in cores (CPU s / wall s)
 * @param jainFairness        Jain's index of CPU time across instances during steady (1 = even), null when no CPU was used
 * @param oomKilled           instances whose cgroup saw an OOM kill
 * @param throttled           instances whose cgroup was CPU-throttled during steady
 * @param teardownMs          time to stop all reached instances
 * @param leftovers           what was still there after teardown (processes, cgroups, paths, mounts): empty = clean
 * @param hostLoad            /proc/loadavg before the ramp and after teardown (other work on the host)
 * @param meminfoDeltaBytes   per /proc/meminfo field (AnonPages, Shmem, Slab, SUnreclaim, KernelStack, PageTables,
 *                            Percpu): at N minus before, divided by N, i.e. per instance; where the host memory went
 * @param vmPerInstance       for a VM: the mean split of an instance's memory at N (guest RAM, touched, monitor RSS and
 *                            PSS); null for the other runtimes
 * @param ksmSettled          with {@code --ksm on}: the figures at N again after KSM settled; null without
 */
public record DensitySummary(int target, int reached, String stopReason, Double allReadyMs, Double instancesPerSecond,
                             Double soloReadyMs, Double readyP50Ms, Double readyP90Ms, Double readyP99Ms,
                             long hostBeforeBytes, long hostAtNBytes, Long perInstanceBytes, Long marginalBytes,
                             Long fixedBytes, Double fitR2, Long pssPerInstanceBytes, Long rssPerInstanceBytes,
                             Long cgroupPerInstanceBytes, String ksm, double steadySeconds, Double steadyCpuCores,
                             Double jainFairness, int oomKilled, int throttled, Double teardownMs,
                             List<String> leftovers, List<String> hostLoad,
                             java.util.Map<String, Long> meminfoDeltaBytes, VmMemory vmPerInstance,
                             KsmMeasurement ksmSettled) {
    public DensitySummary {
        meminfoDeltaBytes = meminfoDeltaBytes == null ? java.util.Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(meminfoDeltaBytes));
        leftovers = leftovers == null ? List.of() : List.copyOf(leftovers);
        hostLoad = hostLoad == null ? List.of() : List.copyOf(hostLoad);
    }
}
