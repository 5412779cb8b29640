/* Container mode of the launcher: everything that needs new namespaces and a new root.
 * main.c stays runtime-agnostic; it only calls these hooks. */
#ifndef ISOBENCH_CONTAINER_H
#define ISOBENCH_CONTAINER_H

/* Takes one "--name value" option meant for container mode; returns 0 if unknown. */
int container_option(const char *name, const char *value);
/* Validates the options once all are parsed; dies with a sentence when something is off. */
void container_check_options(void);
/* clone() flags for the child: the namespaces to create. */
int container_clone_flags(void);
/* Runs in the parent after the child was cloned, before it is released (e.g. uid maps). */
void container_parent_setup(int child_pid);
/* Runs in the child, in its new namespaces, before exec: mounts, pivot_root, hostname,
 * loopback, capabilities, no_new_privs, seccomp. Reports its own marks. */
void container_child_setup(void);

#endif
