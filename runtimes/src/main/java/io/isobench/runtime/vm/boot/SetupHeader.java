package io.isobench.runtime.vm.boot;

/**
 * Offsets of the x86 boot protocol (Documentation/arch/x86/boot.rst): the real-mode setup
 * header, which starts at 0x1F1 both in a bzImage file and in the zero page
 * ({@code struct boot_params}), and the zero-page fields outside it that we fill.
 */
public final class SetupHeader {
    // --- struct setup_header, same offsets in the file and in boot_params ---
    public static final int START = 0x1F1;
    public static final int SETUP_SECTS = 0x1F1;
    public static final int VID_MODE = 0x1FA;
    public static final int BOOT_FLAG = 0x1FE;
    /** The header runs up to 0x202 + the byte here (the jump's displacement). */
    public static final int JUMP = 0x200;
    public static final int HEADER = 0x202;
    public static final int VERSION = 0x206;
    public static final int TYPE_OF_LOADER = 0x210;
    public static final int LOADFLAGS = 0x211;
    public static final int CODE32_START = 0x214;
    public static final int RAMDISK_IMAGE = 0x218;
    public static final int RAMDISK_SIZE = 0x21C;
    public static final int CMD_LINE_PTR = 0x228;
    public static final int INITRD_ADDR_MAX = 0x22C;
    public static final int KERNEL_ALIGNMENT = 0x230;
    public static final int RELOCATABLE_KERNEL = 0x234;
    public static final int XLOADFLAGS = 0x236;
    public static final int CMDLINE_SIZE = 0x238;
    public static final int PREF_ADDRESS = 0x258;
    public static final int INIT_SIZE = 0x260;

    // --- struct boot_params fields outside the header ---
    public static final int ACPI_RSDP_ADDR = 0x070;
    public static final int EXT_RAMDISK_IMAGE = 0x0C0;
    public static final int EXT_RAMDISK_SIZE = 0x0C4;
    public static final int EXT_CMD_LINE_PTR = 0x0C8;
    public static final int E820_ENTRIES = 0x1E8;
    public static final int E820_TABLE = 0x2D0;
    public static final int ZERO_PAGE_SIZE = 4096;

    public static final int BOOT_FLAG_MAGIC = 0xAA55;
    /** "HdrS" little-endian. */
    public static final long HEADER_MAGIC = 0x5372_6448L;
    /** 2.12 introduced xloadflags and with it the 64-bit entry (XLF_KERNEL_64). */
    public static final int MIN_VERSION_64BIT = 0x020C;
    /** 2.14 introduced acpi_rsdp_addr; older kernels scan 0xE0000-0xFFFFF, which also works. */
    public static final int VERSION_ACPI_RSDP = 0x020E;
    public static final int XLF_KERNEL_64 = 1;
    /** type_of_loader 0xFF: "undefined" boot loader (no assigned id). */
    public static final int LOADER_UNDEFINED = 0xFF;
    /** vid_mode 0xFFFF: "normal" text mode; no video setup happens in the 64-bit path anyway. */
    public static final int VID_MODE_NORMAL = 0xFFFF;

    private SetupHeader() {
    }
}
