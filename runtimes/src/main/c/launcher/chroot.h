/* Bare mode on a foreign root filesystem (--chroot): see chroot.c. */
#ifndef ISOBENCH_CHROOT_H
#define ISOBENCH_CHROOT_H

/* Parses --chroot DIR and --chroot-scratch DIR; returns 0 for any other option. */
int chroot_option(const char *name, const char *value);
/* True when --chroot was given. */
int chroot_requested(void);
/* Runs in the workload's process before exec: enters the root (dies on failure). */
void chroot_child_setup(void);

#endif
