package io.isobench.runtime.vm.boot;

import io.isobench.runtime.vm.acpi.AcpiLayout;
import io.isobench.runtime.vm.acpi.Placement;
import io.isobench.runtime.vm.devices.virtio.VirtioMemory;
import io.isobench.runtime.vm.memory.Bytes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Lays out everything a Linux guest needs in memory before its first instruction, and says
 * where vCPU 0 starts. The low memory map (all below the EBDA, all identity mapped):
 * <pre>
 *   0x00500  GDT                  0x09000  PML4, PDPT, 4 page directories (to 0x0EFFF)
 *   0x01000  TSS (unused)         0x20000  kernel command line
 *   0x07000  zero page            0xE0000  ACPI tables (reserved in e820)
 *   0x08FF0  initial stack top    1 MiB    kernel; initramfs at the top of low RAM
 * </pre>
 */
public final class GuestBoot {
    public static final long ZERO_PAGE = 0x7000;
    public static final long STACK_TOP = 0x8FF0;
    public static final long COMMAND_LINE = 0x2_0000;
    private static final long PAGE = 4096;

    private GuestBoot() {
    }

    /** What to boot. An empty {@code initrd} means none; {@code acpi} may be null for a guest without ACPI tables. */
    public record Request(KernelImage kernel, BootFile initrd, String commandLine, AcpiLayout acpi) {
    }

    /** Where things went, for the timeline and for tests. */
    public record Placed(BootState state, KernelImage.LoadedKernel kernel, long initrdAddress, long initrdSize,
                         List<E820.Entry> e820) {
    }

    /**
     * Writes kernel, initramfs, command line, ACPI tables, zero page, GDT and page tables.
     *
     * @throws KernelFormatException when the kernel or its companions do not fit this guest
     *                               or this kernel (one sentence)
     * @throws IOException           when the initramfs file cannot be read
     */
    public static Placed prepare(VirtioMemory memory, RamLayout ram, Request request)
            throws KernelFormatException, IOException {
        KernelImage kernel = request.kernel();
        KernelImage.LoadedKernel loaded = kernel.load(memory, ram);

        byte[] cmdline = commandLine(request.commandLine(), kernel.maxCommandLine());
        memory.write(COMMAND_LINE, cmdline, 0, cmdline.length);

        long initrdSize = request.initrd().size();
        long initrdAddress = initrdSize == 0 ? 0 : placeInitrd(ram, kernel, loaded, initrdSize);
        if (initrdSize > 0) {
            request.initrd().copyTo(memory, initrdAddress);
        }

        if (request.acpi() != null) {
            for (Placement p : request.acpi().placements()) {
                memory.write(p.guestAddress(), p.bytes(), 0, p.bytes().length);
            }
        }

        byte[] gdt = Gdt.bytes();
        memory.write(Gdt.ADDRESS, gdt, 0, gdt.length);
        byte[] tss = new byte[(int) Gdt.TSS.limit() + 1];
        memory.write(Gdt.TSS.base(), tss, 0, tss.length);
        long cr3 = PageTables.write(memory);

        List<E820.Entry> e820 = E820.of(ram);
        byte[] zeroPage = zeroPage(kernel, initrdAddress, initrdSize, e820,
                request.acpi() == null ? 0 : request.acpi().rsdpAddress());
        memory.write(ZERO_PAGE, zeroPage, 0, zeroPage.length);

        return new Placed(BootState.longMode(loaded.entryAddress(), ZERO_PAGE, STACK_TOP, cr3), loaded,
                initrdAddress, initrdSize, e820);
    }

    /** The command line as the kernel reads it: printable ASCII, NUL-terminated, within the kernel's limit. */
    static byte[] commandLine(String text, int max) throws KernelFormatException {
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new KernelFormatException("the kernel command line may hold printable ASCII only; character "
                        + i + " is U+" + String.format("%04X", (int) c));
            }
        }
        if (ascii.length > max) {
            throw new KernelFormatException("the kernel command line is " + ascii.length
                    + " bytes; this kernel accepts at most " + max);
        }
        byte[] out = new byte[ascii.length + 1];
        System.arraycopy(ascii, 0, out, 0, ascii.length);
        return out;
    }

    /**
     * The initramfs goes as high as the kernel allows (below initrd_addr_max and the MMIO
     * hole), page-aligned, as boot loaders do, so it stays clear of where the kernel
     * decompresses itself.
     */
    static long placeInitrd(RamLayout ram, KernelImage kernel, KernelImage.LoadedKernel loaded, long size)
            throws KernelFormatException {
        long top = Math.min(ram.lowEnd(), kernel.initrdAddressLimit());
        long address = (top - size) & -PAGE;
        if (size > top || address < loaded.end()) {
            throw new KernelFormatException(String.format(
                    "guest memory is too small: the kernel needs up to %d MiB and the %d MiB initramfs must fit above it "
                            + "below %d MiB", loaded.end() >> 20, (size + (1 << 20) - 1) >> 20, top >> 20));
        }
        return address;
    }

    static byte[] zeroPage(KernelImage kernel, long initrdAddress, long initrdSize,
                           List<E820.Entry> e820, long rsdp) throws KernelFormatException {
        byte[] zp = kernel.zeroPageTemplate();
        zp[SetupHeader.TYPE_OF_LOADER] = (byte) SetupHeader.LOADER_UNDEFINED;
        Bytes.putU16(zp, SetupHeader.VID_MODE, SetupHeader.VID_MODE_NORMAL);
        Bytes.putU32(zp, SetupHeader.CMD_LINE_PTR, COMMAND_LINE);
        Bytes.putU32(zp, SetupHeader.EXT_CMD_LINE_PTR, COMMAND_LINE >>> 32);
        Bytes.putU32(zp, SetupHeader.RAMDISK_IMAGE, initrdAddress);
        Bytes.putU32(zp, SetupHeader.EXT_RAMDISK_IMAGE, initrdAddress >>> 32);
        Bytes.putU32(zp, SetupHeader.RAMDISK_SIZE, initrdSize);
        Bytes.putU32(zp, SetupHeader.EXT_RAMDISK_SIZE, initrdSize >>> 32);
        if (e820.size() > E820.MAX_ENTRIES) {
            throw new KernelFormatException("the memory map has " + e820.size() + " entries, more than the zero page holds");
        }
        zp[SetupHeader.E820_ENTRIES] = (byte) e820.size();
        for (int i = 0; i < e820.size(); i++) {
            int at = SetupHeader.E820_TABLE + i * 20;
            Bytes.putU64(zp, at, e820.get(i).address());
            Bytes.putU64(zp, at + 8, e820.get(i).size());
            Bytes.putU32(zp, at + 16, e820.get(i).type());
        }
        if (rsdp != 0 && kernel.protocolVersion() >= SetupHeader.VERSION_ACPI_RSDP) {
            Bytes.putU64(zp, SetupHeader.ACPI_RSDP_ADDR, rsdp);
        }
        return zp;
    }
}
