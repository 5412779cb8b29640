/*
 * probe: a static test helper run inside isobench containers by the hardening tests
 * (ContainerHardeningTest, ContainerSeccompProbeTest). Never shipped: it is built into
 * target/test-classes/test-native/ only. Each mode prints one line per check, so a test can
 * compare what the kernel answered with and without a protection.
 *
 *   probe fds                      the open file descriptors, e.g. "fds 0 1 2"
 *   probe hold-fds CMD [ARG...]    opens a file, a directory, a socket pair and a listening
 *                                  TCP socket WITHOUT close-on-exec (as a careless parent
 *                                  would), prints "held N N N N" on stderr, execs CMD
 *   probe syscalls                 denied calls through each ABI: "NAME/ABI RESULT"
 *   probe ioctls                   TIOCSTI and TIOCLINUX on a pty, plain and with high bits
 *   probe thrash FILE              reads FILE round and round, forever: under a memory
 *                                  limit smaller than FILE, a program that thrashes but is
 *                                  never OOM-killed (clean page cache can always be evicted)
 *
 * RESULT is "ok", "errno N" or "signal N" (each attempt runs in a child, so a filter that
 * kills the process ends only that attempt).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define X32_BIT 0x40000000L
/* i386 numbers (arch/x86/entry/syscalls/syscall_32.tbl); x32 uses the x86-64 ones plus X32_BIT. */
#define I386_UNSHARE 310
#define I386_IO_URING_SETUP 425

static int fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    if (!d) {
        perror("opendir /proc/self/fd");
        return 1;
    }
    printf("fds");
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || atoi(e->d_name) == dirfd(d))
            continue;
        printf(" %s", e->d_name);
    }
    printf("\n");
    closedir(d);
    return 0;
}

static int hold_fds(char **cmd)
{
    int file = open("/proc/self/status", O_RDONLY);
    int dir = open("/", O_RDONLY | O_DIRECTORY);
    int pair[2];
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (file < 0 || dir < 0 || listener < 0 || socketpair(AF_UNIX, SOCK_STREAM, 0, pair) != 0 ||
        bind(listener, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(listener, 1) != 0) {
        perror("probe hold-fds");
        return 1;
    }
    fprintf(stderr, "held %d %d %d %d %d\n", file, dir, pair[0], pair[1], listener);
    execv(cmd[0], cmd);
    perror(cmd[0]);
    return 127;
}

/* Runs one attempt in a child and prints how it ended. */
static void attempt(const char *name, long (*call)(void))
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        long r = call();
        _exit(r >= 0 ? 0 : (int)(-r > 200 ? 200 : -r));
    }
    int status;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status))
        printf("%s signal %d\n", name, WTERMSIG(status));
    else if (WEXITSTATUS(status) == 0)
        printf("%s ok\n", name);
    else
        printf("%s errno %d\n", name, WEXITSTATUS(status));
}

static long native_call(long nr, long a, long b)
{
    long r = syscall(nr, a, b);
    return r < 0 ? -errno : r;
}

static long int80(long nr, long a, long b)
{
    long ret;
    /* The i386 entry from 64-bit code: the kernel reports AUDIT_ARCH_I386 to seccomp. */
    __asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b) : "memory", "r8", "r9", "r10", "r11");
    return ret;
}

static struct {
    unsigned entries, sq_entries, cq_entries, flags, rest[26];
} params; /* struct io_uring_params, zeroed; static so its address fits 32 bits for int 0x80 */

static long unshare_native(void) { return native_call(SYS_unshare, CLONE_NEWUTS, 0); }
static long unshare_i386(void) { return int80(I386_UNSHARE, CLONE_NEWUTS, 0); }
static long unshare_x32(void) { return native_call(SYS_unshare | X32_BIT, CLONE_NEWUTS, 0); }
static long uring_native(void) { return native_call(SYS_io_uring_setup, 1, (long)&params); }
static long uring_i386(void) { return int80(I386_IO_URING_SETUP, 1, (long)&params); }
static long uring_x32(void) { return native_call(SYS_io_uring_setup | X32_BIT, 1, (long)&params); }

static int syscalls(void)
{
    attempt("unshare/native", unshare_native);
    attempt("unshare/i386", unshare_i386);
    attempt("unshare/x32", unshare_x32);
    attempt("io_uring_setup/native", uring_native);
    attempt("io_uring_setup/i386", uring_i386);
    attempt("io_uring_setup/x32", uring_x32);
    return 0;
}

static int pty = -1;
static long ioctl_call(unsigned long cmd, void *arg)
{
    return syscall(SYS_ioctl, pty, cmd, arg) < 0 ? -errno : 0;
}
/* The kernel takes the ioctl number as a 32-bit int: a filter comparing all 64 bits of the
 * argument misses TIOCSTI with high bits set (bubblewrap CVE-2017-5226's follow-up). */
static char newline = '\n', shift_state = 6 /* TIOCL_GETSHIFTSTATE */;
static long sti_plain(void) { return ioctl_call(TIOCSTI, &newline); }
static long sti_high(void) { return ioctl_call(TIOCSTI | 0x100000000UL, &newline); }
static long linux_plain(void) { return ioctl_call(TIOCLINUX, &shift_state); }
static long linux_high(void) { return ioctl_call(TIOCLINUX | 0xffffffff00000000UL, &shift_state); }

static int ioctls(void)
{
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) {
        perror("probe: cannot open a pty");
        return 1;
    }
    pty = open(ptsname(master), O_RDWR | O_NOCTTY);
    if (pty < 0) {
        perror("probe: cannot open the pty's slave");
        return 1;
    }
    attempt("TIOCSTI", sti_plain);
    attempt("TIOCSTI/high", sti_high);
    attempt("TIOCLINUX", linux_plain);
    attempt("TIOCLINUX/high", linux_high);
    return 0;
}

static int thrash(const char *path)
{
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        perror(path);
        return 1;
    }
    /* Out of the page cache first: pages cached by whoever wrote the file stay charged to
     * that writer's cgroup, and would never count against ours. */
    fdatasync(fd);
    posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    /* read(), not mmap: unmapped page cache is always reclaimable, so the kernel never
     * gives up and OOM-kills; it just evicts and reads back, forever. */
    static char buf[1 << 16];
    for (;;) {
        for (off_t at = 0; at < st.st_size;) {
            ssize_t n = pread(fd, buf, sizeof buf, at);
            if (n <= 0)
                break;
            at += n;
        }
    }
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "fds") == 0)
        return fds();
    if (argc >= 3 && strcmp(argv[1], "hold-fds") == 0)
        return hold_fds(argv + 2);
    if (argc >= 2 && strcmp(argv[1], "syscalls") == 0)
        return syscalls();
    if (argc >= 2 && strcmp(argv[1], "ioctls") == 0)
        return ioctls();
    if (argc >= 3 && strcmp(argv[1], "thrash") == 0)
        return thrash(argv[2]);
    fprintf(stderr, "usage: probe fds | hold-fds CMD... | syscalls | ioctls | thrash FILE\n");
    return 2;
}
