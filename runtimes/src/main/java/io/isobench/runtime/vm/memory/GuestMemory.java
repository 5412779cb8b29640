package io.isobench.runtime.vm.memory;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.isobench.runtime.vm.boot.RamLayout;
import io.isobench.runtime.vm.devices.virtio.GuestAccessException;
import io.isobench.runtime.vm.devices.virtio.VirtioMemory;
import io.isobench.runtime.vm.kvm.KvmException;
import io.isobench.runtime.vm.kvm.LibC;
import io.isobench.runtime.vm.kvm.VmFd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Guest RAM: one anonymous host mapping per {@link RamLayout} region (below the 3-4 GiB
 * MMIO hole, and above 4 GiB), registered with KVM as one memory slot each. Mappings are
 * MAP_NORESERVE: the host commits a page only when the guest (or we) touch it, which is
 * what {@link #touchedBytes()} measures.
 *
 * <p>Every access from the monitor goes through {@link #read}/{@link #write}, which accept
 * a range only when it lies entirely inside one region, checked with overflow-safe
 * arithmetic: guest addresses and lengths are untrusted.
 */
public final class GuestMemory implements VirtioMemory, AutoCloseable {
    /** One region of guest RAM and the host memory behind it. */
    public record Mapping(long guestAddress, long size, Pointer host) {
        boolean contains(long address, long length) {
            // address + length may overflow: compare against end - length instead.
            return length >= 0 && address >= guestAddress && address - guestAddress <= size - length;
        }
    }

    private final RamLayout layout;
    private final List<Mapping> mappings;
    private volatile boolean closed;

    private GuestMemory(RamLayout layout, List<Mapping> mappings) {
        this.layout = layout;
        this.mappings = List.copyOf(mappings);
    }

    /** Maps host memory for every region of {@code layout}; nothing is committed yet. */
    public static GuestMemory allocate(RamLayout layout) {
        List<Mapping> mappings = new ArrayList<>();
        try {
            for (RamLayout.Region r : layout.regions()) {
                Pointer host = LibC.mmap(null, r.size(), LibC.PROT_READ | LibC.PROT_WRITE,
                        LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS | LibC.MAP_NORESERVE, -1, 0);
                if (LibC.failed(host)) {
                    throw new KvmException("mmap of " + r.size() / RamLayout.MIB + " MiB of guest memory", Native.getLastError());
                }
                mappings.add(new Mapping(r.guestAddress(), r.size(), host));
            }
        } catch (RuntimeException e) {
            mappings.forEach(m -> LibC.munmap(m.host(), m.size()));
            throw e;
        }
        return new GuestMemory(layout, mappings);
    }

    /** Makes each region guest-physical memory of {@code vm} (slots 0, 1, ...). */
    public void registerWith(VmFd vm) {
        for (int slot = 0; slot < mappings.size(); slot++) {
            Mapping m = mappings.get(slot);
            vm.setUserMemoryRegion(slot, m.guestAddress(), m.size(), m.host());
        }
    }

    public RamLayout layout() {
        return layout;
    }

    public List<Mapping> mappings() {
        return mappings;
    }

    /** Guest RAM size in bytes. */
    public long size() {
        return layout.bytes();
    }

    @Override
    public void read(long guestAddress, byte[] into, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, into.length);
        Mapping m = find(guestAddress, length);
        m.host().read(guestAddress - m.guestAddress(), into, offset, length);
    }

    @Override
    public void write(long guestAddress, byte[] from, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, from.length);
        Mapping m = find(guestAddress, length);
        m.host().write(guestAddress - m.guestAddress(), from, offset, length);
    }

    /**
     * The file read straight into the host mapping (pread into a direct window over it): one
     * copy, by the kernel, and nothing in the heap or the C heap. Through a heap piece it was
     * three copies (file to the JDK's cached 1 MiB direct buffer, to the heap array, through
     * JNA to guest RAM), and the 1 MiB pieces stayed behind in the old generation and the C
     * heap of every monitor (docs/vm-monitor.md, "The monitor's footprint").
     */
    @Override
    public void fill(long guestAddress, FileChannel file, long position, long length) throws IOException {
        Mapping m = find(guestAddress, length);
        long offset = guestAddress - m.guestAddress();
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(1 << 30, length - done);
            ByteBuffer window = m.host().getByteBuffer(offset + done, n);
            VirtioMemory.readFully(file, window, position + done);
            done += n;
        }
    }

    /** True when [guestAddress, guestAddress + length) is guest RAM, inside one region. */
    @Override
    public boolean contains(long guestAddress, long length) {
        for (Mapping m : mappings) {
            if (m.contains(guestAddress, length)) {
                return true;
            }
        }
        return false;
    }

    private Mapping find(long guestAddress, long length) {
        if (closed) {
            throw new IllegalStateException("guest memory is already released");
        }
        for (Mapping m : mappings) {
            if (m.contains(guestAddress, length)) {
                return m;
            }
        }
        throw new GuestAccessException(String.format("guest range [0x%x, +0x%x) is not inside guest RAM", guestAddress, length));
    }

    /**
     * Host memory the guest has actually touched: pages of the mappings that are resident
     * (mincore). This is VmStats.touchedBytes; with MAP_NORESERVE it is what the VM costs.
     */
    public long touchedBytes() {
        long page = LibC.getpagesize();
        long chunk = 1L << 30;  // bounded vector: 256 Ki entries per GiB of 4 KiB pages
        long resident = 0;
        for (Mapping m : mappings) {
            for (long off = 0; off < m.size(); off += chunk) {
                long len = Math.min(chunk, m.size() - off);
                byte[] vec = new byte[(int) ((len + page - 1) / page)];
                if (LibC.mincore(m.host().share(off), len, vec) != 0) {
                    throw new KvmException("mincore over guest memory", Native.getLastError());
                }
                for (byte b : vec) {
                    resident += b & 1;
                }
            }
        }
        return resident * page;
    }

    /**
     * Offers every region to KSM (MADV_MERGEABLE): identical pages of several VMs (the same
     * guest kernel, the same initramfs) may then share one host page once KSM runs.
     */
    public void markMergeable() {
        for (Mapping m : mappings) {
            if (LibC.madvise(m.host(), m.size(), LibC.MADV_MERGEABLE) != 0) {
                throw new KvmException("madvise(MADV_MERGEABLE) over guest memory", Native.getLastError());
            }
        }
    }

    /** Where guest RAM lies in this process (for {@link GuestMemoryMap}: measured from outside). */
    public GuestMemoryMap map(long pid) {
        return new GuestMemoryMap(pid, mappings.stream()
                .map(m -> new GuestMemoryMap.Range(Pointer.nativeValue(m.host()), m.size())).toList());
    }

    /** Unmaps guest RAM; call after the VM (and its vCPUs) are gone. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            mappings.forEach(m -> LibC.munmap(m.host(), m.size()));
        }
    }
}
