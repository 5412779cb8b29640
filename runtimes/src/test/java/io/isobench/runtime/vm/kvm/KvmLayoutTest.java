package io.isobench.runtime.vm.kvm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every struct size, field offset, ioctl number and constant the bindings hard-code is
 * compared with what gcc computes from the installed kernel headers ({@code <linux/kvm.h>},
 * package linux-libc-dev): one C program prints them all, one assertion lists every mismatch.
 */
class KvmLayoutTest {
    private final Map<String, Long> expectations = new LinkedHashMap<>();

    private void check(String cExpression, long javaValue) {
        expectations.put(cExpression, javaValue);
    }

    private void offsets(String struct, Object... fieldAndOffset) {
        for (int i = 0; i < fieldAndOffset.length; i += 2) {
            check("offsetof(struct " + struct + ", " + fieldAndOffset[i] + ")", ((Number) fieldAndOffset[i + 1]).longValue());
        }
    }

    @Test
    void layoutsIoctlsAndConstantsMatchTheKernelHeaders(@TempDir Path dir) throws Exception {
        check("sizeof(struct kvm_regs)", Layouts.KVM_REGS);
        check("sizeof(struct kvm_sregs)", Layouts.KVM_SREGS);
        check("sizeof(struct kvm_segment)", Layouts.KVM_SEGMENT);
        check("sizeof(struct kvm_dtable)", Layouts.KVM_DTABLE);
        check("sizeof(struct kvm_userspace_memory_region)", Layouts.KVM_USERSPACE_MEMORY_REGION);
        check("sizeof(struct kvm_pit_config)", Layouts.KVM_PIT_CONFIG);
        check("sizeof(struct kvm_irq_level)", Layouts.KVM_IRQ_LEVEL);
        check("sizeof(struct kvm_irqfd)", Layouts.KVM_IRQFD);
        check("sizeof(struct kvm_ioeventfd)", Layouts.KVM_IOEVENTFD);
        check("sizeof(struct kvm_msrs)", Layouts.KVM_MSRS_HEADER);
        check("sizeof(struct kvm_msr_entry)", Layouts.KVM_MSR_ENTRY);
        check("sizeof(struct kvm_msr_list)", Layouts.KVM_MSR_LIST_HEADER);
        check("sizeof(struct kvm_cpuid2)", Layouts.KVM_CPUID2_HEADER);
        check("sizeof(struct kvm_cpuid_entry2)", Layouts.KVM_CPUID_ENTRY2);
        check("sizeof(struct kvm_lapic_state)", Layouts.KVM_LAPIC_STATE);
        check("sizeof(struct kvm_fpu)", Layouts.KVM_FPU);
        check("sizeof(struct kvm_mp_state)", Layouts.KVM_MP_STATE);
        offsets("kvm_fpu", "fcw", Layouts.Fpu.FCW, "mxcsr", Layouts.Fpu.MXCSR);
        check("sizeof(struct sigaction)", Layouts.Sigaction.SIZE);

        for (Regs.Register r : Regs.Register.values()) {
            check("offsetof(struct kvm_regs, " + r.name().toLowerCase() + ")", r.offset());
        }
        check("offsetof(struct kvm_regs, rip)", Layouts.Regs.RIP);
        check("offsetof(struct kvm_regs, rflags)", Layouts.Regs.RFLAGS);
        offsets("kvm_segment", "base", Layouts.Segment.BASE, "limit", Layouts.Segment.LIMIT,
                "selector", Layouts.Segment.SELECTOR, "type", Layouts.Segment.TYPE, "present", Layouts.Segment.PRESENT,
                "dpl", Layouts.Segment.DPL, "db", Layouts.Segment.DB, "s", Layouts.Segment.S, "l", Layouts.Segment.L,
                "g", Layouts.Segment.G, "avl", Layouts.Segment.AVL, "unusable", Layouts.Segment.UNUSABLE);
        offsets("kvm_dtable", "base", Layouts.Dtable.BASE, "limit", Layouts.Dtable.LIMIT);
        for (Sregs.SegmentRegister s : Sregs.SegmentRegister.values()) {
            check("offsetof(struct kvm_sregs, " + s.name().toLowerCase() + ")", s.offset);
        }
        for (Sregs.ControlRegister c : Sregs.ControlRegister.values()) {
            check("offsetof(struct kvm_sregs, " + c.name().toLowerCase() + ")", c.offset);
        }
        for (Sregs.Table t : Sregs.Table.values()) {
            check("offsetof(struct kvm_sregs, " + t.name().toLowerCase() + ")", t.offset);
        }
        offsets("kvm_sregs", "interrupt_bitmap", Layouts.Sregs.INTERRUPT_BITMAP);
        offsets("kvm_userspace_memory_region", "slot", Layouts.MemoryRegion.SLOT, "flags", Layouts.MemoryRegion.FLAGS,
                "guest_phys_addr", Layouts.MemoryRegion.GUEST_PHYS_ADDR, "memory_size", Layouts.MemoryRegion.MEMORY_SIZE,
                "userspace_addr", Layouts.MemoryRegion.USERSPACE_ADDR);
        offsets("kvm_pit_config", "flags", Layouts.PitConfig.FLAGS);
        offsets("kvm_irq_level", "irq", Layouts.IrqLevel.IRQ, "level", Layouts.IrqLevel.LEVEL);
        offsets("kvm_irqfd", "fd", Layouts.Irqfd.FD, "gsi", Layouts.Irqfd.GSI, "flags", Layouts.Irqfd.FLAGS,
                "resamplefd", Layouts.Irqfd.RESAMPLEFD);
        offsets("kvm_ioeventfd", "datamatch", Layouts.Ioeventfd.DATAMATCH, "addr", Layouts.Ioeventfd.ADDR,
                "len", Layouts.Ioeventfd.LEN, "fd", Layouts.Ioeventfd.FD, "flags", Layouts.Ioeventfd.FLAGS);
        offsets("kvm_msrs", "nmsrs", Layouts.Msrs.NMSRS, "entries", Layouts.Msrs.ENTRIES);
        offsets("kvm_msr_entry", "index", Layouts.Msrs.ENTRY_INDEX, "data", Layouts.Msrs.ENTRY_DATA);
        offsets("kvm_cpuid2", "nent", Layouts.Cpuid.NENT, "entries", Layouts.Cpuid.ENTRIES);
        offsets("kvm_cpuid_entry2", "function", Layouts.Cpuid.ENTRY_FUNCTION, "index", Layouts.Cpuid.ENTRY_INDEX,
                "flags", Layouts.Cpuid.ENTRY_FLAGS, "eax", Layouts.Cpuid.ENTRY_EAX, "ebx", Layouts.Cpuid.ENTRY_EBX,
                "ecx", Layouts.Cpuid.ENTRY_ECX, "edx", Layouts.Cpuid.ENTRY_EDX);
        offsets("kvm_run", "request_interrupt_window", Layouts.Run.REQUEST_INTERRUPT_WINDOW,
                "immediate_exit", Layouts.Run.IMMEDIATE_EXIT, "exit_reason", Layouts.Run.EXIT_REASON,
                "ready_for_interrupt_injection", Layouts.Run.READY_FOR_INTERRUPT_INJECTION, "if_flag", Layouts.Run.IF_FLAG,
                "io", Layouts.Run.EXIT_UNION,
                "io.direction", Layouts.Run.IO_DIRECTION, "io.size", Layouts.Run.IO_SIZE, "io.port", Layouts.Run.IO_PORT,
                "io.count", Layouts.Run.IO_COUNT, "io.data_offset", Layouts.Run.IO_DATA_OFFSET,
                "mmio.phys_addr", Layouts.Run.MMIO_PHYS_ADDR, "mmio.data", Layouts.Run.MMIO_DATA,
                "mmio.len", Layouts.Run.MMIO_LEN, "mmio.is_write", Layouts.Run.MMIO_IS_WRITE,
                "fail_entry.hardware_entry_failure_reason", Layouts.Run.FAIL_ENTRY_REASON,
                "fail_entry.cpu", Layouts.Run.FAIL_ENTRY_CPU,
                "internal.suberror", Layouts.Run.INTERNAL_SUBERROR, "internal.ndata", Layouts.Run.INTERNAL_NDATA,
                "internal.data", Layouts.Run.INTERNAL_DATA,
                "system_event.type", Layouts.Run.SYSTEM_EVENT_TYPE, "system_event.ndata", Layouts.Run.SYSTEM_EVENT_NDATA,
                "system_event.data", Layouts.Run.SYSTEM_EVENT_DATA);
        offsets("sigaction", "sa_handler", Layouts.Sigaction.HANDLER, "sa_mask", Layouts.Sigaction.MASK,
                "sa_flags", Layouts.Sigaction.FLAGS, "sa_restorer", Layouts.Sigaction.RESTORER);

        for (String name : List.of("KVM_GET_API_VERSION", "KVM_CREATE_VM", "KVM_GET_MSR_INDEX_LIST", "KVM_CHECK_EXTENSION",
                "KVM_GET_VCPU_MMAP_SIZE", "KVM_GET_SUPPORTED_CPUID", "KVM_CREATE_VCPU", "KVM_SET_USER_MEMORY_REGION",
                "KVM_SET_TSS_ADDR", "KVM_SET_IDENTITY_MAP_ADDR", "KVM_CREATE_IRQCHIP", "KVM_IRQ_LINE", "KVM_IRQFD",
                "KVM_CREATE_PIT2", "KVM_IOEVENTFD", "KVM_RUN", "KVM_GET_REGS", "KVM_SET_REGS", "KVM_GET_SREGS",
                "KVM_SET_SREGS", "KVM_GET_MSRS", "KVM_SET_MSRS", "KVM_SET_FPU", "KVM_GET_LAPIC", "KVM_SET_LAPIC", "KVM_SET_CPUID2",
                "KVM_GET_MP_STATE")) {
            check("(unsigned long)" + name, (Long) Ioctls.class.getField(name).get(null));
        }
        for (ExitReason r : ExitReason.values()) {
            if (r != ExitReason.OTHER) {
                check("KVM_EXIT_" + r.name(), r.code());
            }
        }
        for (Capability c : Capability.values()) {
            check("KVM_CAP_" + c.name(), c.number());
        }
        check("KVM_API_VERSION", Kvm.API_VERSION);
        check("KVM_PIT_SPEAKER_DUMMY", VmFd.PIT_SPEAKER_DUMMY);
        check("KVM_CPUID_FLAG_SIGNIFCANT_INDEX", io.isobench.runtime.vm.boot.CpuidEntry.FLAG_SIGNIFICANT_INDEX);
        check("KVM_SYSTEM_EVENT_SHUTDOWN", SystemEvent.SHUTDOWN);
        check("KVM_SYSTEM_EVENT_RESET", SystemEvent.RESET);
        check("KVM_SYSTEM_EVENT_CRASH", SystemEvent.CRASH);
        check("KVM_EXIT_IO_IN", KvmRun.IO_IN);
        check("KVM_EXIT_IO_OUT", KvmRun.IO_OUT);
        check("KVM_MP_STATE_RUNNABLE", VcpuFd.MP_STATE_RUNNABLE);
        check("KVM_MP_STATE_UNINITIALIZED", VcpuFd.MP_STATE_UNINITIALIZED);
        check("KVM_MP_STATE_INIT_RECEIVED", VcpuFd.MP_STATE_INIT_RECEIVED);
        check("KVM_MP_STATE_HALTED", VcpuFd.MP_STATE_HALTED);
        check("KVM_MP_STATE_SIPI_RECEIVED", VcpuFd.MP_STATE_SIPI_RECEIVED);
        for (String name : List.of("O_RDWR", "O_CLOEXEC", "PROT_READ", "PROT_WRITE", "MAP_SHARED", "MAP_PRIVATE",
                "MAP_ANONYMOUS", "MAP_NORESERVE", "EINTR", "EAGAIN", "EFD_CLOEXEC", "EFD_NONBLOCK", "SA_SIGINFO",
                "SA_RESTART", "SA_ONSTACK")) {
            check(name, ((Number) LibC.class.getField(name).get(null)).longValue());
        }

        Map<String, Long> actual = fromC(dir);
        List<String> mismatches = new ArrayList<>();
        expectations.forEach((expr, javaValue) -> {
            Long c = actual.get(expr);
            if (!javaValue.equals(c)) {
                mismatches.add(expr + ": java " + javaValue + ", C " + c);
            }
        });
        assertTrue(mismatches.isEmpty(), "layouts differ from <linux/kvm.h>:\n" + String.join("\n", mismatches));
        assertEquals(expectations.size(), actual.size());
    }

