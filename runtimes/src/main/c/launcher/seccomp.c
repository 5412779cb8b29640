/*
 * The seccomp filter: a hand-written classic BPF program over struct seccomp_data.
 *
 *   1. A call made with another architecture's calling convention (i386 int 0x80, x32)
 *      would bypass the syscall numbers below: the process is killed.
 *   2. Calls on the deny list fail with EPERM; everything else is allowed. A deny list,
 *      not Docker's allow list, because what is measured must run exactly as on bare metal
 *      apart from the dangerous calls.
 *   3. clone() asking for new namespaces fails with EPERM; clone3() fails with ENOSYS (its
 *      flags sit behind a pointer the filter cannot read), so libc falls back to clone().
 *
 * The deny list: kernel modules, kexec, reboot, swap, mounting and pivot_root after setup,
 * new namespaces (unshare, setns), ptrace and cross-process memory access, bpf,
 * perf_event_open, the key store, the system clock, raw port I/O, open_by_handle_at (a
 * known escape), quotactl, syslog, acct, userfaultfd, and the obsolete module calls.
 */
#define _GNU_SOURCE
#include "parts.h"
#include "report.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#define FILTER_ARCH AUDIT_ARCH_X86_64
#define X32_BIT 0x40000000u
#elif defined(__aarch64__)
#define FILTER_ARCH AUDIT_ARCH_AARCH64
#else
#error "seccomp.c: add this architecture's AUDIT_ARCH"
#endif

static const int denied[] = {
    SYS_init_module, SYS_finit_module, SYS_delete_module, SYS_kexec_load, SYS_kexec_file_load, SYS_reboot,
    SYS_swapon, SYS_swapoff, SYS_mount, SYS_umount2, SYS_pivot_root, SYS_open_tree, SYS_move_mount,
    SYS_fsopen, SYS_fsconfig, SYS_fsmount, SYS_fspick, SYS_mount_setattr, SYS_unshare, SYS_setns,
    SYS_ptrace, SYS_process_vm_readv, SYS_process_vm_writev, SYS_bpf, SYS_perf_event_open, SYS_keyctl,
    SYS_add_key, SYS_request_key, SYS_settimeofday, SYS_clock_settime, SYS_clock_adjtime, SYS_adjtimex,
    SYS_open_by_handle_at, SYS_name_to_handle_at, SYS_quotactl, SYS_syslog, SYS_acct, SYS_userfaultfd,
    SYS_lookup_dcookie,
#if defined(__x86_64__)
    SYS_iopl, SYS_ioperm, SYS_create_module, SYS_get_kernel_syms, SYS_query_module, SYS_nfsservctl, SYS_uselib,
#endif
};

#define NAMESPACE_FLAGS                                                                             \
    (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | \
     CLONE_NEWCGROUP)
#define NDENIED (sizeof denied / sizeof denied[0])

void seccomp_install(void)
{
    /* Fixed head + one jump per denied call + clone/clone3 checks + the three returns. */
    struct sock_filter prog[NDENIED + 16];
    size_t n = 0;
    prog[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
    prog[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, FILTER_ARCH, 1, 0);
    prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
    prog[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
#ifdef X32_BIT
    prog[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, X32_BIT, 0, 1);
    prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
#endif
    /* Each denied number jumps forward to the EPERM return placed after the list; its
     * index is known once the list length is: first + NDENIED + 7 (see below). */
    size_t first = n;
    size_t deny = first + NDENIED + 7;
    for (size_t i = 0; i < NDENIED; i++, n++)
        prog[n] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)denied[i],
                                                (unsigned char)(deny - n - 1), 0);
    /* clone: EPERM when the flags (first argument, low 32 bits) ask for a namespace. */
    prog[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone, 0, 3);           /* +0 */
    prog[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])); /* +1 */
    prog[n] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, NAMESPACE_FLAGS, (unsigned char)(deny - n - 1), 0);
    n++;                                                                                           /* +2 */
    prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);                  /* +3 */
    prog[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone3, 0, 1);         /* +4 */
    prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS);          /* +5 */
    prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);                  /* +6 */
    prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM);          /* +7 = deny */
    if (n != deny + 1 || deny - first > 255)
        die("internal error: seccomp filter layout");
    struct sock_fprog fprog = {.len = (unsigned short)n, .filter = prog};
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0) != 0)
        die_errno("cannot install the seccomp filter");
}
