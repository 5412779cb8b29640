package io.isobench.model.density;

/** Host memory in use (MemTotal - MemAvailable, /proc/meminfo) with {@code instances} ready. */
public record MemorySample(int instances, long hostMemoryBytes) {
}
