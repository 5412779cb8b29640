/*
 * The launcher runs container setup from a sealed in-memory copy of itself (CVE-2019-5736).
 *
 * Between clone and exec the container's first process is still running the launcher's
 * binary, so inside the container /proc/self/exe -- and /proc/1/exe, if a hostile image
 * makes the command an "#!/proc/self/exe" script that re-enters the launcher as PID 1 --
 * leads to the binary on the host. A process in the container holding that file open could
 * rewrite the host's launcher, and the next isobench run would execute its code as root on
 * the host. runc's answer (its "cloned binary", libcontainer/nsenter/cloned_binary.c) is
 * ours too: before anything else, copy the binary into a memfd, seal it against writes,
 * and re-execute from it. From then on every /proc/.../exe of the launcher is that sealed
 * copy: writes fail with EPERM, and nothing inside can reach the file on the host.
 *
 * The cost is one ~1 MB copy and one exec per container start (docs/container.md).
 */
#define _GNU_SOURCE
#include "parts.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/memfd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U /* Linux 6.3+: ask for an executable memfd when vm.memfd_noexec is set */
#endif
#define SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)

extern char **environ;

static int already_sealed(void)
{
    int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    int seals = fcntl(fd, F_GET_SEALS);
    close(fd);
    return seals >= 0 && (seals & SEALS) == SEALS;
}

static int sealed_copy(void)
{
    int exe = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (exe < 0)
        die_errno("cannot open the launcher's own binary");
    struct stat st;
    if (fstat(exe, &st) != 0)
        die_errno("cannot stat the launcher's own binary");
    int mem = (int)syscall(SYS_memfd_create, "isobench-launcher", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
    if (mem < 0 && errno == EINVAL) /* a kernel before 6.3 does not know MFD_EXEC */
        mem = (int)syscall(SYS_memfd_create, "isobench-launcher", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (mem < 0)
        die_errno("cannot create a memfd for the launcher's sealed copy");
    for (off_t done = 0; done < st.st_size;) {
        ssize_t n = sendfile(mem, exe, NULL, (size_t)(st.st_size - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            die_errno("cannot copy the launcher's binary into a memfd");
        done += n;
    }
    close(exe);
    if (fcntl(mem, F_ADD_SEALS, SEALS) != 0)
        die_errno("cannot seal the launcher's copy");
    return mem;
}

void exe_seal(int argc, char **argv, uint64_t started_ns)
{
    if (already_sealed())
        return;
    int mem = sealed_copy();
    /* The copy starts again from main(): tell it when the first one started, so the
     * "launcher" phase still begins at the harness's spawn. */
    char **args = calloc((size_t)argc + 3, sizeof *args);
    char started[32];
    if (!args)
        die("out of memory");
    snprintf(started, sizeof started, "%llu", (unsigned long long)started_ns);
    args[0] = argv[0];
    args[1] = "--started";
    args[2] = started;
    memcpy(args + 3, argv + 1, (size_t)(argc - 1) * sizeof *args);
    syscall(SYS_execveat, mem, "", args, environ, AT_EMPTY_PATH);
    die_errno("cannot execute the launcher's sealed copy");
}
