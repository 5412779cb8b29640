/*
 * launcher: starts one runtime instance for the isobench harness, doing only what Java
 * cannot do safely (code between fork and exec, namespaces for a child, a new root).
 *
 *   launcher [--report-fd N | --report-file PATH] [--cgroup PROCS_FILE]... [--cgroup-join clone|write]
 *            [--net-dev DEV]
 *            [--container] [container options | --chroot DIR [--chroot-scratch DIR]] -- CMD [ARG...]
 *
 * --net-dev names the host interface of a bare instance's link: its offloads are exported to
 * CMD as ISOBENCH_NET_OFFLOADS (container mode does this for its own eth0, see net.c).
 *
 * --report-file exists because Java's ProcessBuilder cannot hand a child an extra fd: the
 * harness names a fresh file, the launcher appends its report lines to it (O_APPEND, one
 * write() per line, so lines of parent and child never interleave) and the harness reads
 * it once the launcher is gone.
 *
 * It starts CMD as its child inside the trial's cgroup (cgroupjoin.c: on v1/hybrid the
 * launcher joins first; on v2 the child is cloned into it), so everything CMD starts is
 * accounted there (in container mode: in new namespaces, as PID 1 of a new PID namespace).
 * The launcher forwards termination signals, waits, and reports the timeline, the rusage of what ran
 * and how it ended on the report fd (see report.h). Its exit status is CMD's: the code,
 * or 128+signal; 125 when the launcher itself failed, 126/127 when CMD could not be
 * executed / found.
 */
#define _GNU_SOURCE
#include "cgroupjoin.h"
#include "chroot.h"
#include "container.h"
#include "parts.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/close_range.h>

#define MAX_CGROUPS 16

static pid_t child_pid = -1;

static void forward_signal(int sig)
{
    if (child_pid > 0)
        kill(child_pid, sig);
}

static uint64_t timeval_ns(struct timeval tv)
{
    return (uint64_t)tv.tv_sec * 1000000000ull + (uint64_t)tv.tv_usec * 1000ull;
}

/*
 * No descriptor of whoever started the launcher reaches CMD: every fd above 2 is marked
 * close-on-exec (not closed: the report fd must still carry an exec failure). A leaked
 * directory fd is how CVE-2024-21626 escaped runc's containers (cwd /proc/self/fd/N).
 */
static void close_inherited_fds(void)
{
    if (syscall(SYS_close_range, 3u, ~0u, CLOSE_RANGE_CLOEXEC) == 0)
        return;
    /* Before Linux 5.11: one fcntl per possible descriptor. */
    struct rlimit rl;
    long max = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY ? (long)rl.rlim_cur : 65536;
    for (long fd = 3; fd < max; fd++)
        fcntl((int)fd, F_SETFD, FD_CLOEXEC);
}

/* Runs in the child: waits for the parent's go, sets up, execs. Never returns. */
static void run_child(int go_fd, int container, int unshare_cgroupns, const char *net_dev, char **argv)
{
    char go;
    /* Cloned into the trial's cgroup (cgroupjoin.c): the cgroup namespace is made here, so
     * that its root is the trial's cgroup, as when the launcher joined before clone. */
    if (unshare_cgroupns && unshare(CLONE_NEWCGROUP) != 0)
        die_errno("cannot create the cgroup namespace");
    /* Die with the launcher: a killed harness must not leave workloads behind. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (read(go_fd, &go, 1) != 1)
        _exit(EXIT_LAUNCHER_FAILED);
    close(go_fd);
    close_inherited_fds();
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    if (container)
        container_child_setup();
    else if (chroot_requested())
        chroot_child_setup();
    if (net_dev)
        net_export_offloads(net_dev);
    report_mark("exec");
    execvp(argv[0], argv);
    int err = errno;
    report_line("error cannot execute %s: %s", argv[0], strerror(err));
    fprintf(stderr, "isobench launcher: cannot execute %s: %s\n", argv[0], strerror(err));
    _exit(err == ENOENT ? 127 : 126);
}

int main(int argc, char **argv)
{
    uint64_t start = monotonic_ns();
    char *cgroups[MAX_CGROUPS];
    int ncgroups = 0, container = 0, i;
    const char *net_dev = NULL;

    for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "--container") == 0) {
            exe_seal(argc, argv, start); /* returns only when already running the sealed copy */
            break;
        }
    }
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--") == 0) {
            i++;
            break;
        }
        if (strcmp(arg, "--container") == 0) {
            container = 1;
            continue;
        }
        if (i + 1 >= argc)
            die("option %s needs a value", arg);
        const char *value = argv[++i];
        if (strcmp(arg, "--started") == 0) {
            start = strtoull(value, NULL, 10); /* set by exe_seal for the sealed copy */
        } else if (strcmp(arg, "--report-fd") == 0) {
            report_open(atoi(value));
        } else if (strcmp(arg, "--report-file") == 0) {
            report_open_file(value);
        } else if (strcmp(arg, "--cgroup") == 0) {
            if (ncgroups == MAX_CGROUPS)
                die("too many --cgroup options");
            cgroups[ncgroups++] = (char *)value;
        } else if (strcmp(arg, "--net-dev") == 0) {
            net_dev = value;
        } else if (!cgroup_join_option(arg, value) && !container_option(arg, value)
                   && !chroot_option(arg, value)) {
            die("unknown option %s", arg);
        }
    }
    if (i >= argc)
        die("no command given (expected -- CMD [ARG...])");
    char **cmd = &argv[i];
    if (container)
        container_check_options();
    if (container && chroot_requested())
        die("--chroot is for bare mode; a container gets its root from --rootfs");

    /* The launcher phase ends here, not at main()'s start: the sealed copy's exec
     * (exeseal.c) belongs to it, and the cgroup phase is the join alone. */
    (void)start;
    report_line("mark launcher %llu", (unsigned long long)monotonic_ns());
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    /* v2: only opens the cgroup; the child joins it as it is cloned (cgroupjoin.c). */
    cgroup_join_prepare(cgroups, ncgroups);
    report_mark("cgroup");

    int go[2];
    if (pipe2(go, O_CLOEXEC) != 0)
        die_errno("pipe");
    /* Raw clone without a new stack behaves like fork, and takes namespace flags. */
    long flags = SIGCHLD | (container ? container_clone_flags() : 0);
    int unshare_cgroupns;
    pid_t pid = cgroup_join_clone(flags, &unshare_cgroupns);
    if (pid < 0)
        die_errno("cannot create the %s process", container ? "container" : "workload");
    if (pid == 0) {
        close(go[1]);
        run_child(go[0], container, unshare_cgroupns, net_dev, cmd);
    }
    close(go[0]);
    child_pid = pid;
    struct sigaction sa = {0};
    sa.sa_handler = forward_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    if (container) {
        container_parent_setup(pid);
        report_mark("namespaces");
    }
    if (write(go[1], "g", 1) != 1)
        die_errno("cannot release the child");
    close(go[1]);

    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            die_errno("waitpid");
    }
    report_mark("exit");
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    report_line("rusage %llu %llu %ld %ld %ld", (unsigned long long)timeval_ns(ru.ru_utime),
                (unsigned long long)timeval_ns(ru.ru_stime), ru.ru_maxrss, ru.ru_inblock,
                ru.ru_oublock);
    if (WIFSIGNALED(status)) {
        report_line("signal %d", WTERMSIG(status));
        return 128 + WTERMSIG(status);
    }
    report_line("exit %d", WEXITSTATUS(status));
    return WEXITSTATUS(status);
}
