package io.isobench.runtime.vm.devices.virtio.net;

/**
 * struct virtio_net_hdr as virtio 1.x lays it out (5.1.6, with VIRTIO_F_VERSION_1 the
 * num_buffers field is always there): 12 bytes before every frame, both directions.
 * <pre>
 *   u8 flags; u8 gso_type; le16 hdr_len; le16 gso_size; le16 csum_start; le16 csum_offset;
 *   le16 num_buffers;
 * </pre>
 * Which flags and segmentation types are allowed depends on the features the driver
 * accepted; anything else in a guest's header drops the frame. A tap opened with
 * IFF_VNET_HDR and TUNSETVNETHDRSZ 12 reads and writes the same layout, so with offloads the
 * header passes between guest and tap after these checks.
 */
final class NetHeader {
    static final int SIZE = 12;
    static final int FLAGS = 0;
    static final int GSO_TYPE = 1;
    static final int GSO_SIZE = 4;
    static final int CSUM_START = 6;
    static final int CSUM_OFFSET = 8;
    static final int NUM_BUFFERS = 10;
    static final int F_NEEDS_CSUM = 1;
    static final int F_DATA_VALID = 2;
    static final int GSO_NONE = 0;
    static final int GSO_TCPV4 = 1;
    static final int GSO_TCPV6 = 4;

    private NetHeader() {
    }

    /**
     * Checks a transmit header against what was negotiated: VIRTIO_NET_HDR_F_NEEDS_CSUM only
     * with VIRTIO_NET_F_CSUM, and then a checksum position inside the frame; TCPv4/TCPv6
     * segmentation only with HOST_TSO4/HOST_TSO6, and then a non-zero segment size; nothing
     * else (no ECN, UDP or other flags, none offered).
     */
    static void checkTransmit(byte[] h, int frameLength, long acked) throws Dropped {
        int flags = h[FLAGS] & 0xff;
        int gso = h[GSO_TYPE] & 0xff;
        boolean csum = (acked & NetDevice.F_CSUM) != 0;
        if ((flags & ~(csum ? F_NEEDS_CSUM : 0)) != 0) {
            throw new Dropped(DropReason.TX_OFFLOAD_NOT_NEGOTIATED, "flags " + flags);
        }
        if (!(gso == GSO_NONE || gso == GSO_TCPV4 && (acked & NetDevice.F_HOST_TSO4) != 0
                || gso == GSO_TCPV6 && (acked & NetDevice.F_HOST_TSO6) != 0)) {
            throw new Dropped(DropReason.TX_OFFLOAD_NOT_NEGOTIATED, "gso_type " + gso);
        }
        if (gso != GSO_NONE && u16(h, GSO_SIZE) == 0) {
            throw new Dropped(DropReason.TX_BAD_HEADER, "segmentation with gso_size 0");
        }
        if ((flags & F_NEEDS_CSUM) != 0 && u16(h, CSUM_START) + u16(h, CSUM_OFFSET) + 2 > frameLength) {
            throw new Dropped(DropReason.TX_BAD_HEADER, "checksum at " + u16(h, CSUM_START) + "+"
                    + u16(h, CSUM_OFFSET) + " outside a " + frameLength + "-byte frame");
        }
    }

    /**
     * The header the guest gets with a received frame. Without offloads ({@code fromHost}
     * null) all zero; with them, the tap's header, checked against what the driver accepted
     * (the tap was told the same with TUNSETOFFLOAD, so a mismatch is a frame queued before a
     * renegotiation). Always num_buffers = 1: VIRTIO_NET_F_MRG_RXBUF is not offered
     * (5.1.6.3.1).
     */
    static byte[] forReceive(byte[] fromHost, long acked) throws Dropped {
        byte[] h = fromHost == null ? new byte[SIZE] : fromHost.clone();
        boolean csum = (acked & NetDevice.F_GUEST_CSUM) != 0;
        int flags = h[FLAGS] & 0xff;
        if (!csum) {
            flags &= ~F_DATA_VALID; // only meaningful, and only allowed, with GUEST_CSUM
        }
        if ((flags & ~(csum ? F_NEEDS_CSUM | F_DATA_VALID : 0)) != 0) {
            throw new Dropped(DropReason.RX_OFFLOAD_NOT_NEGOTIATED, "flags " + flags);
        }
        int gso = h[GSO_TYPE] & 0xff;
        if (!(gso == GSO_NONE || gso == GSO_TCPV4 && (acked & NetDevice.F_GUEST_TSO4) != 0
                || gso == GSO_TCPV6 && (acked & NetDevice.F_GUEST_TSO6) != 0)) {
            throw new Dropped(DropReason.RX_OFFLOAD_NOT_NEGOTIATED, "gso_type " + gso);
        }
        h[FLAGS] = (byte) flags;
        h[NUM_BUFFERS] = 1;
        h[NUM_BUFFERS + 1] = 0;
        return h;
    }

    static int u16(byte[] h, int offset) {
        return (h[offset] & 0xff) | (h[offset + 1] & 0xff) << 8;
    }
}
