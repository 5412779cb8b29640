package io.isobench.runtime.vm.acpi;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The few resource data descriptors our devices need (ACPI 6.5, 6.4 "Resource Data Types
 * for ACPI"). A small descriptor starts with one tag byte {@code 0b0nnnnlll} (type n,
 * length l); a large one with {@code 0b1xxxxxxx} and a 16-bit length of what follows.
 */
public sealed interface ResourceDescriptor {

    void encodeTo(ByteArrayOutputStream out);

    /**
     * 32-Bit Fixed Memory Range Descriptor, large item 0x86 (6.4.3.4): tag, length 9,
     * information (bit 0: 1 = read/write), base, length. ASL: Memory32Fixed.
     */
    record Memory32Fixed(boolean readWrite, long base, long length) implements ResourceDescriptor {
        static final int TAG = 0x86;

        public Memory32Fixed {
            if (base < 0 || base > 0xFFFF_FFFFL || length < 0 || length > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("Memory32Fixed base and length are 32-bit");
            }
            if (base + length > 0x1_0000_0000L) {
                throw new IllegalArgumentException("Memory32Fixed range 0x" + Long.toHexString(base)
                        + "+0x" + Long.toHexString(length) + " crosses 4 GiB");
            }
        }

        @Override
        public void encodeTo(ByteArrayOutputStream out) {
            out.write(TAG);
            Le.u16(out, 9);
            out.write(readWrite ? 1 : 0);
            Le.u32(out, base);
            Le.u32(out, length);
        }
    }

    /** Interrupt trigger mode: Extended Interrupt flag bit 1 (1 = edge). */
    enum Trigger { LEVEL, EDGE }

    /** Interrupt polarity: Extended Interrupt flag bit 2 (1 = active low). */
    enum Polarity { ACTIVE_HIGH, ACTIVE_LOW }

    /** Interrupt sharing: Extended Interrupt flag bit 3 (1 = shared). */
    enum Sharing { EXCLUSIVE, SHARED }

    /**
     * Extended Interrupt Descriptor, large item 0x89 (6.4.3.6), ASL {@code Interrupt(...)}:
     * tag, length (2 + 4n, no ResourceSource), flags, table length n, then n 32-bit GSIs.
     * Flags: bit 0 consumer (1) / producer (0), bit 1 edge, bit 2 active low, bit 3 shared.
     * We use this rather than the small ISA IRQ descriptor because our interrupts are GSIs
     * on the IOAPIC (the guest runs HW-reduced, with no 8259 in use).
     */
    record Interrupt(boolean consumer, Trigger trigger, Polarity polarity, Sharing sharing, List<Long> gsis)
            implements ResourceDescriptor {
        static final int TAG = 0x89;

        public Interrupt {
            gsis = List.copyOf(gsis);
            if (gsis.isEmpty() || gsis.size() > 255) {
                throw new IllegalArgumentException("an Interrupt descriptor lists 1..255 interrupts");
            }
            for (long g : gsis) {
                if (g < 0 || g > 0xFFFF_FFFFL) {
                    throw new IllegalArgumentException("interrupt number out of 32-bit range: " + g);
                }
            }
        }

        /** {@code Interrupt(ResourceConsumer, trigger, polarity, sharing) {gsi}}. */
        public static Interrupt consumer(Trigger trigger, Polarity polarity, Sharing sharing, long gsi) {
            return new Interrupt(true, trigger, polarity, sharing, List.of(gsi));
        }

        int flags() {
            return (consumer ? 1 : 0)
                    | (trigger == Trigger.EDGE ? 1 << 1 : 0)
                    | (polarity == Polarity.ACTIVE_LOW ? 1 << 2 : 0)
                    | (sharing == Sharing.SHARED ? 1 << 3 : 0);
        }

        @Override
        public void encodeTo(ByteArrayOutputStream out) {
            out.write(TAG);
            Le.u16(out, 2 + 4 * gsis.size());
            out.write(flags());
            out.write(gsis.size());
            for (long g : gsis) {
                Le.u32(out, g);
            }
        }
    }

    /**
     * I/O Port Descriptor, small item type 0x08 length 7, tag byte 0x47 (6.4.2.5), ASL
     * {@code IO(Decode16|Decode10, min, max, alignment, length)}: information (bit 0: 1 =
     * decodes all 16 address bits), minimum and maximum base (16-bit), alignment, length.
     */
    record IoPort(boolean decode16, int minimum, int maximum, int alignment, int length)
            implements ResourceDescriptor {
        static final int TAG = 0x47;

        public IoPort {
            if (minimum < 0 || minimum > 0xFFFF || maximum < minimum || maximum > 0xFFFF) {
                throw new IllegalArgumentException("IO port range must be 0 <= min <= max <= 0xFFFF");
            }
            if (alignment < 0 || alignment > 0xFF || length < 0 || length > 0xFF) {
                throw new IllegalArgumentException("IO alignment and length are single bytes");
            }
        }

        /** A port range at one fixed address: {@code IO(Decode16, base, base, 1, length)}. */
        public static IoPort fixed(int base, int length) {
            return new IoPort(true, base, base, 1, length);
        }

        @Override
        public void encodeTo(ByteArrayOutputStream out) {
            out.write(TAG);
            out.write(decode16 ? 1 : 0);
            Le.u16(out, minimum);
            Le.u16(out, maximum);
            out.write(alignment);
            out.write(length);
        }
    }
}
