package io.isobench.runtime.vm.guest;

import io.isobench.runtime.vm.FuzzBudget;
import io.isobench.runtime.vm.memory.Bytes;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The host-side readers of guest-side bytes (jqwik, fixed seed and budget; FuzzBudget raises
 * it for the soak): a module's .modinfo (ModInfo), a kernel's release string (KernelFile), and
 * the workload's framed output from COM2 (ConsoleFrames, which a hostile guest writes).
 * Mutated or arbitrary input gives the reader's one refusal — IllegalArgumentException for a
 * module (ModuleSet turns it into a RuntimeFailure), an empty release, a CorruptFrameException
 * — never an index, arithmetic or allocation failure, and valid input reads back exactly.
 */
@AddLifecycleHook(FuzzBudget.class)
class GuestParserProperties {

    /** A minimal ELF64 relocatable module: sections null, .modinfo, .shstrtab. */
    static byte[] module() {
        byte[] strtab = "\0.modinfo\0.shstrtab\0".getBytes(StandardCharsets.US_ASCII);
        byte[] modinfo = "license=GPL\0depends=virtio,virtio_ring\0name=fuzz\0".getBytes(StandardCharsets.US_ASCII);
        int modinfoAt = 64, strtabAt = modinfoAt + modinfo.length, shoff = (strtabAt + strtab.length + 7) & ~7;
        byte[] f = new byte[shoff + 3 * 64];
        f[0] = 0x7F;
        f[1] = 'E';
        f[2] = 'L';
        f[3] = 'F';
        f[4] = 2;
        f[5] = 1;
        Bytes.putU16(f, 16, 1);  // ET_REL
        Bytes.putU16(f, 18, 62);
        Bytes.putU64(f, 0x28, shoff);
        Bytes.putU16(f, 0x3A, 64);
        Bytes.putU16(f, 0x3C, 3);
        Bytes.putU16(f, 0x3E, 2);
        System.arraycopy(modinfo, 0, f, modinfoAt, modinfo.length);
        System.arraycopy(strtab, 0, f, strtabAt, strtab.length);
        section(f, shoff + 64, 1, modinfoAt, modinfo.length);
        section(f, shoff + 128, 10, strtabAt, strtab.length);
        return f;
    }

    private static void section(byte[] f, int at, int name, long offset, long size) {
        Bytes.putU32(f, at, name);
        Bytes.putU64(f, at + 0x18, offset);
        Bytes.putU64(f, at + 0x20, size);
    }

    record Mutation(int offset, int width, long value) {
    }

    @Provide
    Arbitrary<Mutation> moduleMutation() {
        int length = module().length;
        int shoff = length - 3 * 64;
        Arbitrary<Integer> fields = Arbitraries.of(4, 5, 0x28, 0x3A, 0x3C, 0x3E, shoff + 64, shoff + 64 + 0x18, shoff + 64 + 0x20,
                shoff + 128, shoff + 128 + 0x18, shoff + 128 + 0x20);
        Arbitrary<Long> values = Arbitraries.oneOf(Arbitraries.of(0L, 1L, 2L, 3L, 0x40L, 0xFFFFL, 0xFFFF_FFFFL, -1L,
                Long.MAX_VALUE, (long) length, length - 1L), Arbitraries.longs());
        return Combinators.combine(Arbitraries.oneOf(fields, Arbitraries.integers().between(0, length - 1)),
                Arbitraries.of(1, 2, 4, 8), values).as(Mutation::new);
    }

    @Example
    void theTestModuleReadsBack() {
        assertEquals(List.of("virtio,virtio_ring"), ModInfo.values(module(), "depends"));
    }

