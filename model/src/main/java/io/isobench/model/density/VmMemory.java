package io.isobench.model.density;

/**
 * A VM instance's memory, split (one instance, or the mean over instances): the monitor
 * process's smaps divided at the guest RAM mappings the monitor named (GuestMemoryMap).
 * RSS counts shared pages in full for each monitor; PSS divides them among their users, so
 * with N monitors it shows what they share (JVM text, class data, merged guest pages).
 *
 * @param guestMemoryBytes guest RAM as configured (mapped, MAP_NORESERVE: mostly never backed)
 * @param touchedBytes     guest RAM the host actually backs: RSS of the guest mappings
 * @param guestPssBytes    PSS of the guest mappings (below touched when KSM merged pages)
 * @param monitorRssBytes  the monitor's own RSS: its process's RSS minus the guest mappings'
 * @param monitorPssBytes  the monitor's own PSS: its process's PSS minus the guest mappings'
 */
public record VmMemory(long guestMemoryBytes, long touchedBytes, long guestPssBytes, long monitorRssBytes,
                       long monitorPssBytes) {
}
