/*
 * guest-init: PID 1 of isobench's VM (the /init of the initramfs that Initramfs.java packs).
 *
 *   marker 1 (init reached)
 *   mount /proc /sys /dev /dev/pts /dev/shm /tmp; read the isobench.* parameters;
 *   load the modules in /isobench/modules.list; lo up; eth0 (isobench.net); hostname;
 *   with isobench.root: mount the root disk read-only, move /proc /sys /dev /tmp into it, make it /;
 *   mount the scratch disk
 *   marker 2 (setup done)
 *   fork + exec the workload with stdout and stderr on pipes
 *   marker 3 (workload started: the exec succeeded or failed, the child is on its own)
 *   forward both pipes framed onto COM2 while reaping every child (PID 1 inherits orphans)
 *   marker 4 with the exit status, or 5 with the signal
 *   kill what the workload left behind, unmount the scratch disk, sync, reboot
 *
 * Any failure: marker 0xEE with the stage, one line on /dev/console (COM1), reboot.
 * Kernel messages go to COM1 only (console=ttyS0), so they never touch the framed output.
 */
#define _GNU_SOURCE
#include "guest_init.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/reboot.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#define MODULE_LIST "/isobench/modules.list"
#define MODULE_DIR "/isobench/modules"
#define SCRATCH_DIR "/scratch"
#define FRAME_PORT "/dev/ttyS1"
#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

static int marker_port_ok;
static int console_fd = 2;

void marker(int code, int argument)
{
    if (!marker_port_ok)
        return;
    outb((unsigned char)code, MARKER_PORT);
    outb((unsigned char)argument, MARKER_PORT);
}

void console_line(const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n > sizeof line - 2)
        n = sizeof line - 2;
    line[n++] = '\n';
    if (write(console_fd, line, (size_t)n) < 0) {
        /* nowhere else to say it */
    }
}

static _Noreturn void reboot_now(void)
{
    sync();
    reboot(RB_AUTOBOOT);
    /* Only reached if reboot is refused; PID 1 must not exit (that would panic). */
    for (;;)
        pause();
}

_Noreturn void fail(int stage, const char *fmt, ...)
{
    int saved = errno;
    char message[400];
    va_list ap;
    va_start(ap, fmt);
    errno = saved; /* for %m */
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    marker(MARK_INIT_FAILED, stage);
    console_line("isobench guest-init: failed at stage %d: %s", stage, message);
    reboot_now();
}

static char *read_file(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        fail(STAGE_CMDLINE, "cannot open %s: %m", path);
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap + 1);
    for (;;) {
        if (!buf)
            fail(STAGE_CMDLINE, "out of memory reading %s", path);
        ssize_t n = read(fd, buf + len, cap - len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            fail(STAGE_CMDLINE, "cannot read %s: %m", path);
        }
        if (n == 0)
            break;
        len += (size_t)n;
        if (len == cap)
            buf = realloc(buf, (cap *= 2) + 1);
    }
    close(fd);
    buf[len] = '\0';
    return buf;
}

/* In the child, between fork and exec: stdio, cwd, environment, then exec. */
static _Noreturn void exec_workload(const struct request *req, int out_w, int err_w)
{
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    setsid();
    int null = open("/dev/null", O_RDONLY);
    if (null < 0 || dup2(null, 0) < 0 || dup2(out_w, 1) < 0 || dup2(err_w, 2) < 0)
        _exit(126);
    const char *cwd = req->cwd ? req->cwd : "/";
    if (chdir(cwd) != 0) {
        dprintf(2, "isobench: cannot change directory to %s: %m\n", cwd);
        _exit(126);
    }
    clearenv();
    setenv("PATH", DEFAULT_PATH, 1);
    setenv("HOME", "/", 1);
    if (req->scratch)
        setenv("ISOBENCH_SCRATCH", SCRATCH_DIR, 1);
    if (req->net_offloads) {
        /* The link facts a net workload records, as the launcher exports them for a container. */
        setenv("ISOBENCH_NET_LINK", "virtio-net", 1);
        setenv("ISOBENCH_NET_OFFLOADS", req->net_offloads, 1);
    }
    for (char **e = req->env; *e; e++)
        putenv(*e);
    execvp(req->argv[0], req->argv);
    int e = errno;
    dprintf(2, "isobench: cannot execute %s: %s\n", req->argv[0], strerror(e));
    /* The shell's convention: 127 not found, 126 found but not executable. */
    _exit(e == ENOENT ? 127 : 126);
}

struct stream {
    int fd;
    int id;
};

/*
 * Forwards what is readable now; returns 0 once the stream has ended (its end frame sent).
 * budget: with nonblocking, the most bytes to forward before giving up on the stream (a
 * leftover background process could otherwise keep it busy forever).
 */
