/*
 * Bare mode on a root filesystem other than the shared image (a workload file's rootfs):
 * the workload sees that root's binaries and libraries and nothing else changes. It stays
 * in the host's PID, network, IPC, UTS, user and cgroup namespaces, with the host's
 * devices and /proc, so what it measures is bare metal.
 *
 * The one namespace used is a mount namespace private to the workload, and only so that
 * the mounts the root needs are invisible to the host and vanish with the workload (no
 * cleanup to miss on a crash): the host's /proc, /sys and /dev bound in, a fresh tmpfs on
 * /tmp (as the container gets), and the trial's scratch directory at /scratch. A mount
 * point missing in the root is created there as an empty directory (what a container
 * engine does for a volume). Then chroot(2) and chdir("/").
 *
 *   --chroot DIR           the root (host path)
 *   --chroot-scratch DIR   bound at DIR/scratch
 */
#define _GNU_SOURCE
#include "chroot.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *root;
static const char *scratch;

int chroot_option(const char *name, const char *value)
{
    if (strcmp(name, "--chroot") == 0)
        root = value;
    else if (strcmp(name, "--chroot-scratch") == 0)
        scratch = value;
    else
        return 0;
    return 1;
}

int chroot_requested(void)
{
    return root != NULL;
}

/* Makes ROOT/name a directory if it is missing; refuses a symlink (it could point out). */
static void mount_point(const char *name, char *path, size_t size)
{
    struct stat st;
    snprintf(path, size, "%s/%s", root, name);
    if (lstat(path, &st) == 0) {
        if (!S_ISDIR(st.st_mode))
            die("cannot mount on %s in the root filesystem: it is not a directory", name);
        return;
    }
    if (mkdir(path, 0755) != 0 && errno != EEXIST)
        die_errno("cannot create the mount point /%s in the root filesystem %s", name, root);
}

static void bind(const char *source, const char *name)
{
    char target[4096];
    mount_point(name, target, sizeof target);
    if (mount(source, target, NULL, MS_BIND | MS_REC, NULL) != 0)
        die_errno("cannot bind %s into the root filesystem at /%s", source, name);
}

void chroot_child_setup(void)
{
    char target[4096];
    if (unshare(CLONE_NEWNS) != 0)
        die_errno("cannot create the workload's mount namespace");
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
        die_errno("cannot make the workload's mounts private");
    bind("/proc", "proc");
    bind("/sys", "sys");
    bind("/dev", "dev");
    mount_point("tmp", target, sizeof target);
    if (mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") != 0)
        die_errno("cannot mount a tmpfs on /tmp in the root filesystem");
    if (scratch)
        bind(scratch, "scratch");
    if (chroot(root) != 0)
        die_errno("cannot chroot into %s", root);
    if (chdir("/") != 0)
        die_errno("cannot change to / in the root filesystem");
}
