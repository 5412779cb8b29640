package io.isobench.runtime.vm.devices.virtio.net;

import io.isobench.runtime.vm.devices.virtio.Descriptor;
import io.isobench.runtime.vm.devices.virtio.DescriptorChain;
import io.isobench.runtime.vm.devices.virtio.GuestAccessException;
import io.isobench.runtime.vm.devices.virtio.VirtioMemory;

/**
 * Moving one frame between a descriptor chain and a byte array, in either direction (virtio
 * 1.2, 5.1.6): a chain is header + frame laid over any number of buffers. Everything about
 * the chain is checked (direction, total length) before a byte is copied; a chain that fails
 * a check, or points outside guest memory, drops that packet with its {@link DropReason}.
 */
final class Packets {
    /** The smallest frame worth sending: an Ethernet header. */
    static final int ETHERNET_HEADER = 14;

    private Packets() {
    }

    /**
     * Copies a transmit chain's frame into {@code buffer} at {@code headerRoom}, after checking
     * its header against the {@code acked} features; with {@code headerRoom} = 12 the header
     * goes in front (for a backend that takes it), with 0 it is left out.
     *
     * @return the frame's length (without the header)
     */
    static int gather(DescriptorChain chain, VirtioMemory memory, byte[] buffer, int headerRoom, long acked)
            throws Dropped {
        long total = 0;
        for (Descriptor d : chain.descriptors()) {
            if (d.writable()) {
                throw new Dropped(DropReason.TX_WRITABLE_BUFFER, "descriptor of " + d.length() + " bytes");
            }
            total += d.length(); // at most 32768 descriptors of < 4 GiB: no overflow in a long
        }
        if (total < NetHeader.SIZE + ETHERNET_HEADER) {
            throw new Dropped(DropReason.TX_TOO_SHORT, total + " bytes");
        }
        long frameLength = total - NetHeader.SIZE;
        if (frameLength > NetDevice.MAX_FRAME || frameLength > buffer.length - headerRoom) {
            throw new Dropped(DropReason.TX_TOO_LONG, frameLength + " bytes");
        }
        byte[] header = new byte[NetHeader.SIZE];
        try {
            ChainCursor cursor = new ChainCursor(memory, chain.descriptors());
            cursor.read(header, 0, header.length);
            NetHeader.checkTransmit(header, (int) frameLength, acked);
            cursor.read(buffer, headerRoom, (int) frameLength);
        } catch (GuestAccessException | ArithmeticException e) {
            // ArithmeticException: a buffer address + offset past 2^64.
            throw new Dropped(DropReason.GUEST_MEMORY, e.getMessage());
        }
        if (headerRoom == NetHeader.SIZE) {
            System.arraycopy(header, 0, buffer, 0, NetHeader.SIZE);
        }
        return (int) frameLength;
    }

    /**
     * Writes {@code header} and {@code length} bytes of {@code data} from {@code offset} into a
     * receive chain.
     *
     * @return the bytes written (header included): the used-ring length
     */
    static long scatter(DescriptorChain chain, VirtioMemory memory, byte[] header, byte[] data, int offset, int length)
            throws Dropped {
        long capacity = 0;
        for (Descriptor d : chain.descriptors()) {
            if (!d.writable()) {
                throw new Dropped(DropReason.RX_READ_ONLY_BUFFER, "descriptor of " + d.length() + " bytes");
            }
            capacity += d.length();
        }
        long needed = (long) NetHeader.SIZE + length;
        if (capacity < needed) {
            throw new Dropped(DropReason.RX_BUFFER_TOO_SMALL, capacity + " bytes for a " + length + "-byte frame");
        }
        try {
            ChainCursor cursor = new ChainCursor(memory, chain.descriptors());
            cursor.write(header, 0, NetHeader.SIZE);
            cursor.write(data, offset, length);
        } catch (GuestAccessException | ArithmeticException e) {
            throw new Dropped(DropReason.GUEST_MEMORY, e.getMessage());
        }
        return needed;
    }
}
