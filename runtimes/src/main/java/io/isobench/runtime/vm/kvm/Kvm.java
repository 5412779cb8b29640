package io.isobench.runtime.vm.kvm;

import com.sun.jna.Memory;
import com.sun.jna.Native;

import java.nio.file.Path;
import io.isobench.runtime.vm.boot.CpuidEntry;

import java.util.List;

/**
 * The KVM subsystem: an open {@code /dev/kvm}. It answers system-wide questions (API
 * version, capabilities, the CPUID the host can virtualize, the size of a vCPU's shared
 * page) and creates VMs.
 */
public final class Kvm implements AutoCloseable {
    public static final Path DEVICE = Path.of("/dev/kvm");
    /** The only stable KVM API version there has ever been (KVM_API_VERSION). */
    public static final int API_VERSION = 12;
    private static final int MAX_CPUID_ENTRIES = 256;

    private final int fd;
    private boolean closed;

    private Kvm(int fd) {
        this.fd = fd;
    }

    /** Opens /dev/kvm; one sentence when it is missing or not accessible. */
    public static Kvm open() {
        return open(DEVICE);
    }

    public static Kvm open(Path device) {
        int fd = LibC.open(device.toString(), LibC.O_RDWR | LibC.O_CLOEXEC);
        if (fd < 0) {
            int errno = Native.getLastError();
            throw new KvmException("cannot open " + device + ": " + LibC.describe(errno)
                    + (errno == 13 ? " (run as root or join the kvm group)" : ""));
        }
        Kvm kvm = new Kvm(fd);
        int version = kvm.apiVersion();
        if (version != API_VERSION) {
            kvm.close();
            throw new KvmException(device + " speaks KVM API version " + version + ", expected " + API_VERSION);
        }
        return kvm;
    }

    public int apiVersion() {
        return Fds.check(LibC.ioctl(fd, Ioctls.KVM_GET_API_VERSION, 0L), "KVM_GET_API_VERSION");
    }

    /** KVM_CHECK_EXTENSION: 0 when absent, otherwise a capability-specific positive value. */
    public int checkExtension(Capability capability) {
        return Fds.check(LibC.ioctl(fd, Ioctls.KVM_CHECK_EXTENSION, capability.number()), "KVM_CHECK_EXTENSION");
    }

    public boolean has(Capability capability) {
        return checkExtension(capability) > 0;
    }

    /** Bytes to mmap from each vCPU fd: struct kvm_run plus the PIO data page(s). */
    public int vcpuMmapSize() {
        return Fds.check(LibC.ioctl(fd, Ioctls.KVM_GET_VCPU_MMAP_SIZE, 0L), "KVM_GET_VCPU_MMAP_SIZE");
    }

    /** KVM_GET_SUPPORTED_CPUID: every leaf this host's KVM can offer a guest. */
    public List<CpuidEntry> supportedCpuid() {
        Memory table = CpuidTable.allocate(MAX_CPUID_ENTRIES);
        Fds.check(LibC.ioctl(fd, Ioctls.KVM_GET_SUPPORTED_CPUID, table), "KVM_GET_SUPPORTED_CPUID");
        return CpuidTable.decode(table);
    }

    public VmFd createVm() {
        int vmFd = Fds.check(LibC.ioctl(fd, Ioctls.KVM_CREATE_VM, 0L), "KVM_CREATE_VM");
        return new VmFd(vmFd, vcpuMmapSize());
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            LibC.close(fd);
        }
    }
}
