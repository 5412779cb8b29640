package io.isobench.runtime.vm.boot;

import io.isobench.runtime.vm.devices.virtio.VirtioMemory;
import io.isobench.runtime.vm.memory.Bytes;

import java.io.IOException;

/**
 * A bzImage: 512-byte sectors of real-mode setup code (with the setup header at 0x1F1),
 * then the protected-mode kernel, which decompresses itself. We skip the real-mode part
 * entirely and use the 64-bit boot protocol: the protected-mode kernel is copied to
 * {@link #LOAD_ADDRESS} and entered at load address + 0x200 ({@code startup_64}) in long
 * mode, with %rsi pointing at the zero page.
 */
public final class BzImage implements KernelImage {
    /** 1 MiB, the classic protected-mode load address (code32_start); the kernel relocates from there. */
    public static final long LOAD_ADDRESS = 0x10_0000;
    /** startup_64 sits 0x200 bytes into the protected-mode kernel (boot.rst, 64-bit boot protocol). */
    public static final int STARTUP_64_OFFSET = 0x200;
    /** Where a relocatable kernel decompresses to unless told otherwise (CONFIG_PHYSICAL_START default). */
    static final long DEFAULT_DECOMPRESS_ADDRESS = 0x100_0000;

    /** The first {@link #HEADER_BYTES} of the file: the setup header and what the zero page copies of it. */
    static final int HEADER_BYTES = 0x400;

    private final BootFile file;
    private final byte[] header;
    private final int setupBytes;
    private final int version;
    private final long initSize;
    private final long prefAddress;
    private final long initrdAddrMax;
    private final int cmdlineSize;

    private BzImage(BootFile file, byte[] header, int setupBytes, int version, long initSize, long prefAddress, long initrdAddrMax,
                    int cmdlineSize) {
        this.file = file;
        this.header = header;
        this.setupBytes = setupBytes;
        this.version = version;
        this.initSize = initSize;
        this.prefAddress = prefAddress;
        this.initrdAddrMax = initrdAddrMax;
        this.cmdlineSize = cmdlineSize;
    }

    /**
     * Reads the setup header only; the protected-mode kernel stays in the file until {@link #load}.
     *
     * @throws KernelFormatException naming the first thing that is wrong
     */
    static BzImage parse(BootFile kernel) throws KernelFormatException, IOException {
        if (kernel.size() < HEADER_BYTES) {
            throw new KernelFormatException("the kernel file is " + kernel.size() + " bytes, too short for a bzImage");
        }
        byte[] header = kernel.read(0, HEADER_BYTES);
        if (Bytes.u16(header, SetupHeader.BOOT_FLAG) != SetupHeader.BOOT_FLAG_MAGIC
                || Bytes.u32(header, SetupHeader.HEADER) != SetupHeader.HEADER_MAGIC) {
            throw new KernelFormatException("the kernel file is neither a bzImage (no 'HdrS' boot header) nor an ELF vmlinux");
        }
        int version = Bytes.u16(header, SetupHeader.VERSION);
        if (version < SetupHeader.MIN_VERSION_64BIT) {
            throw new KernelFormatException(String.format(
                    "the kernel uses boot protocol %d.%02d; the 64-bit entry needs 2.12 or newer",
                    version >> 8, version & 0xff));
        }
        if ((Bytes.u16(header, SetupHeader.XLOADFLAGS) & SetupHeader.XLF_KERNEL_64) == 0) {
            throw new KernelFormatException("the kernel has no 64-bit entry point (XLF_KERNEL_64 not set): is it a 32-bit kernel?");
        }
        int sects = Bytes.u8(header, SetupHeader.SETUP_SECTS);
        int setupBytes = ((sects == 0 ? 4 : sects) + 1) * 512;
        if (setupBytes >= kernel.size()) {
            throw new KernelFormatException("the bzImage is truncated: its setup code claims " + setupBytes
                    + " of its " + kernel.size() + " bytes");
        }
        long initSize = Bytes.u32(header, SetupHeader.INIT_SIZE);
        long pref = Bytes.u64(header, SetupHeader.PREF_ADDRESS);
        long initrdMax = Bytes.u32(header, SetupHeader.INITRD_ADDR_MAX);
        int cmdlineSize = (int) Math.min(Bytes.u32(header, SetupHeader.CMDLINE_SIZE), 1 << 20);
        return new BzImage(kernel, header, setupBytes, version, initSize, pref, initrdMax, cmdlineSize);
    }

    /** Bytes of the protected-mode kernel (the part that goes to guest memory). */
    public long payloadSize() {
        return file.size() - setupBytes;
    }

    @Override
    public LoadedKernel load(VirtioMemory memory, RamLayout ram) throws KernelFormatException, IOException {
        // The kernel needs init_size bytes from where it finally runs to decompress and start;
        // it runs at the preferred address (or its own load address if that is higher).
        // pref_address is a u64 from the file: compare unsigned, so 2^63 and up are not "below" 1 MiB.
        long runAt = prefAddress == 0 ? DEFAULT_DECOMPRESS_ADDRESS : prefAddress;
        if (Long.compareUnsigned(runAt, LOAD_ADDRESS) < 0) {
            runAt = LOAD_ADDRESS;
        }
        if (Long.compareUnsigned(runAt, ram.lowEnd()) >= 0) {
            throw new KernelFormatException(String.format("the kernel wants to unpack itself at 0x%x,"
                    + " beyond the guest's %d MiB below 3 GiB", runAt, ram.lowEnd() >> 20));
        }
        // From here runAt < 3 GiB and init_size < 4 GiB: the sum cannot overflow.
        long end = Math.max(LOAD_ADDRESS + payloadSize(), runAt + initSize);
        if (end > ram.lowEnd()) {
            throw new KernelFormatException("the kernel needs guest memory up to " + (end >> 20)
                    + " MiB to unpack itself, more than the guest has below 3 GiB (" + (ram.lowEnd() >> 20) + " MiB)");
        }
        file.copyTo(memory, LOAD_ADDRESS, setupBytes, payloadSize());
        return new LoadedKernel(LOAD_ADDRESS + STARTUP_64_OFFSET, LOAD_ADDRESS, end);
    }

    @Override
    public byte[] zeroPageTemplate() {
        byte[] page = new byte[SetupHeader.ZERO_PAGE_SIZE];
        int end = SetupHeader.HEADER + Bytes.u8(header, SetupHeader.JUMP + 1);
        System.arraycopy(header, SetupHeader.START, page, SetupHeader.START, end - SetupHeader.START);
        return page;
    }

    @Override
    public int protocolVersion() {
        return version;
    }

    @Override
    public int maxCommandLine() {
        // Before 2.06 there was no cmdline_size field and the limit was 255.
        return version >= 0x0206 && cmdlineSize > 0 ? cmdlineSize : 255;
    }

    @Override
    public long initrdAddressLimit() {
        // initrd_addr_max is the highest address the initrd's LAST byte may have.
        return initrdAddrMax == 0 ? 0x3800_0000L : initrdAddrMax + 1;
    }

    @Override
    public String toString() {
        return String.format("bzImage (boot protocol %d.%02d, %d bytes, init_size %d MiB)", version >> 8, version & 0xff,
                file.size(), initSize >> 20);
    }
}
