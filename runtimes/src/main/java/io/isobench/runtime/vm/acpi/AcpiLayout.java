package io.isobench.runtime.vm.acpi;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * The result of {@link AcpiTables#build}: every table with its guest-physical address.
 * Copy each {@link Placement} into guest memory, put {@link #rsdpAddress()} into
 * boot_params.acpi_rsdp_addr (zero page offset 0x070, boot protocol 2.14+) so the kernel
 * need not scan for it, and keep {@code [start(), end())} out of the e820 RAM map (mark it
 * reserved or ACPI) so the guest never reuses the tables' memory.
 */
public record AcpiLayout(long rsdpAddress, List<Placement> placements) {
    public AcpiLayout {
        placements = List.copyOf(placements);
    }

    /** The placement with this signature ("RSD PTR ", "XSDT", "FACP", "APIC", "DSDT"). */
    public Placement table(String signature) {
        return placements.stream().filter(p -> p.signature().equals(signature)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no table " + signature));
    }

    /** Lowest address used. */
    public long start() {
        return placements.stream().mapToLong(Placement::guestAddress).min().orElse(rsdpAddress);
    }

    /** First address after the last table. */
    public long end() {
        return placements.stream().mapToLong(Placement::end).max().orElse(rsdpAddress);
    }
}
