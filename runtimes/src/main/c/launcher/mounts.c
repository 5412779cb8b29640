/*
 * The container's root filesystem, built inside the child's new mount namespace:
 *
 *   overlay (lower = rootfs, fresh upper)  /            upper on a private tmpfs, or on disk
 *   proc                                   /proc        fresh: sees only the new PID namespace
 *   sysfs, read-only                       /sys         shows the new network namespace
 *   tmpfs + 6 device nodes                 /dev         null zero full random urandom tty
 *   devpts (new instance), tmpfs           /dev/pts, /dev/shm
 *   tmpfs                                  /tmp
 *   cgroup hierarchies, read-only          /sys/fs/cgroup  rooted at the trial's cgroup
 *   bind of the trial's scratch dir        /scratch     (when given)
 *
 * then pivot_root into it and detach the old root, so no path leads back to the host's
 * files. Because every mount is made private first, none of this propagates to the host:
 * when the last process of the container exits, the namespace and all its mounts vanish
 * with it, whatever way the container ended. The harness only has to delete the upper and
 * work directories.
 */
#define _GNU_SOURCE
#include "parts.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static void mount_or_die(const char *source, const char *target, const char *type, unsigned long flags,
                         const char *data)
{
    if (mount(source, target, type, flags, data) != 0)
        die_errno("cannot mount %s on /%s in the container", type ? type : source ? source : "(remount)", target);
}

/* Creates a mount point (relative to the new root, our cwd); an existing one is fine. */
static void mount_point(const char *path, mode_t mode)
{
    if (mkdir(path, mode) != 0 && errno != EEXIST)
        die_errno("cannot create /%s in the container root", path);
}

/*
 * The upper layer on a tmpfs (default): mounted on the harness's empty state directory in
 * our namespace only, it holds upper/, work/ and root/ (the overlay's mount point). Setting
 * up overlay there touches no disk: on a busy host the overlay mount on a disk upper took
 * 1.5 to 9 ms (work dir creation and xattr checks wait on the journal), on tmpfs 0.3 ms.
 * Writes to / are charged to the trial's memory cgroup, like /tmp's. When the namespace
 * goes, so does the tmpfs: there is nothing on the host to clean but the empty directory.
 */
static void state_tmpfs(struct rootfs_spec *spec)
{
    static char upper[PATH_MAX], work[PATH_MAX], merged[PATH_MAX];
    if (mount("tmpfs", spec->state, "tmpfs", MS_NOSUID | MS_NODEV, "mode=755") != 0)
        die_errno("cannot mount a tmpfs for the upper layer on %s", spec->state);
    snprintf(upper, sizeof upper, "%s/upper", spec->state);
    snprintf(work, sizeof work, "%s/work", spec->state);
    snprintf(merged, sizeof merged, "%s/root", spec->state);
    if (mkdir(upper, 0755) != 0 || mkdir(work, 0755) != 0 || mkdir(merged, 0755) != 0)
        die_errno("cannot prepare the upper layer in %s", spec->state);
    spec->upper = upper;
    spec->work = work;
    spec->merged = merged;
}

static void mount_overlay(const struct rootfs_spec *spec)
{
    char opts[3 * PATH_MAX + 64];
    /* volatile: no syncs of the upper layer, which is thrown away anyway (Linux 5.10+). */
    int n = snprintf(opts, sizeof opts, "lowerdir=%s,upperdir=%s,workdir=%s,volatile", spec->lower, spec->upper,
                     spec->work);
    if (n < 0 || (size_t)n >= sizeof opts)
        die("the overlay paths are too long");
    if (mount("overlay", spec->merged, "overlay", 0, opts) == 0)
        return;
    if (errno == EINVAL) {
        /* An older kernel without "volatile": the same mount, just with syncs. */
        opts[strlen(opts) - strlen(",volatile")] = '\0';
        if (mount("overlay", spec->merged, "overlay", 0, opts) == 0)
            return;
    }
    if (errno == ENODEV)
        die("the overlay filesystem is not available on this host (try: modprobe overlay)");
    if (errno == EINVAL)
        die("cannot mount the overlay root: the filesystem of %s cannot hold an overlay upper layer (is it overlay"
            " itself? point java.io.tmpdir at ext4, xfs or tmpfs)", spec->upper);
    die_errno("cannot mount the overlay root (lower %s, upper %s)", spec->lower, spec->upper);
}

