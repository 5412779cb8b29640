package io.isobench.runtime.vm.kvm;

/**
 * Linux ioctl request numbers, computed the way {@code <asm-generic/ioctl.h>} does
 * ({@code _IO/_IOR/_IOW/_IOWR}: 8 bits number, 8 bits type, 14 bits size, 2 bits
 * direction) so each KVM request below reads like its definition in {@code <linux/kvm.h>}.
 * KvmLayoutTest compares every value with the C headers.
 */
public final class Ioctls {
    private static final int NRBITS = 8;
    private static final int TYPEBITS = 8;
    private static final int SIZEBITS = 14;
    private static final int NRSHIFT = 0;
    private static final int TYPESHIFT = NRSHIFT + NRBITS;
    private static final int SIZESHIFT = TYPESHIFT + TYPEBITS;
    private static final int DIRSHIFT = SIZESHIFT + SIZEBITS;
    private static final long NONE = 0;
    private static final long WRITE = 1;
    private static final long READ = 2;

    /** The KVM ioctl type byte. */
    public static final int KVMIO = 0xAE;

    private Ioctls() {
    }

    static long ioc(long dir, int type, int nr, int size) {
        if (size < 0 || size >= 1 << SIZEBITS) {
            throw new IllegalArgumentException("ioctl argument size out of range: " + size);
        }
        return dir << DIRSHIFT | (long) type << TYPESHIFT | (long) nr << NRSHIFT | (long) size << SIZESHIFT;
    }

    public static long io(int type, int nr) {
        return ioc(NONE, type, nr, 0);
    }

    public static long ior(int type, int nr, int size) {
        return ioc(READ, type, nr, size);
    }

    public static long iow(int type, int nr, int size) {
        return ioc(WRITE, type, nr, size);
    }

    public static long iowr(int type, int nr, int size) {
        return ioc(READ | WRITE, type, nr, size);
    }

    // System ioctls (on the /dev/kvm fd).
    public static final long KVM_GET_API_VERSION = io(KVMIO, 0x00);
    public static final long KVM_CREATE_VM = io(KVMIO, 0x01);
    public static final long KVM_GET_MSR_INDEX_LIST = iowr(KVMIO, 0x02, Layouts.KVM_MSR_LIST_HEADER);
    public static final long KVM_CHECK_EXTENSION = io(KVMIO, 0x03);
    public static final long KVM_GET_VCPU_MMAP_SIZE = io(KVMIO, 0x04);
    public static final long KVM_GET_SUPPORTED_CPUID = iowr(KVMIO, 0x05, Layouts.KVM_CPUID2_HEADER);

    // VM ioctls.
    public static final long KVM_CREATE_VCPU = io(KVMIO, 0x41);
    public static final long KVM_SET_USER_MEMORY_REGION = iow(KVMIO, 0x46, Layouts.KVM_USERSPACE_MEMORY_REGION);
    public static final long KVM_SET_TSS_ADDR = io(KVMIO, 0x47);
    public static final long KVM_SET_IDENTITY_MAP_ADDR = iow(KVMIO, 0x48, 8);
    public static final long KVM_CREATE_IRQCHIP = io(KVMIO, 0x60);
    public static final long KVM_IRQ_LINE = iow(KVMIO, 0x61, Layouts.KVM_IRQ_LEVEL);
    public static final long KVM_IRQFD = iow(KVMIO, 0x76, Layouts.KVM_IRQFD);
    public static final long KVM_CREATE_PIT2 = iow(KVMIO, 0x77, Layouts.KVM_PIT_CONFIG);
    public static final long KVM_IOEVENTFD = iow(KVMIO, 0x79, Layouts.KVM_IOEVENTFD);

    // vCPU ioctls.
    public static final long KVM_RUN = io(KVMIO, 0x80);
    public static final long KVM_GET_REGS = ior(KVMIO, 0x81, Layouts.KVM_REGS);
    public static final long KVM_SET_REGS = iow(KVMIO, 0x82, Layouts.KVM_REGS);
    public static final long KVM_GET_SREGS = ior(KVMIO, 0x83, Layouts.KVM_SREGS);
    public static final long KVM_SET_SREGS = iow(KVMIO, 0x84, Layouts.KVM_SREGS);
    public static final long KVM_GET_MSRS = iowr(KVMIO, 0x88, Layouts.KVM_MSRS_HEADER);
    public static final long KVM_SET_MSRS = iow(KVMIO, 0x89, Layouts.KVM_MSRS_HEADER);
    public static final long KVM_SET_FPU = iow(KVMIO, 0x8d, Layouts.KVM_FPU);
    public static final long KVM_GET_LAPIC = ior(KVMIO, 0x8e, Layouts.KVM_LAPIC_STATE);
    public static final long KVM_SET_LAPIC = iow(KVMIO, 0x8f, Layouts.KVM_LAPIC_STATE);
    public static final long KVM_SET_CPUID2 = iow(KVMIO, 0x90, Layouts.KVM_CPUID2_HEADER);
    public static final long KVM_GET_MP_STATE = ior(KVMIO, 0x98, Layouts.KVM_MP_STATE);
}
