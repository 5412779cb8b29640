package io.isobench.runtime.vm.acpi;

import java.nio.ByteBuffer;

/**
 * The Interrupt Controller Structures of the MADT we use (ACPI 6.5, 5.2.12.2 onward).
 * Each starts with a type byte and a length byte.
 */
public sealed interface MadtEntry {

    int type();

    int length();

    void writeTo(ByteBuffer b);

    /**
     * Processor Local APIC Structure, type 0, 8 bytes (5.2.12.2): ACPI processor UID, APIC
     * id, flags u32 (bit 0 Enabled, bit 1 Online Capable). One per vCPU, all enabled at
     * boot, so Online Capable (meaningful only when Enabled is clear) stays zero.
     */
    record LocalApic(int processorUid, int apicId, boolean enabled) implements MadtEntry {
        public LocalApic {
            requireByte(processorUid, "processor UID");
            requireByte(apicId, "APIC id");
        }

        @Override
        public int type() {
            return 0;
        }

        @Override
        public int length() {
            return 8;
        }

        @Override
        public void writeTo(ByteBuffer b) {
            b.put((byte) type()).put((byte) length()).put((byte) processorUid).put((byte) apicId)
                    .putInt(enabled ? 1 : 0);
        }
    }

    /**
     * I/O APIC Structure, type 1, 12 bytes (5.2.12.3): IOAPIC id, reserved, 32-bit MMIO
     * address, Global System Interrupt base (the GSI of its pin 0).
     */
    record IoApic(int id, long address, long gsiBase) implements MadtEntry {
        public IoApic {
            requireByte(id, "IOAPIC id");
        }

        @Override
        public int type() {
            return 1;
        }

        @Override
        public int length() {
            return 12;
        }

        @Override
        public void writeTo(ByteBuffer b) {
            b.put((byte) type()).put((byte) length()).put((byte) id).put((byte) 0)
                    .putInt((int) address).putInt((int) gsiBase);
        }
    }

    /**
     * Interrupt Source Override, type 2, 10 bytes (5.2.12.5): bus (0 = ISA), source (ISA
     * IRQ), GSI, MPS INTI flags (bits 0-1 polarity, 2-3 trigger; 0 = conforms to the bus).
     */
    record InterruptSourceOverride(int bus, int source, long gsi, int flags) implements MadtEntry {
        public InterruptSourceOverride {
            requireByte(bus, "bus");
            requireByte(source, "source IRQ");
        }

        @Override
        public int type() {
            return 2;
        }

        @Override
        public int length() {
            return 10;
        }

        @Override
        public void writeTo(ByteBuffer b) {
            b.put((byte) type()).put((byte) length()).put((byte) bus).put((byte) source)
                    .putInt((int) gsi).putShort((short) flags);
        }
    }

    /**
     * Local APIC NMI Structure, type 4, 6 bytes (5.2.12.7): ACPI processor UID (0xFF = all
     * processors), MPS INTI flags, local APIC LINT# (0 or 1).
     */
    record LocalApicNmi(int processorUid, int flags, int lint) implements MadtEntry {
        /** Processor UID meaning "every processor". */
        public static final int ALL_PROCESSORS = 0xFF;

        public LocalApicNmi {
            requireByte(processorUid, "processor UID");
            if (lint != 0 && lint != 1) {
                throw new IllegalArgumentException("LINT# is 0 or 1: " + lint);
            }
        }

        @Override
        public int type() {
            return 4;
        }

        @Override
        public int length() {
            return 6;
        }

        @Override
        public void writeTo(ByteBuffer b) {
            b.put((byte) type()).put((byte) length()).put((byte) processorUid).putShort((short) flags)
                    .put((byte) lint);
        }
    }

    /** MPS INTI flags: polarity active high (01b) and trigger edge (01b << 2). */
    int INTI_EDGE_ACTIVE_HIGH = 0x0005;
    /** MPS INTI flags: conforms to the bus specification (ISA: edge, active high). */
    int INTI_CONFORMS = 0x0000;

    private static void requireByte(int v, String what) {
        if (v < 0 || v > 0xFF) {
            throw new IllegalArgumentException(what + " is a byte: " + v);
        }
    }
}
