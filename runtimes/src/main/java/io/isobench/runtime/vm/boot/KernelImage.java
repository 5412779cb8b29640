package io.isobench.runtime.vm.boot;

import io.isobench.runtime.vm.devices.virtio.VirtioMemory;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A guest kernel parsed from its file and ready to copy into guest memory. Two formats:
 * {@link BzImage} (what distributions ship, self-decompressing, entered through its 64-bit
 * entry point) and {@link ElfKernel} (an uncompressed vmlinux, entered at its ELF entry).
 */
public sealed interface KernelImage permits BzImage, ElfKernel {

    /**
     * Parses a kernel file's headers; the rest is read from the file when it is loaded.
     *
     * @throws KernelFormatException when the file is neither a bootable bzImage nor an
     *                               x86-64 ELF executable
     * @throws IOException           when the file cannot be read
     */
    static KernelImage parse(BootFile file) throws KernelFormatException, IOException {
        if (ElfKernel.looksLikeElf(file)) {
            return ElfKernel.parse(file);
        }
        return BzImage.parse(file);
    }

    /** {@link #parse(BootFile)} of bytes in memory. */
    static KernelImage parse(byte[] file) throws KernelFormatException {
        try {
            return parse(BootFile.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);  // bytes in memory cannot fail to read
        }
    }

    /**
     * Copies the kernel into guest memory and returns where it went.
     *
     * @throws KernelFormatException when it does not fit the guest's RAM
     * @throws IOException           when the kernel file cannot be read (or changed since it was parsed)
     */
    LoadedKernel load(VirtioMemory memory, RamLayout ram) throws KernelFormatException, IOException;

    /**
     * The setup header for the zero page: a bzImage's own header, or for an ELF kernel one
     * made up with the fields the 64-bit path reads. Always a zero page-sized array with the
     * header at {@link SetupHeader#START}.
     */
    byte[] zeroPageTemplate();

    /** Boot protocol version, e.g. 0x020F for 2.15. */
    int protocolVersion();

    /** Longest command line the kernel accepts, without the terminating NUL. */
    int maxCommandLine();

    /** Highest address the initramfs may end at (exclusive). */
    long initrdAddressLimit();

    /** Where a kernel was put: entry point and the range it occupies, including its decompression room. */
    record LoadedKernel(long entryAddress, long start, long end) {
    }
}
