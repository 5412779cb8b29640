/* The pieces of container mode, one file each, called in order by container.c. */
#ifndef ISOBENCH_PARTS_H
#define ISOBENCH_PARTS_H

#include <stdint.h>

/* Where the new root comes from and what goes into it (all host paths). Either state is
 * set (upper layer on a tmpfs) or upper, work and merged are (upper layer on disk). */
struct rootfs_spec {
    const char *lower;   /* the image or --rootfs directory: overlay's read-only lower layer */
    const char *state;   /* empty directory; a tmpfs mounted there holds upper, work and root */
    const char *upper;   /* fresh, empty: receives every write to / */
    const char *work;    /* overlay's work directory, same filesystem as upper */
    const char *merged;  /* empty directory the overlay is mounted on (only in our namespace) */
    const char *scratch; /* bind-mounted at /scratch, or NULL */
    int mask;            /* hide /proc and /sys paths that leak host facts or control the host */
};

/* mounts.c: builds the container's root in the new mount namespace and moves into it. */
void rootfs_enter(const struct rootfs_spec *spec);

/* net.c: brings up the loopback interface of the new network namespace. */
void net_loopback_up(void);

/* caps.c: drops every capability outside the documented default set. */
void caps_drop(void);

/* seccomp.c: installs the deny-list filter (libseccomp; denied calls fail with EPERM). */
void seccomp_install(void);

/* exeseal.c: re-executes the launcher from a sealed memfd copy of itself (CVE-2019-5736);
 * returns only when it already runs from one. */
void exe_seal(int argc, char **argv, uint64_t started_ns);

#endif