    @Property(tries = 600, seed = "16")
    void aMutatedModuleReadsOrIsRefusedWithIllegalArgument(@ForAll @Size(max = 5) List<@From("moduleMutation") Mutation> mutations,
                                                           @ForAll @IntRange(min = -300, max = 64) int cut) {
        byte[] f = module();
        for (Mutation m : mutations) {
            for (int i = 0; i < m.width() && m.offset() + i < f.length; i++) {
                f[m.offset() + i] = (byte) (m.value() >>> (8 * i));
            }
        }
        byte[] file = Arrays.copyOf(f, Math.max(0, f.length + Math.min(cut, 0)));
        try {
            List<String> values = ModInfo.values(file, "depends");
            assertTrue(values.stream().allMatch(v -> v.length() < file.length), "a value longer than the file");
        } catch (IllegalArgumentException refused) {
            assertTrue(refused.getMessage() != null && !refused.getMessage().isBlank());
        }
    }

    @Property(tries = 400, seed = "16")
    void anyKernelHeadGivesAReleaseOrNone(@ForAll @Size(max = 0x400) byte[] head, @ForAll @IntRange(min = 0, max = 0xFFFF) int pointer) {
        byte[] h = Arrays.copyOf(head, Math.max(head.length, 0x300));
        if (h.length > KernelFile.KERNEL_VERSION_OFFSET + 1) {
            Bytes.putU16(h, KernelFile.KERNEL_VERSION_OFFSET, pointer);
        }
        KernelFile.bzImageRelease(Arrays.copyOf(h, head.length))
                .ifPresent(r -> assertTrue(!r.isEmpty() && !r.contains(" ") && r.indexOf(0) < 0, "release " + r));
    }

    /** One frame guest-init would write: stream 1 or 2 and up to MAX_DATA bytes (0 ends the stream). */
    record Frame(int stream, byte[] data) {
    }

    @Provide
    Arbitrary<Frame> frame() {
        return Combinators.combine(Arbitraries.of(1, 2), Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(300))
                .as(Frame::new);
    }

    @Property(tries = 300, seed = "16")
    void framedOutputDecodesExactlyInAnyChunking(@ForAll @Size(max = 20) List<@From("frame") Frame> frames,
                                                 @ForAll @Size(min = 1, max = 10) List<@IntRange(min = 1, max = 700) Integer> chunks)
            throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ByteArrayOutputStream[] expected = {null, new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        for (Frame f : frames) {
            wire.write(f.stream());
            wire.write(f.data().length);
            wire.write(f.data().length >> 8);
            wire.write(f.data());
            expected[f.stream()].write(f.data());
        }
        for (int s = 1; s <= 2; s++) {
            wire.write(new byte[] {(byte) s, 0, 0});
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        ConsoleFrames decoder = new ConsoleFrames(out, err);
        feedInChunks(decoder, wire.toByteArray(), chunks);
        decoder.finish();
        assertArrayEquals(expected[1].toByteArray(), out.toByteArray());
        assertArrayEquals(expected[2].toByteArray(), err.toByteArray());
    }

    @Property(tries = 300, seed = "16")
    void anyBytesOnCom2AreDecodedOrCorruptNeverAnythingElse(@ForAll @Size(max = 3000) byte[] bytes,
                                                            @ForAll @Size(min = 1, max = 10) List<@IntRange(min = 1, max = 700) Integer> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        ConsoleFrames decoder = new ConsoleFrames(out, err);
        try {
            feedInChunks(decoder, bytes, chunks);
            decoder.finish();
        } catch (ConsoleFrames.CorruptFrameException corrupt) {
            assertTrue(corrupt.getMessage().contains("COM2") || corrupt.getMessage().contains("output"), corrupt.getMessage());
        } catch (IOException sinkFailure) {
            throw new AssertionError("an in-memory sink cannot fail", sinkFailure);
        }
        assertTrue(out.size() + err.size() <= bytes.length, "more output than input");
    }

    private static void feedInChunks(ConsoleFrames decoder, byte[] bytes, List<Integer> chunks) throws IOException {
        int at = 0;
        for (int i = 0; at < bytes.length; i++) {
            int n = Math.min(chunks.get(i % chunks.size()), bytes.length - at);
            decoder.feed(bytes, at, n);
            at += n;
        }
    }
}