static int forward(struct stream *s, int port, int nonblocking, long budget)
{
    char buf[FRAME_MAX_DATA];
    for (;;) {
        ssize_t n = read(s->fd, buf, sizeof buf);
        if (n > 0) {
            write_frame(port, s->id, buf, (size_t)n);
            if (!nonblocking)
                return 1;
            budget -= n;
            if (budget <= 0)
                return 1;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN)
            return 1;
        /* EOF, or an error: either way the stream is over. */
        write_frame(port, s->id, NULL, 0);
        close(s->fd);
        s->fd = -1;
        return 0;
    }
}

/* Reaps every exited child; returns 1 and sets *status when the workload was among them. */
static int reap(pid_t workload, int *status)
{
    int found = 0, st;
    pid_t pid;
    while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
        if (pid == workload) {
            *status = st;
            found = 1;
        }
    }
    return found;
}

int main(void)
{
    if (getpid() != 1) {
        fprintf(stderr, "guest-init is PID 1 of an isobench VM and does nothing elsewhere\n");
        return 2;
    }
    if (ioperm(MARKER_PORT, 1, 1) != 0)
        fail(STAGE_MARKER_PORT, "ioperm(0x%x) failed: %m", MARKER_PORT);
    marker_port_ok = 1;
    marker(MARK_INIT_REACHED, 0);

    mount_filesystems();
    int console = open("/dev/console", O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (console >= 0)
        console_fd = console;

    struct request req;
    parse_cmdline(read_file("/proc/cmdline"), &req);
    load_modules(MODULE_LIST, MODULE_DIR);
    loopback_up();
    if (req.net_address) {
        configure_eth0(req.net_address, req.net_prefix);
        req.net_offloads = eth0_offloads();
    }
    set_hostname("isobench");
    if (req.root)
        switch_to_root_disk(req.root);
    if (req.scratch)
        mount_scratch(req.scratch, SCRATCH_DIR);
    int port = open_frame_port(FRAME_PORT);
    if (port < 0)
        fail(STAGE_CONSOLE, "cannot open %s for the workload's output: %m", FRAME_PORT);
    marker(MARK_SETUP_DONE, 0);

    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    int sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
    int out[2], err[2], started[2];
    if (sfd < 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0 || pipe2(started, O_CLOEXEC) != 0)
        fail(STAGE_SPAWN, "cannot create pipes: %m");
    pid_t pid = fork();
    if (pid < 0)
        fail(STAGE_SPAWN, "cannot fork: %m");
    if (pid == 0)
        exec_workload(&req, out[1], err[1]);
    close(out[1]);
    close(err[1]);
    close(started[1]);
    /* EOF once the child's copy closes on exec (or on its exit if exec failed). */
    char ignored;
    while (read(started[0], &ignored, 1) < 0 && errno == EINTR)
        ;
    close(started[0]);
    marker(MARK_WORKLOAD_STARTED, 0);

    struct stream streams[2] = {{out[0], FRAME_STDOUT}, {err[0], FRAME_STDERR}};
    int status = 0, exited = 0;
    while (!exited) {
        struct pollfd fds[3];
        int n = 0, index[2];
        for (int i = 0; i < 2; i++) {
            if (streams[i].fd >= 0) {
                index[n] = i;
                fds[n++] = (struct pollfd){.fd = streams[i].fd, .events = POLLIN};
            }
        }
        fds[n] = (struct pollfd){.fd = sfd, .events = POLLIN};
        if (poll(fds, (nfds_t)n + 1, -1) < 0) {
            if (errno == EINTR)
                continue;
            fail(STAGE_FORWARD, "poll failed: %m");
        }
        for (int k = 0; k < n; k++)
            if (fds[k].revents)
                forward(&streams[index[k]], port, 0, 0);
        if (fds[n].revents) {
            struct signalfd_siginfo si;
            while (read(sfd, &si, sizeof si) > 0)
                ;
            exited = reap(pid, &status);
        }
    }
    /* The workload is gone: send what its pipes still hold (at most one pipe buffer: what it
       wrote before exiting), then end both streams. Anything its leftover children write
       later is not part of the run. */
    for (int i = 0; i < 2; i++) {
        if (streams[i].fd >= 0) {
            fcntl(streams[i].fd, F_SETFL, O_NONBLOCK);
            int pipe_size = fcntl(streams[i].fd, F_GETPIPE_SZ);
            if (forward(&streams[i], port, 1, pipe_size > 0 ? pipe_size : 1 << 16)) {
                write_frame(port, streams[i].id, NULL, 0);
                close(streams[i].fd);
                streams[i].fd = -1;
            }
        }
    }
    drain_port(port);
    /* Marker first: it timestamps the workload's end, the clean-up belongs to "VM gone". The
       host must still wait for the reset: the scratch disk is only synced after this. */
    if (WIFSIGNALED(status))
        marker(MARK_WORKLOAD_KILLED, WTERMSIG(status));
    else
        marker(MARK_WORKLOAD_EXITED, WEXITSTATUS(status));
    stop_everything(req.scratch ? SCRATCH_DIR : NULL);
    reboot_now();
}