    private Map<String, Long> fromC(Path dir) throws IOException, InterruptedException {
        StringBuilder c = new StringBuilder("""
                #define _GNU_SOURCE
                #include <stdio.h>
                #include <stddef.h>
                #include <fcntl.h>
                #include <errno.h>
                #include <signal.h>
                #include <sys/mman.h>
                #include <sys/eventfd.h>
                #include <linux/kvm.h>
                int main(void) {
                """);
        int i = 0;
        for (String expr : expectations.keySet()) {
            c.append("  printf(\"%d %ld\\n\", ").append(i++).append(", (long)(").append(expr).append("));\n");
        }
        c.append("  return 0;\n}\n");
        Path src = dir.resolve("layouts.c");
        Path bin = dir.resolve("layouts");
        Files.writeString(src, c);
        Process gcc = new ProcessBuilder("gcc", "-o", bin.toString(), src.toString()).redirectErrorStream(true).start();
        String gccOut = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(gcc.waitFor(60, TimeUnit.SECONDS) && gcc.exitValue() == 0, "gcc failed:\n" + gccOut);
        Process run = new ProcessBuilder(bin.toString()).start();
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, run.waitFor());
        List<String> keys = new ArrayList<>(expectations.keySet());
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String[] parts = line.split(" ");
            values.put(keys.get(Integer.parseInt(parts[0])), Long.parseLong(parts[1]));
        }
        return values;
    }
}
