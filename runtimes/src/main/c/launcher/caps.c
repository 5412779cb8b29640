/*
 * Capabilities: the container keeps the default set of Docker/OCI runtimes and loses every
 * other one (CAP_SYS_ADMIN, CAP_SYS_MODULE, CAP_SYS_PTRACE, CAP_NET_ADMIN, ...):
 *
 *   CHOWN DAC_OVERRIDE FSETID FOWNER MKNOD NET_RAW SETGID SETUID SETFCAP SETPCAP
 *   NET_BIND_SERVICE SYS_CHROOT KILL AUDIT_WRITE
 *
 * Dropping them from the bounding set is what lasts: a root process's capabilities after
 * execve are its bounding set (file capabilities of root are "all"). capset makes the
 * launcher's own sets match before the exec, with an empty inheritable set, and the
 * ambient set is cleared. No libcap: two syscalls do it.
 */
#define _GNU_SOURCE
#include "parts.h"
#include "report.h"

#include <errno.h>
#include <linux/capability.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static const int kept[] = {
    CAP_CHOWN,  CAP_DAC_OVERRIDE, CAP_FSETID,  CAP_FOWNER,           CAP_MKNOD,       CAP_NET_RAW, CAP_SETGID,
    CAP_SETUID, CAP_SETFCAP,      CAP_SETPCAP, CAP_NET_BIND_SERVICE, CAP_SYS_CHROOT, CAP_KILL,    CAP_AUDIT_WRITE,
};

void caps_drop(void)
{
    uint64_t keep = 0;
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++)
        keep |= 1ull << kept[i];
    /* The kernel's last capability is whatever PR_CAPBSET_READ still accepts. */
    for (int cap = 0; cap < 64 && prctl(PR_CAPBSET_READ, cap, 0, 0, 0) >= 0; cap++) {
        if (!(keep & (1ull << cap)) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0)
            die_errno("cannot drop capability %d from the bounding set", cap);
    }
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL)
        die_errno("cannot clear the ambient capabilities");
    struct __user_cap_header_struct header = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
    struct __user_cap_data_struct data[2] = {
        {.effective = (uint32_t)keep, .permitted = (uint32_t)keep, .inheritable = 0},
        {.effective = (uint32_t)(keep >> 32), .permitted = (uint32_t)(keep >> 32), .inheritable = 0},
    };
    if (syscall(SYS_capset, &header, data) != 0)
        die_errno("cannot set the capabilities");
}
