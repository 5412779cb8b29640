package io.isobench.runtime.vm.kvm;

/**
 * Byte sizes and field offsets of the KVM structures the monitor passes to the kernel
 * (x86-64, {@code <linux/kvm.h>}). Written out by hand instead of derived from JNA
 * structures so every number here can be read next to the header and is checked against it
 * by KvmLayoutTest (which compiles a C program printing sizeof/offsetof).
 */
public final class Layouts {
    private Layouts() {
    }

    public static final int KVM_REGS = 144;
    public static final int KVM_SREGS = 312;
    public static final int KVM_SEGMENT = 24;
    public static final int KVM_DTABLE = 16;
    public static final int KVM_USERSPACE_MEMORY_REGION = 32;
    public static final int KVM_PIT_CONFIG = 64;
    public static final int KVM_IRQ_LEVEL = 8;
    public static final int KVM_IRQFD = 32;
    public static final int KVM_IOEVENTFD = 64;
    public static final int KVM_MSRS_HEADER = 8;
    public static final int KVM_MSR_ENTRY = 16;
    public static final int KVM_MSR_LIST_HEADER = 4;
    public static final int KVM_CPUID2_HEADER = 8;
    public static final int KVM_CPUID_ENTRY2 = 40;
    public static final int KVM_LAPIC_STATE = 1024;
    public static final int KVM_FPU = 416;
    public static final int KVM_MP_STATE = 4;

    /** struct kvm_fpu (legacy x87/SSE state for KVM_SET_FPU). */
    public static final class Fpu {
        public static final int FCW = 128;
        public static final int MXCSR = 408;

        private Fpu() {
        }
    }

    /** struct kvm_regs: 18 u64 in this order (see {@link Regs.Register}). */
    public static final class Regs {
        public static final int RIP = 128;
        public static final int RFLAGS = 136;

        private Regs() {
        }
    }

    /** struct kvm_segment. */
    public static final class Segment {
        public static final int BASE = 0;
        public static final int LIMIT = 8;
        public static final int SELECTOR = 12;
        public static final int TYPE = 14;
        public static final int PRESENT = 15;
        public static final int DPL = 16;
        public static final int DB = 17;
        public static final int S = 18;
        public static final int L = 19;
        public static final int G = 20;
        public static final int AVL = 21;
        public static final int UNUSABLE = 22;

        private Segment() {
        }
    }

    /** struct kvm_dtable. */
    public static final class Dtable {
        public static final int BASE = 0;
        public static final int LIMIT = 8;

        private Dtable() {
        }
    }

    /** struct kvm_sregs: eight segments, two tables, control registers, interrupt bitmap. */
    public static final class Sregs {
        public static final int CS = 0;
        public static final int DS = 24;
        public static final int ES = 48;
        public static final int FS = 72;
        public static final int GS = 96;
        public static final int SS = 120;
        public static final int TR = 144;
        public static final int LDT = 168;
        public static final int GDT = 192;
        public static final int IDT = 208;
        public static final int CR0 = 224;
        public static final int CR2 = 232;
        public static final int CR3 = 240;
        public static final int CR4 = 248;
        public static final int CR8 = 256;
        public static final int EFER = 264;
        public static final int APIC_BASE = 272;
        public static final int INTERRUPT_BITMAP = 280;

        private Sregs() {
        }
    }

    /** struct kvm_userspace_memory_region. */
    public static final class MemoryRegion {
        public static final int SLOT = 0;
        public static final int FLAGS = 4;
        public static final int GUEST_PHYS_ADDR = 8;
        public static final int MEMORY_SIZE = 16;
        public static final int USERSPACE_ADDR = 24;

        private MemoryRegion() {
        }
    }

    /** struct kvm_pit_config. */
    public static final class PitConfig {
        public static final int FLAGS = 0;

        private PitConfig() {
        }
    }

    /** struct kvm_irq_level. */
    public static final class IrqLevel {
        public static final int IRQ = 0;
        public static final int LEVEL = 4;

        private IrqLevel() {
        }
    }

    /** struct kvm_irqfd. */
    public static final class Irqfd {
        public static final int FD = 0;
        public static final int GSI = 4;
        public static final int FLAGS = 8;
        public static final int RESAMPLEFD = 12;

        private Irqfd() {
        }
    }

    /** struct kvm_ioeventfd. */
    public static final class Ioeventfd {
        public static final int DATAMATCH = 0;
        public static final int ADDR = 8;
        public static final int LEN = 16;
        public static final int FD = 20;
        public static final int FLAGS = 24;

        private Ioeventfd() {
        }
    }

    /** struct kvm_msrs (header) and struct kvm_msr_entry. */
    public static final class Msrs {
        public static final int NMSRS = 0;
        public static final int ENTRIES = 8;
        public static final int ENTRY_INDEX = 0;
        public static final int ENTRY_DATA = 8;

        private Msrs() {
        }
    }

    /** struct kvm_cpuid2 (header) and struct kvm_cpuid_entry2. */
    public static final class Cpuid {
        public static final int NENT = 0;
        public static final int ENTRIES = 8;
        public static final int ENTRY_FUNCTION = 0;
        public static final int ENTRY_INDEX = 4;
        public static final int ENTRY_FLAGS = 8;
        public static final int ENTRY_EAX = 12;
        public static final int ENTRY_EBX = 16;
        public static final int ENTRY_ECX = 20;
        public static final int ENTRY_EDX = 24;

        private Cpuid() {
        }
    }

    /** struct kvm_run: the shared page of each vCPU (only the fields the monitor reads). */
    public static final class Run {
        public static final int REQUEST_INTERRUPT_WINDOW = 0;
        public static final int IMMEDIATE_EXIT = 1;
        public static final int EXIT_REASON = 8;
        public static final int READY_FOR_INTERRUPT_INJECTION = 12;
        public static final int IF_FLAG = 13;
        /** Start of the per-exit-reason union. */
        public static final int EXIT_UNION = 32;
        public static final int IO_DIRECTION = 32;
        public static final int IO_SIZE = 33;
        public static final int IO_PORT = 34;
        public static final int IO_COUNT = 36;
        public static final int IO_DATA_OFFSET = 40;
        public static final int MMIO_PHYS_ADDR = 32;
        public static final int MMIO_DATA = 40;
        public static final int MMIO_LEN = 48;
        public static final int MMIO_IS_WRITE = 52;
        public static final int FAIL_ENTRY_REASON = 32;
        public static final int FAIL_ENTRY_CPU = 40;
        public static final int INTERNAL_SUBERROR = 32;
        public static final int INTERNAL_NDATA = 36;
        public static final int INTERNAL_DATA = 40;
        public static final int SYSTEM_EVENT_TYPE = 32;
        public static final int SYSTEM_EVENT_NDATA = 36;
        public static final int SYSTEM_EVENT_DATA = 40;

        private Run() {
        }
    }

    /** glibc's struct sigaction on x86-64 (for the vCPU kick signal). */
    public static final class Sigaction {
        public static final int SIZE = 152;
        public static final int HANDLER = 0;
        public static final int MASK = 8;
        public static final int FLAGS = 136;
        public static final int RESTORER = 144;

        private Sigaction() {
        }
    }
}
