package io.isobench.runtime.vm.boot;

import io.isobench.runtime.vm.devices.virtio.VirtioMemory;
import io.isobench.runtime.vm.memory.Bytes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An uncompressed x86-64 vmlinux (ELF64 executable): each PT_LOAD segment is copied to its
 * physical address and the kernel is entered at {@code e_entry}, which for vmlinux is the
 * physical address of {@code startup_64}, with the same 64-bit boot protocol state as a
 * bzImage. Every offset and size read from the file is checked before use: a corrupt file
 * gives a sentence, not an exception from deep inside.
 */
public final class ElfKernel implements KernelImage {
    private static final int EM_X86_64 = 62;
    private static final int ET_EXEC = 2;
    private static final int PT_LOAD = 1;
    /** The protocol the 64-bit entry of any kernel that ships as vmlinux speaks. */
    private static final int ASSUMED_VERSION = 0x020F;
    private static final int COMMAND_LINE_SIZE = 2048;

    /** One PT_LOAD segment: file range and guest-physical destination. */
    record LoadSegment(long fileOffset, long fileSize, long physAddress, long memSize) {
    }

    /** More program header bytes than any kernel has: a file claiming more is refused, not read. */
    private static final int MAX_PROGRAM_HEADER_BYTES = 1 << 16;

    private final BootFile file;
    private final long entry;
    private final List<LoadSegment> segments;

    private ElfKernel(BootFile file, long entry, List<LoadSegment> segments) {
        this.file = file;
        this.entry = entry;
        this.segments = List.copyOf(segments);
    }

    static boolean looksLikeElf(BootFile kernel) throws IOException {
        if (kernel.size() < 4) {
            return false;
        }
        byte[] magic = kernel.read(0, 4);
        return magic[0] == 0x7F && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
    }

    /** Reads the ELF and program headers only; the segments stay in the file until {@link #load}. */
    static ElfKernel parse(BootFile kernel) throws KernelFormatException, IOException {
        if (kernel.size() < 64) {
            throw new KernelFormatException("the ELF kernel is truncated (" + kernel.size() + " bytes)");
        }
        byte[] file = kernel.read(0, 64);
        if (file[4] != 2 || file[5] != 1) {
            throw new KernelFormatException("the ELF kernel is not 64-bit little-endian");
        }
        if (Bytes.u16(file, 18) != EM_X86_64 || Bytes.u16(file, 16) != ET_EXEC) {
            throw new KernelFormatException("the ELF file is not an x86-64 executable (e_machine "
                    + Bytes.u16(file, 18) + ", e_type " + Bytes.u16(file, 16) + ")");
        }
        long entry = Bytes.u64(file, 24);
        long phoff = Bytes.u64(file, 32);
        int phentsize = Bytes.u16(file, 54);
        int phnum = Bytes.u16(file, 56);
        long phBytes = (long) phentsize * phnum;
        if (phentsize < 56 || !inFile(kernel, phoff, phBytes)) {
            throw new KernelFormatException("the ELF kernel's program headers lie outside the file");
        }
        if (phBytes > MAX_PROGRAM_HEADER_BYTES) {
            throw new KernelFormatException("the ELF kernel claims " + phnum + " program headers, more than a kernel has");
        }
        byte[] ph = kernel.read(phoff, (int) phBytes);
        List<LoadSegment> segments = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            int at = i * phentsize;
            if (Bytes.u32(ph, at) != PT_LOAD) {
                continue;
            }
            LoadSegment s = new LoadSegment(Bytes.u64(ph, at + 8), Bytes.u64(ph, at + 32),
                    Bytes.u64(ph, at + 24), Bytes.u64(ph, at + 40));
            if (!inFile(kernel, s.fileOffset(), s.fileSize()) || s.fileSize() > s.memSize()) {
                throw new KernelFormatException("the ELF kernel's segment " + i + " lies outside the file");
            }
            segments.add(s);
        }
        if (segments.isEmpty()) {
            throw new KernelFormatException("the ELF kernel has nothing to load (no PT_LOAD segment)");
        }
        return new ElfKernel(kernel, entry, segments);
    }

    private static boolean inFile(BootFile file, long offset, long length) {
        return offset >= 0 && length >= 0 && offset <= file.size() - length;
    }

    @Override
    public LoadedKernel load(VirtioMemory memory, RamLayout ram) throws KernelFormatException, IOException {
        long start = Long.MAX_VALUE;
        long end = 0;
        for (LoadSegment s : segments) {
            if (!ram.contains(s.physAddress(), s.memSize())) {
                throw new KernelFormatException(String.format("the ELF kernel wants memory at 0x%x-0x%x, outside the guest's RAM",
                        s.physAddress(), s.physAddress() + s.memSize()));
            }
            start = Math.min(start, s.physAddress());
            end = Math.max(end, s.physAddress() + s.memSize());
        }
        boolean entryLoaded = false;
        for (LoadSegment s : segments) {
            file.copyTo(memory, s.physAddress(), s.fileOffset(), s.fileSize());
            entryLoaded |= entry >= s.physAddress() && entry < s.physAddress() + s.memSize();
        }
        if (!entryLoaded) {
            throw new KernelFormatException(String.format("the ELF kernel's entry point 0x%x is not in any loaded segment", entry));
        }
        return new LoadedKernel(entry, start, end);
    }

    @Override
    public byte[] zeroPageTemplate() {
        // What a real bzImage header would say and the 64-bit path reads.
        byte[] page = new byte[SetupHeader.ZERO_PAGE_SIZE];
        Bytes.putU16(page, SetupHeader.BOOT_FLAG, SetupHeader.BOOT_FLAG_MAGIC);
        Bytes.putU32(page, SetupHeader.HEADER, SetupHeader.HEADER_MAGIC);
        Bytes.putU16(page, SetupHeader.VERSION, ASSUMED_VERSION);
        Bytes.putU32(page, SetupHeader.KERNEL_ALIGNMENT, 0x100_0000);
        Bytes.putU32(page, SetupHeader.CMDLINE_SIZE, COMMAND_LINE_SIZE - 1);
        return page;
    }

    @Override
    public int protocolVersion() {
        return ASSUMED_VERSION;
    }

    @Override
    public int maxCommandLine() {
        return COMMAND_LINE_SIZE - 1;
    }

    @Override
    public long initrdAddressLimit() {
        return 0x8000_0000L;
    }

    @Override
    public String toString() {
        return "ELF vmlinux (" + segments.size() + " segments, entry 0x" + Long.toHexString(entry) + ")";
    }
}