struct device {
    const char *name;
    unsigned major, minor;
};

/* A minimal /dev: a small tmpfs with the character devices programs expect. */
static void populate_dev(void)
{
    static const struct device devices[] = {
        {"dev/null", 1, 3}, {"dev/zero", 1, 5},    {"dev/full", 1, 7},
        {"dev/random", 1, 8}, {"dev/urandom", 1, 9}, {"dev/tty", 5, 0},
    };
    static const char *links[][2] = {
        {"/proc/self/fd", "dev/fd"},     {"/proc/self/fd/0", "dev/stdin"}, {"/proc/self/fd/1", "dev/stdout"},
        {"/proc/self/fd/2", "dev/stderr"}, {"pts/ptmx", "dev/ptmx"},
    };
    mount_or_die("tmpfs", "dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=755,size=64k");
    for (size_t i = 0; i < sizeof devices / sizeof devices[0]; i++) {
        if (mknod(devices[i].name, S_IFCHR | 0666, makedev(devices[i].major, devices[i].minor)) != 0)
            die_errno("cannot create /%s", devices[i].name);
    }
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        if (symlink(links[i][0], links[i][1]) != 0)
            die_errno("cannot create /%s", links[i][1]);
    }
    mount_point("dev/pts", 0755);
    mount_or_die("devpts", "dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620");
    mount_point("dev/shm", 01777);
    mount_or_die("tmpfs", "dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
}

/*
 * Paths that expose host internals or control the host even from a new namespace; the same
 * list runc/Docker mask by default. Masked files are covered by an empty read-only file
 * (not /dev/null, which accepts writes), directories by an empty read-only tmpfs, so reads
 * find nothing and writes fail with EROFS, as runc's mask.bats expects. Read-only paths are
 * bind-mounted onto themselves read-only. A mask cannot be unmounted from inside: umount2
 * is on the seccomp deny list and CAP_SYS_ADMIN is dropped.
 */
