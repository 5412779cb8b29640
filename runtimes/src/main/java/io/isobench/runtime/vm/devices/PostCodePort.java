package io.isobench.runtime.vm.devices;

/**
 * Port 0x80, the POST diagnostic port. Firmware writes progress codes here and Linux
 * writes to it as a tiny I/O delay ({@code io_delay=0x80}), so it is hit often: claimed so
 * those writes are handled quietly; the last code is kept for debugging.
 */
public final class PostCodePort implements BusDevice {
    public static final int PORT = 0x80;

    private volatile int lastCode = -1;
    private long writes;

    @Override
    public long read(long offset, int size) {
        return lastCode & 0xFF;
    }

    @Override
    public synchronized void write(long offset, int size, long value) {
        lastCode = (int) (value & 0xFF);
        writes++;
    }

    public int lastCode() {
        return lastCode;
    }

    public synchronized long writes() {
        return writes;
    }
}
