package io.isobench.runtime.vm.vstate;

import java.io.ByteArrayOutputStream;

/** A few hand-assembled 32-bit x86 instructions, enough for tiny test guests. */
final class Code {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Code bytes(int... b) {
        for (int x : b) {
            out.write(x);
        }
        return this;
    }

    Code le32(long v) {
        return bytes((int) v & 0xFF, (int) (v >> 8) & 0xFF, (int) (v >> 16) & 0xFF, (int) (v >> 24) & 0xFF);
    }

    Code movDx(int port) {
        return bytes(0x66, 0xBA, port & 0xFF, port >> 8);
    }

    Code movAl(int value) {
        return bytes(0xB0, value);
    }

    Code outDxAl() {
        return bytes(0xEE);
    }

    /** outb(port, value) for each value. */
    Code outb(int port, int... values) {
        movDx(port);
        for (int v : values) {
            movAl(v).outDxAl();
        }
        return this;
    }

    Code movEsi(long v) {
        return bytes(0xBE).le32(v);
    }

    Code movEcx(long v) {
        return bytes(0xB9).le32(v);
    }

    Code repOutsb() {
        return bytes(0xF3, 0x6E);
    }

    Code movMemImm32(long address, long value) {
        return bytes(0xC7, 0x05).le32(address).le32(value);
    }

    Code movEaxMem(long address) {
        return bytes(0xA1).le32(address);
    }

    Code movMemEax(long address) {
        return bytes(0xA3).le32(address);
    }

    Code ud2() {
        return bytes(0x0F, 0x0B);
    }

    /** i8042 reset request, then hlt. */
    Code reset() {
        return bytes(0xB0, 0xFE, 0xE6, 0x64, 0xF4);
    }

    /** cli; hlt; jmp back to hlt. */
    Code haltForever() {
        return bytes(0xFA, 0xF4, 0xEB, 0xFD);
    }

    Code spinForever() {
        return bytes(0xEB, 0xFE);
    }

    Code movEbx(long v) {
        return bytes(0xBB).le32(v);
    }

    Code movEbp(long v) {
        return bytes(0xBD).le32(v);
    }

    Code decEbx() {
        return bytes(0x4B);
    }

    Code decEbp() {
        return bytes(0x4D);
    }

    Code inAlDx() {
        return bytes(0xEC);
    }

    /** Where the next instruction goes, relative to the start: a jump target. */
    int here() {
        return out.size();
    }

    /** jnz to {@code target} (from {@link #here()}), rel32. */
    Code jnz(int target) {
        return bytes(0x0F, 0x85).le32(target - (here() + 4));
    }

    /** jmp to {@code target}, rel32. */
    Code jmp(int target) {
        return bytes(0xE9).le32(target - (here() + 4));
    }

    /** Waits until the UART at {@code base} shows THR empty (LSR bit 5), as a polling driver does. */
    Code waitForThre(int base) {
        movDx(base + 5);
        int poll = here();
        inAlDx();
        bytes(0xA8, 0x20);  // test al, 0x20
        return bytes(0x74, (poll - (here() + 2)) & 0xFF);  // jz poll (the offset byte counts from after itself)
    }

    byte[] toBytes() {
        return out.toByteArray();
    }
}
