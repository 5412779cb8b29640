package io.isobench.runtime.vm.devices.virtio;

/** Little-endian field access in byte arrays (virtio is little-endian on every platform). */
public final class Bytes {
    private Bytes() {
    }

    public static long u32(byte[] b, int off) {
        return (b[off] & 0xffL) | (b[off + 1] & 0xffL) << 8 | (b[off + 2] & 0xffL) << 16
                | (b[off + 3] & 0xffL) << 24;
    }

    public static long u64(byte[] b, int off) {
        return u32(b, off) | u32(b, off + 4) << 32;
    }

    public static void putU32(byte[] b, int off, long v) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    public static void putU64(byte[] b, int off, long v) {
        putU32(b, off, v);
        putU32(b, off + 4, v >>> 32);
    }
}
