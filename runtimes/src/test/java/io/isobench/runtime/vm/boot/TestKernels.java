package io.isobench.runtime.vm.boot;

import io.isobench.runtime.vm.memory.Bytes;

import java.util.Arrays;

/** Kernel files built byte by byte, with exactly the header fields the loaders read. */
final class TestKernels {
    static final byte[] PAYLOAD = "protected-mode kernel payload".getBytes();

    private TestKernels() {
    }

    /** A bzImage with one setup sector besides the boot sector, boot protocol 2.15, 64-bit entry. */
    static byte[] bzImage() {
        byte[] f = new byte[1024 + PAYLOAD.length];
        f[SetupHeader.SETUP_SECTS] = 1;
        Bytes.putU16(f, SetupHeader.BOOT_FLAG, 0xAA55);
        f[SetupHeader.JUMP] = (byte) 0xEB;
        f[SetupHeader.JUMP + 1] = 0x6A; // header ends at 0x26C, as in Linux 6.1
        Bytes.putU32(f, SetupHeader.HEADER, 0x53726448L);
        Bytes.putU16(f, SetupHeader.VERSION, 0x020F);
        Bytes.putU32(f, SetupHeader.INITRD_ADDR_MAX, 0x7FFFFFFFL);
        Bytes.putU32(f, SetupHeader.KERNEL_ALIGNMENT, 0x200000);
        f[SetupHeader.RELOCATABLE_KERNEL] = 1;
        Bytes.putU16(f, SetupHeader.XLOADFLAGS, 0x7F);
        Bytes.putU32(f, SetupHeader.CMDLINE_SIZE, 2047);
        Bytes.putU64(f, SetupHeader.PREF_ADDRESS, 0x1000000);
        Bytes.putU32(f, SetupHeader.INIT_SIZE, 20L << 20);
        System.arraycopy(PAYLOAD, 0, f, 1024, PAYLOAD.length);
        return f;
    }

    static byte[] with(byte[] file, int offset, int value16) {
        byte[] copy = Arrays.copyOf(file, file.length);
        Bytes.putU16(copy, offset, value16);
        return copy;
    }

    /** An ELF64 x86-64 executable with one PT_LOAD segment of PAYLOAD at {@code paddr}, entry {@code entry}. */
    static byte[] elf(long paddr, long entry) {
        int phoff = 64;
        int dataOffset = 0x100;
        byte[] f = new byte[dataOffset + PAYLOAD.length];
        f[0] = 0x7F;
        f[1] = 'E';
        f[2] = 'L';
        f[3] = 'F';
        f[4] = 2; // 64-bit
        f[5] = 1; // little-endian
        f[6] = 1;
        Bytes.putU16(f, 16, 2);  // ET_EXEC
        Bytes.putU16(f, 18, 62); // EM_X86_64
        Bytes.putU32(f, 20, 1);
        Bytes.putU64(f, 24, entry);
        Bytes.putU64(f, 32, phoff);
        Bytes.putU16(f, 52, 64);
        Bytes.putU16(f, 54, 56);
        Bytes.putU16(f, 56, 1);
        Bytes.putU32(f, phoff, 1);                       // PT_LOAD
        Bytes.putU64(f, phoff + 8, dataOffset);          // p_offset
        Bytes.putU64(f, phoff + 16, 0xFFFFFFFF81000000L); // p_vaddr
        Bytes.putU64(f, phoff + 24, paddr);              // p_paddr
        Bytes.putU64(f, phoff + 32, PAYLOAD.length);     // p_filesz
        Bytes.putU64(f, phoff + 40, 0x1000);             // p_memsz
        System.arraycopy(PAYLOAD, 0, f, dataOffset, PAYLOAD.length);
        return f;
    }
}