static const char *masked[] = {
    "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
    "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap",
};
static const char *read_only[] = {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"};
/* The empty file that masks files: made in /dev (a tmpfs), bound, then unlinked, so it is
 * reachable only through the masks. */
#define EMPTY "/dev/.isobench-empty"

static void bind_read_only(const char *source, const char *target, unsigned long flags)
{
    mount_or_die(source, target, NULL, MS_BIND | flags, NULL);
    mount_or_die(NULL, target, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
}

static void mask_paths(void)
{
    struct stat st;
    int empty = open(EMPTY, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);
    if (empty < 0)
        die_errno("cannot create %s", EMPTY);
    close(empty);
    for (size_t i = 0; i < sizeof masked / sizeof masked[0]; i++) {
        if (stat(masked[i], &st) != 0)
            continue; /* not on this kernel: nothing to hide */
        if (S_ISDIR(st.st_mode))
            mount_or_die("tmpfs", masked[i] + 1, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=0");
        else
            bind_read_only(EMPTY, masked[i] + 1, 0);
    }
    if (unlink(EMPTY) != 0)
        die_errno("cannot remove %s", EMPTY);
    for (size_t i = 0; i < sizeof read_only / sizeof read_only[0]; i++) {
        if (stat(read_only[i], &st) == 0)
            bind_read_only(read_only[i], read_only[i] + 1, MS_REC);
    }
}

/*
 * The trial's cgroup, read-only, where programs look for it: the JVM sizes its heap and
 * thread pools from the memory and CPU limits it finds there, so without it the same
 * workload would size itself for the host in the container but for its limits on bare
 * metal. Each hierarchy the process belongs to (/proc/self/cgroup, still the host's /proc
 * before pivot_root; its paths are relative to our cgroup namespace) is mounted fresh: in
 * our cgroup namespace its root is the trial cgroup. v2 alone: cgroup2 on /sys/fs/cgroup. v1 or hybrid: a tmpfs with one directory per
 * hierarchy (named after its controllers; cgroup2 as "unified"), made read-only after.
 */
static void mount_cgroups(void)
{
    char buf[4096];
    int fd = open("/proc/self/cgroup", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        die_errno("cannot read /proc/self/cgroup");
    ssize_t len = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (len <= 0)
        die("cannot read /proc/self/cgroup");
    buf[len] = '\0';
    const unsigned long ro = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
    if (strncmp(buf, "0::", 3) == 0 && strchr(buf, '\n') == buf + len - 1) {
        mount_or_die("cgroup2", "sys/fs/cgroup", "cgroup2", ro, NULL);
        return;
    }
    mount_or_die("tmpfs", "sys/fs/cgroup", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755,size=64k");
    char *save = NULL;
    for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        /* hierarchy-id:controller,list:/path */
        char *controllers = strchr(line, ':');
        char *path = controllers ? strchr(controllers + 1, ':') : NULL;
        if (!path)
            continue;
        *path = '\0';
        controllers++;
        char target[300], opts[300];
        if (*controllers == '\0') {
            snprintf(target, sizeof target, "sys/fs/cgroup/unified");
            mount_point(target, 0555);
            mount_or_die("cgroup2", target, "cgroup2", ro, NULL);
            continue;
        }
        const char *name = strncmp(controllers, "name=", 5) == 0 ? controllers + 5 : controllers;
        snprintf(target, sizeof target, "sys/fs/cgroup/%s", name);
        /* A named hierarchy without controllers must say "none". */
        snprintf(opts, sizeof opts, "%s%s", name == controllers ? "" : "none,", controllers);
        mount_point(target, 0555);
        if (mount("cgroup", target, "cgroup", ro, opts) != 0)
            die_errno("cannot mount the cgroup hierarchy %s in the container", controllers);
    }
    mount_or_die(NULL, "sys/fs/cgroup", NULL, MS_REMOUNT | ro, "mode=755,size=64k");
}

void rootfs_enter(const struct rootfs_spec *given)
{
    struct rootfs_spec copy = *given, *spec = &copy;
    /* Nothing we mount may propagate back to the host (or to other containers). */
    mount_or_die(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
    if (spec->state)
        state_tmpfs(spec);
    mount_overlay(spec);
    if (chdir(spec->merged) != 0)
        die_errno("cannot enter the container root");
    umask(0);
    mount_point("proc", 0555);
    mount_or_die("proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
    mount_point("sys", 0555);
    mount_or_die("sysfs", "sys", "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
    mount_cgroups();
    mount_point("dev", 0755);
    populate_dev();
    mount_point("tmp", 01777);
    mount_or_die("tmpfs", "tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
    if (spec->scratch) {
        mount_point("scratch", 0755);
        if (mount(spec->scratch, "scratch", NULL, MS_BIND | MS_REC, NULL) != 0)
            die_errno("cannot bind the scratch directory %s to /scratch", spec->scratch);
    }
    umask(022);
    /* pivot_root(".", "."): the old root ends up stacked on top of the new one at "/";
     * detaching it leaves only the new root, with no mount point pointing back. */
    if (syscall(SYS_pivot_root, ".", ".") != 0)
        die_errno("cannot pivot_root into %s", spec->merged);
    if (umount2(".", MNT_DETACH) != 0)
        die_errno("cannot detach the host's root");
    if (chdir("/") != 0)
        die_errno("cannot change to the new root");
    if (spec->mask)
        mask_paths();
}
