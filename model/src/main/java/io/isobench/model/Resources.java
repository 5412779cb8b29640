package io.isobench.model;

/** What the trial's cgroup accounted, read the same way for every runtime. */
public record Resources(long cpuUserNs, long cpuSystemNs, long memoryPeakBytes,
                        long ioReadBytes, long ioWriteBytes) {
    public static final Resources NONE = new Resources(0, 0, 0, 0, 0);
}
