package io.isobench.runtime.vm.boot;

import io.isobench.runtime.vm.FuzzBudget;
import io.isobench.runtime.vm.devices.virtio.ArrayMemory;
import io.isobench.runtime.vm.devices.virtio.VirtioMemory;
import io.isobench.runtime.vm.memory.Bytes;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mutated kernel files through the bzImage and ELF loaders and the boot layout (jqwik, fixed
 * seed and budget; FuzzBudget raises it for the soak): the fields the loaders read set to
 * edge values (0, all ones, 2^63, near 2^64), the file cut short or padded, an initramfs of
 * any size. Whatever the file: parsing and loading end in the kernel or a
 * KernelFormatException, nothing else (no index, arithmetic or guest-access exception); a
 * kernel accepted fits the guest's RAM with the room it asks for, and nothing is written
 * outside the guest's 64 MiB.
 */
@AddLifecycleHook(FuzzBudget.class)
class KernelLoaderProperties {
    static final RamLayout RAM = RamLayout.of(RamLayout.MIN_BYTES);
    /** One guest memory for all tries (64 MiB): its contents do not matter, its bounds do. */
    private static final ArrayMemory MEMORY = new ArrayMemory((int) RamLayout.MIN_BYTES);

    /** Set {@code width} bytes at {@code offset} to {@code value}. */
    record Mutation(int offset, int width, long value) {
    }

    private static final int[] BZ_FIELDS = {SetupHeader.SETUP_SECTS, SetupHeader.BOOT_FLAG, SetupHeader.JUMP + 1,
            SetupHeader.HEADER, SetupHeader.VERSION, SetupHeader.INITRD_ADDR_MAX, SetupHeader.XLOADFLAGS,
            SetupHeader.CMDLINE_SIZE, SetupHeader.PREF_ADDRESS, SetupHeader.INIT_SIZE};
    private static final int[] ELF_FIELDS = {4, 5, 16, 18, 24, 32, 54, 56, 64, 72, 88, 96, 104};

    private static Arbitrary<Mutation> mutations(int[] fields, int fileLength) {
        Arbitrary<Integer> offsets = Arbitraries.oneOf(Arbitraries.of(Arrays.stream(fields).boxed().toList()),
                Arbitraries.integers().between(0, fileLength - 1));
        Arbitrary<Long> values = Arbitraries.oneOf(Arbitraries.of(0L, 1L, 0xFFL, 0xFFFFL, 0xFFFF_FFFFL, -1L, 1L << 63,
                Long.MAX_VALUE, 0x7FFF_FFFF_FFFF_FFF0L, 0x100_0000L, 0x400_0000L, 0x20CL), Arbitraries.longs());
        return Combinators.combine(offsets, Arbitraries.of(1, 2, 4, 8), values).as(Mutation::new);
    }

    @Provide
    Arbitrary<Mutation> bzMutation() {
        return mutations(BZ_FIELDS, TestKernels.bzImage().length);
    }

    @Provide
    Arbitrary<Mutation> elfMutation() {
        return mutations(ELF_FIELDS, TestKernels.elf(0x100_0000, 0x100_0000).length);
    }

