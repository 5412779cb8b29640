/*
 * kvm-selftest: proves that /dev/kvm really runs guest code.
 *
 * Built static by `scripts/kvm-rig --selftest` (into the rig's cache dir, never
 * committed) and run inside the rig's L2 guest. It creates a VM with one page of
 * real-mode code:
 *
 *     mov  al, 42        ; b0 2a
 *     out  0x10, al      ; e6 10
 *     mov  ecx, LOOPS    ; 66 b9 imm32     (ring-0 busy loop, timed)
 *  l: dec  ecx           ; 66 49
 *     jnz  l             ; 75 fc
 *     hlt                ; f4
 *
 * and checks that the first KVM_RUN exits with KVM_EXIT_IO (port 0x10, one byte
 * out, value 42) and the second with KVM_EXIT_HLT. The loop between them makes
 * the second run long enough to report a ring-0 speed, which tells hardware KVM,
 * nested KVM and PVM apart at a glance (see docs/kvm-rig.md).
 *
 * Usage: kvm-selftest [LOOPS]     (default 10000000; 0 skips the loop)
 * Exit:  0 on success, 1 on a wrong exit, 2 when KVM cannot be set up.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define GUEST_PHYS 0x1000u
#define GUEST_SIZE 0x1000u
#define OUT_PORT 0x10u
#define OUT_VALUE 42u

static int setup_failed(const char *what)
{
    fprintf(stderr, "kvm-selftest: %s: %s\n", what, strerror(errno));
    return 2;
}

static const char *exit_name(uint32_t reason)
{
    switch (reason) {
    case KVM_EXIT_IO: return "IO";
    case KVM_EXIT_HLT: return "HLT";
    case KVM_EXIT_MMIO: return "MMIO";
    case KVM_EXIT_SHUTDOWN: return "SHUTDOWN";
    case KVM_EXIT_FAIL_ENTRY: return "FAIL_ENTRY";
    case KVM_EXIT_INTERNAL_ERROR: return "INTERNAL_ERROR";
    default: return "other";
    }
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Writes the guest program described at the top of this file; returns its length. */
static size_t write_guest_code(uint8_t *code, uint32_t loops)
{
    size_t n = 0;
    code[n++] = 0xb0; code[n++] = OUT_VALUE;            /* mov al, 42   */
    code[n++] = 0xe6; code[n++] = OUT_PORT;             /* out 0x10, al */
    if (loops > 0) {
        code[n++] = 0x66; code[n++] = 0xb9;             /* mov ecx, imm32 */
        memcpy(code + n, &loops, 4); n += 4;
        code[n++] = 0x66; code[n++] = 0x49;             /* dec ecx */
        code[n++] = 0x75; code[n++] = 0xfc;             /* jnz -4 (to dec) */
    }
    code[n++] = 0xf4;                                   /* hlt */
    return n;
}

int main(int argc, char **argv)
{
    uint32_t loops = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 0) : 10000000u;

    int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (kvm < 0)
        return setup_failed("open /dev/kvm");
    int api = ioctl(kvm, KVM_GET_API_VERSION, 0);
    if (api != KVM_API_VERSION) {
        fprintf(stderr, "kvm-selftest: KVM API version %d, expected %d\n", api, KVM_API_VERSION);
        return 2;
    }
    int vm = ioctl(kvm, KVM_CREATE_VM, 0);
    if (vm < 0)
        return setup_failed("KVM_CREATE_VM");

    uint8_t *mem = mmap(NULL, GUEST_SIZE, PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED)
        return setup_failed("mmap guest memory");
    size_t code_len = write_guest_code(mem, loops);

    struct kvm_userspace_memory_region region = {
        .slot = 0,
        .guest_phys_addr = GUEST_PHYS,
        .memory_size = GUEST_SIZE,
        .userspace_addr = (uint64_t)(uintptr_t)mem,
    };
    if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
        return setup_failed("KVM_SET_USER_MEMORY_REGION");

    int vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
    if (vcpu < 0)
        return setup_failed("KVM_CREATE_VCPU");
    int run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (run_size < (int)sizeof(struct kvm_run))
        return setup_failed("KVM_GET_VCPU_MMAP_SIZE");
    struct kvm_run *run = mmap(NULL, (size_t)run_size, PROT_READ | PROT_WRITE,
                               MAP_SHARED, vcpu, 0);
    if (run == MAP_FAILED)
        return setup_failed("mmap kvm_run");

    /* Real mode, flat code segment at 0, execution starts at the page. */
    struct kvm_sregs sregs;
    if (ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0)
        return setup_failed("KVM_GET_SREGS");
    sregs.cs.base = 0;
    sregs.cs.selector = 0;
    if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0)
        return setup_failed("KVM_SET_SREGS");
    struct kvm_regs regs = { .rip = GUEST_PHYS, .rflags = 0x2 };
    if (ioctl(vcpu, KVM_SET_REGS, &regs) < 0)
        return setup_failed("KVM_SET_REGS");

    /* First run: the OUT. */
    if (ioctl(vcpu, KVM_RUN, 0) < 0)
        return setup_failed("KVM_RUN (1)");
    if (run->exit_reason != KVM_EXIT_IO) {
        fprintf(stderr, "kvm-selftest: FAIL: first exit %s (%u), expected IO\n",
                exit_name(run->exit_reason), run->exit_reason);
        return 1;
    }
    uint8_t value = *((uint8_t *)run + run->io.data_offset);
    if (run->io.direction != KVM_EXIT_IO_OUT || run->io.port != OUT_PORT ||
        run->io.size != 1 || run->io.count != 1 || value != OUT_VALUE) {
        fprintf(stderr, "kvm-selftest: FAIL: IO exit dir=%u port=0x%x size=%u count=%u value=%u,"
                " expected out 0x%x size 1 value %u\n", run->io.direction, run->io.port,
                run->io.size, run->io.count, value, OUT_PORT, OUT_VALUE);
        return 1;
    }
    printf("kvm-selftest: exit IO out port 0x%x value %u: ok\n", run->io.port, value);

    /* Second run: the loop, then HLT. */
    double t0 = now_seconds();
    if (ioctl(vcpu, KVM_RUN, 0) < 0)
        return setup_failed("KVM_RUN (2)");
    double elapsed = now_seconds() - t0;
    if (run->exit_reason != KVM_EXIT_HLT) {
        fprintf(stderr, "kvm-selftest: FAIL: second exit %s (%u), expected HLT\n",
                exit_name(run->exit_reason), run->exit_reason);
        return 1;
    }
    struct kvm_regs after;
    if (ioctl(vcpu, KVM_GET_REGS, &after) < 0)
        return setup_failed("KVM_GET_REGS");
    if (after.rip != GUEST_PHYS + code_len) {
        fprintf(stderr, "kvm-selftest: FAIL: HLT at rip 0x%llx, expected 0x%zx\n",
                (unsigned long long)after.rip, GUEST_PHYS + code_len);
        return 1;
    }
    printf("kvm-selftest: exit HLT at rip 0x%llx: ok\n", (unsigned long long)after.rip);
    if (loops > 0)
        printf("kvm-selftest: ring-0 loop %u iterations in %.3f s = %.1f M/s\n",
               loops, elapsed, loops / elapsed / 1e6);
    printf("kvm-selftest: PASS\n");
    return 0;
}
