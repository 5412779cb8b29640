package io.isobench.runtime.vm.devices.virtio;

/**
 * One split-virtqueue descriptor as the guest wrote it (virtio 1.2, 2.7.5): a buffer at
 * {@code address} of {@code length} bytes, device-writable when {@link #writable()}.
 */
public record Descriptor(long address, long length, int flags, int next) {
    public static final int SIZE = 16;
    static final int F_NEXT = 1;
    static final int F_WRITE = 2;
    static final int F_INDIRECT = 4;

    public boolean hasNext() {
        return (flags & F_NEXT) != 0;
    }

    public boolean writable() {
        return (flags & F_WRITE) != 0;
    }

    public boolean indirect() {
        return (flags & F_INDIRECT) != 0;
    }
}
