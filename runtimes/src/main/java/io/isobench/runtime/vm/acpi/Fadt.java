package io.isobench.runtime.vm.acpi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Fixed ACPI Description Table, revision 6 minor 5 (ACPI 6.5, 5.2.9, Table 5.9), 276 bytes,
 * signature "FACP".
 *
 * <p>We build a <em>hardware-reduced</em> FADT (flag HW_REDUCED_ACPI, 4.1): the VMM
 * emulates none of the ACPI fixed hardware (PM1 event/control blocks, PM timer, GPE
 * blocks, SCI), and a full-hardware FADT would have to point at all of them. In that mode
 * OSPM ignores offsets 46-108 and 148-243 and flag bits 1-3, 7, 8, 12-14, 16, 17 (5.2.9),
 * so those stay zero. This does not hide our legacy devices: the 8250 UART and the i8042
 * are plain devices described in the DSDT, not ACPI fixed hardware. Linux additionally
 * takes HW-reduced mode to mean "no 8259 PIC, no PIT/HPET timer setup" (it installs the
 * null legacy PIC), which is what we want: interrupts go through the IOAPIC, time comes
 * from kvm-clock and the local APIC timer. Firecracker makes the same choice.
 */
public record Fadt(long xDsdt, int flags, int iapcBootArch, GenericAddress resetRegister, int resetValue) {
    public static final SdtHeader HEADER = new SdtHeader("FACP", 6, "ISOBFACP");
    public static final int LENGTH = 276;
    public static final int MINOR_VERSION = 5;

    // Field offsets (Table 5.9) that tests and readers of a hex dump care about.
    public static final int DSDT_OFFSET = 40;
    public static final int IAPC_BOOT_ARCH_OFFSET = 109;
    public static final int FLAGS_OFFSET = 112;
    public static final int RESET_REG_OFFSET = 116;
    public static final int RESET_VALUE_OFFSET = 128;
    public static final int MINOR_VERSION_OFFSET = 131;
    public static final int X_DSDT_OFFSET = 140;
    public static final int HYPERVISOR_VENDOR_OFFSET = 268;

    // Fixed feature flags (Table 5.10).
    /** Bit 4: the power button, if any, is a control-method device, not fixed hardware. */
    public static final int FLAG_PWR_BUTTON = 1 << 4;
    /** Bit 5: likewise for the sleep button. */
    public static final int FLAG_SLP_BUTTON = 1 << 5;
    /** Bit 10: RESET_REG / RESET_VALUE are valid. */
    public static final int FLAG_RESET_REG_SUP = 1 << 10;
    /** Bit 20: hardware-reduced ACPI, no fixed hardware. */
    public static final int FLAG_HW_REDUCED_ACPI = 1 << 20;

    // IA-PC boot architecture flags (5.2.9.3, Table 5.11).
    /** Bit 0: there are user-visible ISA/LPC-style devices (our UARTs / i8042). */
    public static final int BOOT_LEGACY_DEVICES = 1 << 0;
    /** Bit 1: an 8042 keyboard controller answers at ports 0x60/0x64. */
    public static final int BOOT_8042 = 1 << 1;
    /** Bit 2: do not probe for VGA. */
    public static final int BOOT_VGA_NOT_PRESENT = 1 << 2;
    /** Bit 3: do not enable MSI. */
    public static final int BOOT_MSI_NOT_SUPPORTED = 1 << 3;
    /** Bit 4: do not take over PCIe ASPM control. */
    public static final int BOOT_PCIE_ASPM_CONTROLS = 1 << 4;
    /** Bit 5: there is no CMOS RTC at ports 0x70/0x71. */
    public static final int BOOT_CMOS_RTC_NOT_PRESENT = 1 << 5;

    /** The i8042 "pulse reset line" command, written to its command port 0x64. */
    public static final int I8042_RESET_VALUE = 0xFE;

    /** "ISOBENCH": the FADT Hypervisor Vendor Identity (ACPI 6.0+), so a guest can tell. */
    public static final String HYPERVISOR_VENDOR = "ISOBENCH";

