/**
 * ACPI tables for the isobench microVM, built in pure Java.
 *
 * <p>The Debian cloud kernel we boot has {@code CONFIG_X86_MPPARSE} and
 * {@code CONFIG_VIRTIO_MMIO_CMDLINE_DEVICES} off, so the only way to tell it about its
 * vCPUs, its IOAPIC and its virtio-mmio devices is ACPI: an RSDP pointing at an XSDT that
 * lists a FADT (which points at the DSDT) and a MADT. This package encodes exactly that,
 * and no more: {@link io.isobench.runtime.vm.acpi.AcpiTables#build(AcpiConfig)} returns
 * byte arrays and the guest-physical addresses to copy them to.
 *
 * <p>Spec references are to the ACPI Specification 6.5 (UEFI Forum, 2022): chapter 5 for
 * the tables, 6.4 for resource descriptors, 19/20 for ASL and AML.
 */
package io.isobench.runtime.vm.acpi;
