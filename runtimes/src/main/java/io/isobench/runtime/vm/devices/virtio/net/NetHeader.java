package io.isobench.runtime.vm.devices.virtio.net;

/**
 * struct virtio_net_hdr as virtio 1.x lays it out (5.1.6, with VIRTIO_F_VERSION_1 the
 * num_buffers field is always there): 12 bytes before every frame, both directions.
 * <pre>
 *   u8 flags; u8 gso_type; le16 hdr_len; le16 gso_size; le16 csum_start; le16 csum_offset;
 *   le16 num_buffers;
 * </pre>
 * We negotiate no offload, so a received frame gets an all-zero header with num_buffers = 1
 * (5.1.6.3.1: without VIRTIO_NET_F_MRG_RXBUF the device MUST set it to 1), and a sent frame's
 * header must ask for nothing.
 */
final class NetHeader {
    static final int SIZE = 12;
    /** flags: VIRTIO_NET_HDR_F_NEEDS_CSUM (1), F_DATA_VALID (2), F_RSC_INFO (4). */
    static final int FLAGS = 0;
    /** gso_type: VIRTIO_NET_HDR_GSO_NONE is 0. */
    static final int GSO_TYPE = 1;
    static final int NUM_BUFFERS = 10;

    private NetHeader() {
    }

    /** The header the device puts before each received frame. */
    static byte[] forReceive() {
        byte[] h = new byte[SIZE];
        h[NUM_BUFFERS] = 1;
        return h;
    }

    /**
     * Checks a transmit header: no flag and no segmentation, since neither VIRTIO_NET_F_CSUM
     * nor any GSO feature was offered (a frame that relied on them would leave with a wrong
     * checksum or oversized). The length and checksum fields only matter with those features.
     */
    static void checkTransmit(byte[] header) throws Dropped {
        int flags = header[FLAGS] & 0xff;
        int gso = header[GSO_TYPE] & 0xff;
        if (flags != 0 || gso != 0) {
            throw new Dropped(DropReason.TX_OFFLOAD_NOT_NEGOTIATED, "flags " + flags + ", gso_type " + gso);
        }
    }
}
