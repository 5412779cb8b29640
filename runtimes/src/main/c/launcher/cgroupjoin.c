/*
 * Joining the trial's cgroup. The old way, and the only one on cgroup v1 and hybrid hosts:
 * the launcher writes its pid into cgroup.procs before it clones the child. Each such
 * migration takes the kernel's cgroup_threadgroup_rwsem for writing, and the first writer
 * after a quiet spell waits for an RCU grace period (8-18 ms measured on the development
 * VM: most of a container start). On a cgroup2-only trial the child is instead cloned
 * straight into the cgroup with clone3(CLONE_INTO_CGROUP) (Linux 5.7+), which takes that
 * lock only for reading; the launcher itself stays in the harness's cgroup and only waits
 * there. Kernels or seccomp profiles without clone3 fall back to the old way.
 */
#define _GNU_SOURCE
#include "cgroupjoin.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <unistd.h>

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif
#ifndef SYS_clone3
#define SYS_clone3 435
#endif

static int use_clone = 1;     /* --cgroup-join clone (default) or write */
static int cgroup_fd = -1;    /* the cgroup2 directory to clone into, or -1 */
static char **files;          /* for the fallback */
static int nfiles;

int cgroup_join_option(const char *name, const char *value)
{
    if (strcmp(name, "--cgroup-join") != 0)
        return 0;
    if (strcmp(value, "clone") == 0)
        use_clone = 1;
    else if (strcmp(value, "write") == 0)
        use_clone = 0;
    else
        die("--cgroup-join takes clone or write, not '%s'", value);
    return 1;
}

static void join_by_writing(void)
{
    char pid[32];
    int len = snprintf(pid, sizeof pid, "%d\n", getpid());
    for (int i = 0; i < nfiles; i++) {
        int fd = open(files[i], O_WRONLY | O_CLOEXEC);
        if (fd < 0)
            die_errno("cannot open %s", files[i]);
        if (write(fd, pid, (size_t)len) != len)
            die_errno("cannot join cgroup %s", files[i]);
        close(fd);
    }
}

void cgroup_join_prepare(char **procs_files, int count)
{
    files = procs_files;
    nfiles = count;
    if (use_clone && count == 1) {
        char dir[4096];
        const char *slash = strrchr(files[0], '/');
        struct statfs fs;
        if (slash && (size_t)(slash - files[0]) < sizeof dir) {
            memcpy(dir, files[0], (size_t)(slash - files[0]));
            dir[slash - files[0]] = '\0';
            if (statfs(dir, &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC)
                cgroup_fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
        }
    }
    if (cgroup_fd < 0)
        join_by_writing();
}

pid_t cgroup_join_clone(long flags, int *unshare_cgroupns)
{
    *unshare_cgroupns = 0;
    if (cgroup_fd >= 0) {
        struct clone_args args;
        memset(&args, 0, sizeof args);
        args.flags = ((uint64_t)flags & ~(uint64_t)CLONE_NEWCGROUP) | CLONE_INTO_CGROUP;
        args.exit_signal = SIGCHLD;
        args.cgroup = (uint64_t)cgroup_fd;
        long pid = syscall(SYS_clone3, &args, sizeof args);
        if (pid >= 0) {
            if (pid == 0)
                *unshare_cgroupns = (flags & CLONE_NEWCGROUP) != 0;
            else
                close(cgroup_fd);
            return (pid_t)pid;
        }
        /* ENOSYS: no clone3 (before 5.3, or a seccomp profile that hides it); E2BIG or
         * EINVAL: no CLONE_INTO_CGROUP (before 5.7). Anything else is a real failure. */
        if (errno != ENOSYS && errno != E2BIG && errno != EINVAL && errno != EPERM)
            die_errno("cannot create the child process in its cgroup");
        close(cgroup_fd);
        cgroup_fd = -1;
        join_by_writing();
    }
    return (pid_t)syscall(SYS_clone, flags, NULL, NULL, NULL, NULL);
}
