package io.isobench.runtime.vm.acpi;

import java.util.List;

/**
 * Builds the complete, cross-linked set of ACPI tables for a microVM:
 *
 * <pre>
 * RSDP --XsdtAddress--> XSDT --> FADT --X_DSDT--> DSDT (\_SB: COM1, COM2, PS2K, VRnn...)
 *                            --> MADT (local APICs, IOAPIC, IRQ0->GSI2, LINT1 NMI)
 * </pre>
 *
 * <p>Where: by default everything lives in the BIOS read-only area 0xE0000-0xFFFFF, RSDP
 * first at 0xE0000. That area is where an OS without a boot-loader hint scans for the
 * RSDP (on 16-byte boundaries, ACPI 6.5 5.2.5.1; Linux does so in both the decompressor
 * and ACPICA), and Linux always treats 0xA0000-0xFFFFF as reserved, so the tables are safe
 * there whatever the e820 map says. The tables follow the RSDP, each 16-byte aligned; the
 * largest configuration (255 vCPUs, 22 virtio devices) needs about 4 KiB of the 128 KiB.
 */
public final class AcpiTables {
    /** Start of the BIOS area scanned for the RSDP. */
    public static final long DEFAULT_REGION_START = 0x000E_0000L;
    /** End (exclusive) of that area: 1 MiB. */
    public static final long DEFAULT_REGION_END = 0x0010_0000L;
    /** Table alignment: the RSDP must be 16-byte aligned; the others get the same for tidy dumps. */
    public static final int ALIGNMENT = 16;

    private AcpiTables() {
    }

    /** Builds the tables into the default region 0xE0000-0xFFFFF. */
    public static AcpiLayout build(AcpiConfig config) {
        return build(config, DEFAULT_REGION_START, DEFAULT_REGION_END);
    }

    /**
     * Builds the tables into {@code [regionStart, regionEnd)}, RSDP at {@code regionStart}.
     * If the region is outside 0xE0000-0xFFFFF, the guest can find the RSDP only through
     * boot_params.acpi_rsdp_addr.
     *
     * @throws IllegalArgumentException if the region is misaligned, overlaps a virtio-mmio
     *                                  window, or is too small for the tables
     */
    public static AcpiLayout build(AcpiConfig config, long regionStart, long regionEnd) {
        if (regionStart < 0 || regionEnd <= regionStart) {
            throw new IllegalArgumentException(String.format("bad ACPI region 0x%x-0x%x", regionStart, regionEnd));
        }
        if (regionStart % ALIGNMENT != 0) {
            throw new IllegalArgumentException(String.format(
                    "ACPI region start 0x%x is not 16-byte aligned, as the RSDP must be", regionStart));
        }
        for (int i = 0; i < config.virtioDevices().size(); i++) {
            VirtioMmioDevice d = config.virtioDevices().get(i);
            if (d.overlaps(regionStart, regionEnd - regionStart)) {
                throw new IllegalArgumentException(String.format(
                        "virtio-mmio device %d window 0x%x-0x%x overlaps the ACPI region 0x%x-0x%x",
                        i, d.base(), d.end() - 1, regionStart, regionEnd - 1));
            }
        }

        // Sizes do not depend on addresses, so lay out first, then fill in the pointers.
        Dsdt dsdt = new Dsdt(PlatformDsdt.aml(config));
        Madt madt = Madt.forMicroVm(config.vcpus());
        long rsdpAt = regionStart;
        long xsdtAt = align(rsdpAt + Rsdp.LENGTH);
        long fadtAt = align(xsdtAt + SdtHeader.LENGTH + 2 * 8);
        long madtAt = align(fadtAt + Fadt.LENGTH);
        long dsdtAt = align(madtAt + madt.length());
        long end = dsdtAt + dsdt.length();
        if (end > regionEnd) {
            throw new IllegalArgumentException(String.format(
                    "ACPI tables need 0x%x bytes but the region 0x%x-0x%x holds only 0x%x",
                    end - regionStart, regionStart, regionEnd - 1, regionEnd - regionStart));
        }

        Fadt fadt = Fadt.forMicroVm(dsdtAt, config.i8042(), config.uarts());
        Xsdt xsdt = new Xsdt(List.of(fadtAt, madtAt));
        Rsdp rsdp = new Rsdp(xsdtAt);

        return new AcpiLayout(rsdpAt, List.of(
                new Placement("RSD PTR ", rsdpAt, rsdp.toBytes()),
                new Placement("XSDT", xsdtAt, xsdt.toBytes()),
                new Placement("FACP", fadtAt, fadt.toBytes()),
                new Placement("APIC", madtAt, madt.toBytes()),
                new Placement("DSDT", dsdtAt, dsdt.toBytes())));
    }

    private static long align(long address) {
        return (address + ALIGNMENT - 1) & -ALIGNMENT;
    }
}