    @Provide
    Arbitrary<Integer> cut() {
        // How the file ends: whole, shorter, or longer.
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(-1100, 4096)));
    }

    @Provide
    Arbitrary<Long> initrdSize() {
        return Arbitraries.oneOf(Arbitraries.of(0L, 1L, 4096L, RamLayout.MIN_BYTES, Long.MAX_VALUE, 0xFFFF_FFFFL),
                Arbitraries.longs().between(0, RamLayout.MIN_BYTES));
    }

    @Property(tries = 400, seed = "16")
    void aMutatedBzImageLoadsOrIsRefusedInOneSentence(@ForAll @Size(max = 6) List<@From("bzMutation") Mutation> mutations,
                                                      @ForAll("cut") int cut, @ForAll("initrdSize") long initrd) throws IOException {
        check(apply(TestKernels.bzImage(), mutations, cut), initrd);
    }

    @Property(tries = 400, seed = "16")
    void aMutatedElfKernelLoadsOrIsRefusedInOneSentence(@ForAll @Size(max = 6) List<@From("elfMutation") Mutation> mutations,
                                                        @ForAll("cut") int cut, @ForAll("initrdSize") long initrd) throws IOException {
        check(apply(TestKernels.elf(0x100_0000, 0x100_0000), mutations, cut), initrd);
    }

    private static byte[] apply(byte[] file, List<Mutation> mutations, int cut) {
        byte[] f = file.clone();
        for (Mutation m : mutations) {
            for (int i = 0; i < m.width() && m.offset() + i < f.length; i++) {
                f[m.offset() + i] = (byte) (m.value() >>> (8 * i));
            }
        }
        return Arrays.copyOf(f, Math.max(0, f.length + cut));
    }

    private static void check(byte[] file, long initrdSize) throws IOException {
        KernelImage kernel;
        KernelImage.LoadedKernel loaded;
        try {
            kernel = KernelImage.parse(file);
            loaded = kernel.load(MEMORY, RAM);
        } catch (KernelFormatException refused) {
            assertTrue(refused.getMessage() != null && !refused.getMessage().isBlank());
            return;
        }
        assertTrue(RAM.contains(loaded.start(), loaded.end() - loaded.start()),
                "a kernel accepted at 0x" + Long.toHexString(loaded.start()) + "-0x" + Long.toHexString(loaded.end())
                        + ", outside the guest's RAM");
        assertTrue(loaded.entryAddress() >= loaded.start() && loaded.entryAddress() < loaded.end(),
                "entry 0x" + Long.toHexString(loaded.entryAddress()) + " outside the kernel");
        if (kernel instanceof BzImage) {
            long pref = Bytes.u64(file, SetupHeader.PREF_ADDRESS);
            BigInteger runAt = new BigInteger(Long.toUnsignedString(pref == 0 ? BzImage.DEFAULT_DECOMPRESS_ADDRESS : pref))
                    .max(BigInteger.valueOf(BzImage.LOAD_ADDRESS));
            BigInteger needs = runAt.add(BigInteger.valueOf(Bytes.u32(file, SetupHeader.INIT_SIZE)));
            assertTrue(needs.compareTo(BigInteger.valueOf(RAM.lowEnd())) <= 0, "a bzImage that wants to unpack up to 0x"
                    + needs.toString(16) + " was accepted in " + (RAM.lowEnd() >> 20) + " MiB");
        }
        assertTrue(kernel.maxCommandLine() > 0 && kernel.zeroPageTemplate().length == SetupHeader.ZERO_PAGE_SIZE);
        try {
            GuestBoot.prepare(MEMORY, RAM, new GuestBoot.Request(kernel, initrd(initrdSize), "console=ttyS0", null));
        } catch (KernelFormatException refused) {
            assertTrue(refused.getMessage() != null && !refused.getMessage().isBlank());
        }
    }

    /**
     * Found by the property: pref_address 0xFFFFFFFFFFFFFFFF is negative as a signed long, so
     * max(pref, 1 MiB) picked 1 MiB and the kernel was accepted although it asks to unpack
     * itself 16 EiB up.
     */
    @Example
    void aPreferredAddressAbove2To63IsRefused() {
        byte[] file = TestKernels.bzImage();
        Bytes.putU64(file, SetupHeader.PREF_ADDRESS, -1L);
        assertThrows(KernelFormatException.class, () -> KernelImage.parse(file).load(MEMORY, RAM));
    }

    /** An initramfs of {@code size} bytes that only touches its first and last byte. */
    private static BootFile initrd(long size) {
        return new BootFile() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public byte[] read(long offset, int length) {
                return new byte[length];
            }

            @Override
            public void copyTo(VirtioMemory memory, long guestAddress, long offset, long length) {
                memory.write(guestAddress, new byte[1], 0, 1);
                memory.write(guestAddress + length - 1, new byte[1], 0, 1);
            }
        };
    }
}
