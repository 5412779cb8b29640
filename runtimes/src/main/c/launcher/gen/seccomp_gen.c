/*
 * seccomp_gen: runs at build time (build-native.sh) and writes the launcher's seccomp filter
 * as a C array (seccomp_filter.h), built with libseccomp. libseccomp resolves each call's
 * number per architecture and writes the architecture checks, which a hand-written BPF
 * program has to get right by itself (the launcher's did until 2026-12). Building the
 * filter at run time cost ~0.9 ms per container start, ten times the hand-written one's
 * install (docs/container.md); exporting it here costs nothing at run time, and the
 * launcher does not link libseccomp at all.
 *
 * Usage: seccomp_gen OUTPUT.h
 *
 *   1. The filter covers the three x86-64 calling conventions: native, i386 (int 0x80) and
 *      x32 (__X32_SYSCALL_BIT). The same deny list applies to each, so a 32-bit program
 *      runs as on bare metal while a denied call cannot slip through another ABI's numbers.
 *      Any other architecture: the process is killed.
 *   2. Calls on the deny list fail with EPERM; everything else is allowed. A deny list, not
 *      Docker's allow list, because what is measured must run exactly as on bare metal
 *      apart from the dangerous calls.
 *   3. clone() asking for a new namespace fails with EPERM; clone3() fails with ENOSYS (its
 *      flags sit behind a pointer the filter cannot read), so libc falls back to clone().
 *   4. ioctl TIOCSTI (typing into the terminal of whoever reads it) and TIOCLINUX fail with
 *      EPERM, compared on the low 32 bits only: the kernel ignores the high ones, so a
 *      64-bit compare would let TIOCSTI|1<<32 through (bubblewrap's CVE-2017-5226 lesson).
 *
 * The deny list: kernel modules, kexec, reboot, swap, mounting and pivot_root after setup,
 * new namespaces (unshare, setns), ptrace and cross-process memory access, bpf,
 * perf_event_open, the key store, the system clock, raw port I/O, open_by_handle_at (a
 * known escape), quotactl, syslog, acct, userfaultfd, the obsolete module calls, and
 * io_uring (its operations run in kernel workers that no seccomp filter sees; Docker
 * denies it too).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <linux/filter.h>
#include <sched.h>
#include <seccomp.h>
#include <string.h>
#include <sys/ioctl.h>

static const struct {
    const char *name;
    int nr;
} denied[] = {
    {"init_module", SCMP_SYS(init_module)}, {"finit_module", SCMP_SYS(finit_module)},
    {"delete_module", SCMP_SYS(delete_module)}, {"kexec_load", SCMP_SYS(kexec_load)},
    {"kexec_file_load", SCMP_SYS(kexec_file_load)}, {"reboot", SCMP_SYS(reboot)},
    {"swapon", SCMP_SYS(swapon)}, {"swapoff", SCMP_SYS(swapoff)}, {"mount", SCMP_SYS(mount)},
    {"umount", SCMP_SYS(umount)}, {"umount2", SCMP_SYS(umount2)}, {"pivot_root", SCMP_SYS(pivot_root)},
    {"open_tree", SCMP_SYS(open_tree)}, {"move_mount", SCMP_SYS(move_mount)}, {"fsopen", SCMP_SYS(fsopen)},
    {"fsconfig", SCMP_SYS(fsconfig)}, {"fsmount", SCMP_SYS(fsmount)}, {"fspick", SCMP_SYS(fspick)},
    {"mount_setattr", SCMP_SYS(mount_setattr)}, {"unshare", SCMP_SYS(unshare)}, {"setns", SCMP_SYS(setns)},
    {"ptrace", SCMP_SYS(ptrace)}, {"process_vm_readv", SCMP_SYS(process_vm_readv)},
    {"process_vm_writev", SCMP_SYS(process_vm_writev)}, {"bpf", SCMP_SYS(bpf)},
    {"perf_event_open", SCMP_SYS(perf_event_open)}, {"keyctl", SCMP_SYS(keyctl)},
    {"add_key", SCMP_SYS(add_key)}, {"request_key", SCMP_SYS(request_key)},
    {"settimeofday", SCMP_SYS(settimeofday)}, {"clock_settime", SCMP_SYS(clock_settime)},
    {"clock_settime64", SCMP_SYS(clock_settime64)}, {"clock_adjtime", SCMP_SYS(clock_adjtime)},
    {"clock_adjtime64", SCMP_SYS(clock_adjtime64)}, {"adjtimex", SCMP_SYS(adjtimex)},
    {"stime", SCMP_SYS(stime)}, {"open_by_handle_at", SCMP_SYS(open_by_handle_at)},
    {"name_to_handle_at", SCMP_SYS(name_to_handle_at)}, {"quotactl", SCMP_SYS(quotactl)},
    {"quotactl_fd", SCMP_SYS(quotactl_fd)}, {"syslog", SCMP_SYS(syslog)}, {"acct", SCMP_SYS(acct)},
    {"userfaultfd", SCMP_SYS(userfaultfd)}, {"lookup_dcookie", SCMP_SYS(lookup_dcookie)},
    {"iopl", SCMP_SYS(iopl)}, {"ioperm", SCMP_SYS(ioperm)}, {"create_module", SCMP_SYS(create_module)},
    {"get_kernel_syms", SCMP_SYS(get_kernel_syms)}, {"query_module", SCMP_SYS(query_module)},
    {"nfsservctl", SCMP_SYS(nfsservctl)}, {"uselib", SCMP_SYS(uselib)},
    {"io_uring_setup", SCMP_SYS(io_uring_setup)}, {"io_uring_enter", SCMP_SYS(io_uring_enter)},
    {"io_uring_register", SCMP_SYS(io_uring_register)},
};

static const unsigned long namespace_flags[] = {
    CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWCGROUP,
};

static const unsigned long denied_ioctls[] = {TIOCSTI, TIOCLINUX};

static void check(int rc, const char *what)
{
    if (rc < 0) {
        fprintf(stderr, "seccomp_gen: cannot build the seccomp filter (%s): %s\n", what, strerror(-rc));
        exit(1);
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: seccomp_gen OUTPUT.h\n");
        return 2;
    }
    /* API level 3 (Linux 4.14+: SECCOMP_RET_KILL_PROCESS), whatever the build host runs,
     * so the same sources give the same program everywhere. */
    check(seccomp_api_set(3), "api level");
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    if (!ctx)
        check(-ENOMEM, "init");
    check(seccomp_arch_add(ctx, SCMP_ARCH_X86), "i386");
    check(seccomp_arch_add(ctx, SCMP_ARCH_X32), "x32");
    check(seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS), "bad arch action");
    /* A binary search over the syscall numbers instead of a linear chain: every allowed
     * call (most of them) passes fewer instructions. */
    check(seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2), "optimize");
    for (size_t i = 0; i < sizeof denied / sizeof denied[0]; i++) {
        check(seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), denied[i].nr, 0), denied[i].name);
    }
    for (size_t i = 0; i < sizeof namespace_flags / sizeof namespace_flags[0]; i++)
        check(seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
                               SCMP_A0(SCMP_CMP_MASKED_EQ, namespace_flags[i], namespace_flags[i])),
              "clone");
    check(seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0), "clone3");
    for (size_t i = 0; i < sizeof denied_ioctls / sizeof denied_ioctls[0]; i++)
        check(seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ioctl), 1,
                               SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, denied_ioctls[i])),
              "ioctl");
    /* Export the raw program, then print it as C. */
    FILE *raw = tmpfile();
    if (!raw)
        check(-errno, "tmpfile");
    check(seccomp_export_bpf(ctx, fileno(raw)), "export");
    seccomp_release(ctx);
    rewind(raw);
    FILE *out = fopen(argv[1], "w");
    if (!out)
        check(-errno, argv[1]);
    fprintf(out, "/* Generated by launcher/gen/seccomp_gen.c with libseccomp %u.%u.%u: do not edit. */\n",
            seccomp_version()->major, seccomp_version()->minor, seccomp_version()->micro);
    fprintf(out, "static const struct sock_filter seccomp_program[] = {\n");
    struct sock_filter insn;
    size_t count = 0;
    while (fread(&insn, sizeof insn, 1, raw) == 1) {
        fprintf(out, "    {0x%04x, %u, %u, 0x%08x},\n", insn.code, insn.jt, insn.jf, insn.k);
        count++;
    }
    fprintf(out, "};\n");
    if (count == 0 || fclose(out) != 0)
        check(-EIO, "write");
    return 0;
}