    public Fadt {
        if (resetValue < 0 || resetValue > 0xFF) {
            throw new IllegalArgumentException("RESET_VALUE is a byte: " + resetValue);
        }
    }

    /**
     * The FADT for our microVM.
     *
     * <ul>
     * <li>Flags: HW_REDUCED_ACPI (see the class comment), PWR_BUTTON and SLP_BUTTON (we
     *     have no fixed-feature buttons), and RESET_REG_SUP when there is an i8042.</li>
     * <li>Reset register: with an i8042 we point RESET_REG at I/O port 0x64 with value
     *     0xFE. Linux tries the ACPI reset first on reboot (reboot_type BOOT_ACPI), so a
     *     reboot becomes exactly one port write that the VMM's i8042 turns into "reset"
     *     (RESET_REG stays meaningful in HW-reduced mode: offsets 116-128 are not in the
     *     ignored ranges). Without an i8042 there is no reset register and the guest falls
     *     back to its other methods, ending in a triple fault the VMM also handles.</li>
     * <li>IAPC_BOOT_ARCH: VGA not present (there is none; spares the guest VGA probing);
     *     MSI not supported (there is no PCI bus, so nothing can raise an MSI; clear this
     *     if a PCI transport is ever added); CMOS RTC not present (the VMM has no RTC at
     *     0x70/0x71 and kvm-clock supplies wall time; Linux then skips the rtc_cmos device
     *     instead of probing ports that would each cost a VM exit); 8042 and
     *     LEGACY_DEVICES only when the i8042 / a legacy device really exists, because
     *     Linux's i8042 driver trusts the 8042 bit on FADT revision 2+.</li>
     * </ul>
     */
    public static Fadt forMicroVm(long dsdtAddress, boolean i8042, boolean uarts) {
        int flags = FLAG_HW_REDUCED_ACPI | FLAG_PWR_BUTTON | FLAG_SLP_BUTTON;
        int boot = BOOT_VGA_NOT_PRESENT | BOOT_MSI_NOT_SUPPORTED | BOOT_CMOS_RTC_NOT_PRESENT;
        GenericAddress reset = GenericAddress.NONE;
        int resetValue = 0;
        if (i8042) {
            flags |= FLAG_RESET_REG_SUP;
            boot |= BOOT_8042;
            reset = GenericAddress.ioPort8(PlatformDsdt.I8042_COMMAND_PORT);
            resetValue = I8042_RESET_VALUE;
        }
        if (i8042 || uarts) {
            boot |= BOOT_LEGACY_DEVICES;
        }
        return new Fadt(dsdtAddress, flags, boot, reset, resetValue);
    }

    public byte[] toBytes() {
        ByteBuffer b = HEADER.start(LENGTH);
        // 36 FIRMWARE_CTRL, 40 DSDT: zero. There is no FACS (optional when HW-reduced), and
        // the 32-bit DSDT field must be zero when X_DSDT is used.
        b.putInt(36, 0);
        b.putInt(DSDT_OFFSET, 0);
        // 45 Preferred_PM_Profile 0 = unspecified; 46..108 ignored in HW-reduced mode.
        b.putShort(IAPC_BOOT_ARCH_OFFSET, (short) iapcBootArch);
        b.putInt(FLAGS_OFFSET, flags);
        b.position(RESET_REG_OFFSET);
        resetRegister.writeTo(b);
        b.put(RESET_VALUE_OFFSET, (byte) resetValue);
        // 129 ARM_BOOT_ARCH: zero on x86.
        b.put(MINOR_VERSION_OFFSET, (byte) MINOR_VERSION);
        // 132 X_FIRMWARE_CTRL: zero (no FACS).
        b.putLong(X_DSDT_OFFSET, xDsdt);
        // 148..267: X_PM*/X_GPE* blocks and SLEEP_CONTROL/STATUS_REG: none. Without a sleep
        // control register there is no ACPI S5 soft-off, so no _S5_ object either: the
        // guest ends by rebooting (see the reset register above).
        b.position(HYPERVISOR_VENDOR_OFFSET);
        b.put(HYPERVISOR_VENDOR.getBytes(StandardCharsets.US_ASCII));
        return SdtHeader.seal(b);
    }
}
