/* How the launcher's child enters the trial's cgroup (cgroupjoin.c). */
#ifndef ISOBENCH_CGROUPJOIN_H
#define ISOBENCH_CGROUPJOIN_H

#include <sys/types.h>

/* Takes "--cgroup-join clone|write"; returns 0 for any other option. */
int cgroup_join_option(const char *name, const char *value);

/* Gets ready to start the child in the cgroups whose cgroup.procs files are given: on a
 * cgroup2-only trial (one file, in a cgroup2 hierarchy) it opens the directory for
 * clone3(CLONE_INTO_CGROUP); otherwise (v1, hybrid, --cgroup-join write) the launcher
 * joins now by writing its pid into every file. */
void cgroup_join_prepare(char **procs_files, int count);

/* Starts the child like fork() with the namespace FLAGS, inside the trial's cgroups.
 * *unshare_cgroupns is set when the child must create its cgroup namespace itself:
 * clone3 would root a CLONE_NEWCGROUP namespace at the parent's cgroup, not the trial's. */
pid_t cgroup_join_clone(long flags, int *unshare_cgroupns);

#endif
