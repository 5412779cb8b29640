package io.isobench.runtime.vm.devices.virtio.block;

import io.isobench.runtime.vm.memory.Bytes;
import io.isobench.runtime.vm.devices.virtio.Descriptor;
import io.isobench.runtime.vm.devices.virtio.DescriptorChain;
import io.isobench.runtime.vm.devices.virtio.GuestAccessException;
import io.isobench.runtime.vm.devices.virtio.VirtioMemory;

import java.util.List;

/**
 * A virtio-blk request parsed once from its descriptor chain (virtio 1.2, 5.2.6):
 * header {type, reserved, sector} | data buffers... | status byte. Parsing checks
 * everything the guest controls before any byte of the disk is touched.
 */
public record BlockRequest(Type type, long sector, List<Descriptor> data, long dataLength,
                           long statusAddress) {
    public static final int SECTOR = 512;
    static final int HEADER_SIZE = 16;
    /** Bound on one request's data: more than Linux ever sends (max_sectors), far below RAM. */
    static final long MAX_DATA = 32L << 20;
    static final int ID_LENGTH = 20;

    public enum Type {
        IN(0), OUT(1), FLUSH(4), GET_ID(8);

        final int code;

        Type(int code) {
            this.code = code;
        }
    }

    /** Parse failure; {@code statusAddress} is where to report it, or -1 when there is none. */
    public static final class Invalid extends Exception {
        private final RequestError error;
        private final long statusAddress;

        Invalid(RequestError error, long statusAddress, String detail) {
            super(error + ": " + detail);
            this.error = error;
            this.statusAddress = statusAddress;
        }

        public RequestError error() {
            return error;
        }

        public long statusAddress() {
            return statusAddress;
        }
    }

    public static BlockRequest parse(DescriptorChain chain, VirtioMemory memory, long capacitySectors,
                                     boolean readOnly) throws Invalid {
        List<Descriptor> ds = chain.descriptors();
        if (ds.size() < 2) {
            throw new Invalid(RequestError.CHAIN_TOO_SHORT, -1, ds.size() + " descriptor(s)");
        }
        Descriptor status = ds.get(ds.size() - 1);
        if (!status.writable() || status.length() < 1) {
            throw new Invalid(RequestError.BAD_STATUS_DESCRIPTOR, -1, "status length " + status.length());
        }
        // The status byte is the last byte of the last descriptor (5.2.6: "last byte").
        long statusAddress;
        try {
            statusAddress = Math.addExact(status.address(), status.length() - 1);
        } catch (ArithmeticException e) {
            throw new Invalid(RequestError.GUEST_MEMORY, -1, "status address overflows");
        }
        Descriptor header = ds.get(0);
        if (header.writable() || header.length() < HEADER_SIZE) {
            throw new Invalid(RequestError.BAD_HEADER, statusAddress, "header length " + header.length());
        }
        byte[] raw = new byte[HEADER_SIZE];
        try {
            memory.read(header.address(), raw, 0, HEADER_SIZE);
            // Probe the status byte now: a status outside memory means no way to answer.
            memory.read(statusAddress, new byte[1], 0, 1);
        } catch (GuestAccessException e) {
            throw new Invalid(RequestError.GUEST_MEMORY, -1, e.getMessage());
        }
        long typeCode = Bytes.u32(raw, 0);
        long sector = Bytes.u64(raw, 8);
        List<Descriptor> data = ds.subList(1, ds.size() - 1);
        long length = 0;
        for (Descriptor d : data) {
            length += d.length(); // at most 32768 descriptors of < 4 GiB: no overflow in a long
        }
        Type type = switch ((int) typeCode) {
            case 0 -> Type.IN;
            case 1 -> Type.OUT;
            case 4 -> Type.FLUSH;
            case 8 -> Type.GET_ID;
            default -> throw new Invalid(RequestError.UNSUPPORTED_TYPE, statusAddress, "type " + typeCode);
        };
        switch (type) {
            case IN, OUT -> {
                boolean deviceWrites = type == Type.IN;
                for (Descriptor d : data) {
                    if (d.writable() != deviceWrites) {
                        throw new Invalid(RequestError.WRONG_DATA_DIRECTION, statusAddress, type + " buffer");
                    }
                }
                if (type == Type.OUT && readOnly) {
                    throw new Invalid(RequestError.READ_ONLY, statusAddress, "write to a read-only disk");
                }
                if (length % SECTOR != 0) {
                    throw new Invalid(RequestError.DATA_NOT_SECTOR_MULTIPLE, statusAddress, length + " bytes");
                }
                if (length > MAX_DATA) {
                    throw new Invalid(RequestError.DATA_TOO_LARGE, statusAddress, length + " bytes");
                }
                checkRange(sector, length, capacitySectors, statusAddress);
            }
            case GET_ID -> {
                if (data.isEmpty() || data.stream().anyMatch(d -> !d.writable())) {
                    throw new Invalid(RequestError.WRONG_DATA_DIRECTION, statusAddress, "GET_ID buffer");
                }
            }
            case FLUSH -> {
                // Valid on any disk; on a read-only one there is simply nothing to flush.
            }
        }
        return new BlockRequest(type, sector, List.copyOf(data), length, statusAddress);
    }

    private static void checkRange(long sector, long length, long capacitySectors, long statusAddress)
            throws Invalid {
        try {
            long end = Math.addExact(Math.multiplyExact(sector, (long) SECTOR), length);
            if (sector < 0 || end > Math.multiplyExact(capacitySectors, (long) SECTOR)) {
                throw new Invalid(RequestError.OUT_OF_RANGE, statusAddress,
                        "sector " + Long.toUnsignedString(sector) + " + " + length + " bytes");
            }
        } catch (ArithmeticException e) {
            throw new Invalid(RequestError.OUT_OF_RANGE, statusAddress,
                    "sector " + Long.toUnsignedString(sector) + " overflows");
        }
    }
}
