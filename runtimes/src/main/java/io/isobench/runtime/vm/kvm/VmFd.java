package io.isobench.runtime.vm.kvm;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * One KVM virtual machine: its memory slots, in-kernel interrupt controllers and PIT,
 * interrupt lines and eventfds, and its vCPUs.
 */
public final class VmFd implements AutoCloseable {
    /** kvm_pit_config.flags: emulate the PC speaker port (0x61) in the kernel too. */
    public static final int PIT_SPEAKER_DUMMY = 1;

    private final int fd;
    private final int vcpuMmapSize;
    private boolean closed;

    VmFd(int fd, int vcpuMmapSize) {
        this.fd = fd;
        this.vcpuMmapSize = vcpuMmapSize;
    }

    /**
     * KVM_SET_TSS_ADDR: three pages of guest-physical space (not RAM) that Intel VMX needs
     * for real-mode emulation; must be called before the first vCPU. AMD ignores it.
     */
    public void setTssAddress(long address) {
        Fds.check(LibC.ioctl(fd, Ioctls.KVM_SET_TSS_ADDR, address), "KVM_SET_TSS_ADDR");
    }

    /** KVM_SET_IDENTITY_MAP_ADDR: one page for VMX's real-mode identity map; before the first vCPU. */
    public void setIdentityMapAddress(long address) {
        Memory arg = new Memory(8);
        arg.setLong(0, address);
        Fds.check(LibC.ioctl(fd, Ioctls.KVM_SET_IDENTITY_MAP_ADDR, arg), "KVM_SET_IDENTITY_MAP_ADDR");
    }

    /** KVM_CREATE_IRQCHIP: in-kernel PIC pair, IOAPIC and local APICs (GSIs 0-23). */
    public void createIrqchip() {
        Fds.check(LibC.ioctl(fd, Ioctls.KVM_CREATE_IRQCHIP, 0L), "KVM_CREATE_IRQCHIP");
    }

    /** KVM_CREATE_PIT2: in-kernel i8254 timer (ports 0x40-0x43); after the irqchip. */
    public void createPit2(int flags) {
        Memory arg = new Memory(Layouts.KVM_PIT_CONFIG);
        arg.clear();
        arg.setInt(Layouts.PitConfig.FLAGS, flags);
        Fds.check(LibC.ioctl(fd, Ioctls.KVM_CREATE_PIT2, arg), "KVM_CREATE_PIT2");
    }

    /** KVM_SET_USER_MEMORY_REGION: maps host memory at {@code host} as guest-physical [guestAddress, +size). */
    public void setUserMemoryRegion(int slot, long guestAddress, long size, Pointer host) {
        Memory arg = new Memory(Layouts.KVM_USERSPACE_MEMORY_REGION);
        arg.clear();
        arg.setInt(Layouts.MemoryRegion.SLOT, slot);
        arg.setInt(Layouts.MemoryRegion.FLAGS, 0);
        arg.setLong(Layouts.MemoryRegion.GUEST_PHYS_ADDR, guestAddress);
        arg.setLong(Layouts.MemoryRegion.MEMORY_SIZE, size);
        arg.setLong(Layouts.MemoryRegion.USERSPACE_ADDR, Pointer.nativeValue(host));
        Fds.check(LibC.ioctl(fd, Ioctls.KVM_SET_USER_MEMORY_REGION, arg), "KVM_SET_USER_MEMORY_REGION");
    }

    /** KVM_IRQ_LINE: drives an interrupt line (GSI) of the in-kernel irqchip high or low. */
    public void irqLine(int gsi, boolean high) {
        Memory arg = new Memory(Layouts.KVM_IRQ_LEVEL);
        arg.setInt(Layouts.IrqLevel.IRQ, gsi);
        arg.setInt(Layouts.IrqLevel.LEVEL, high ? 1 : 0);
        Fds.check(LibC.ioctl(fd, Ioctls.KVM_IRQ_LINE, arg), "KVM_IRQ_LINE");
    }

    /** KVM_IRQFD: a write to {@code eventfd} injects an edge on {@code gsi} without a vCPU exit. */
    public void registerIrqfd(int eventfd, int gsi) {
        Memory arg = new Memory(Layouts.KVM_IRQFD);
        arg.clear();
        arg.setInt(Layouts.Irqfd.FD, eventfd);
        arg.setInt(Layouts.Irqfd.GSI, gsi);
        Fds.check(LibC.ioctl(fd, Ioctls.KVM_IRQFD, arg), "KVM_IRQFD");
    }

    /**
     * KVM_IOEVENTFD (MMIO, any value): a guest write of {@code length} bytes at
     * {@code address} signals {@code eventfd} inside the kernel instead of exiting to us.
     */
    public void registerIoeventfd(int eventfd, long address, int length) {
        Memory arg = new Memory(Layouts.KVM_IOEVENTFD);
        arg.clear();
        arg.setLong(Layouts.Ioeventfd.ADDR, address);
        arg.setInt(Layouts.Ioeventfd.LEN, length);
        arg.setInt(Layouts.Ioeventfd.FD, eventfd);
        Fds.check(LibC.ioctl(fd, Ioctls.KVM_IOEVENTFD, arg), "KVM_IOEVENTFD");
    }

    /** KVM_CREATE_VCPU and the mmap of its kvm_run page. */
    public VcpuFd createVcpu(int id) {
        int vcpu = Fds.check(LibC.ioctl(fd, Ioctls.KVM_CREATE_VCPU, id), "KVM_CREATE_VCPU");
        Pointer run = LibC.mmap(null, vcpuMmapSize, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED, vcpu, 0);
        if (LibC.failed(run)) {
            int errno = Native.getLastError();
            LibC.close(vcpu);
            throw new KvmException("mmap of the vCPU's kvm_run page", errno);
        }
        return new VcpuFd(id, vcpu, run, vcpuMmapSize);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            LibC.close(fd);
        }
    }
}
