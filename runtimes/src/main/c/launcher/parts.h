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

/* An IPv4 address with its prefix length (network byte order). */
struct net_addr {
    unsigned int addr;
    int prefix;
};

/*
 * The container's link (far_fd < 0: none). Either a veth straight to the run's far end
 * (--net-far ...), or, bridge-nat (--net-bridge ...), a veth whose other end joins a bridge
 * in the host's namespace, Docker's docker0 shape.
 */
struct net_spec {
    int far_fd;          /* where the veth's other end goes: the far end's namespace, or the
                            host's (bridge-nat); opened before clone */
    struct net_addr addr; /* the container's side, e.g. 198.18.0.2/30 or 198.18.0.226/27 */
    struct net_addr peer; /* veth: the far end's side, e.g. 198.18.0.1/30 */
    const char *link;    /* unique name stem; the other side is "<link>f" (far end) or "<link>h" (host) */
    int bridge_index;    /* bridge-nat: the host bridge the other side joins; 0 for a plain veth */
    unsigned int gateway; /* bridge-nat: the bridge's address, next hop to the far end */
    unsigned int route;   /* bridge-nat: the far end's address, the one destination routed */
};

/* net.c: parses "a.b.c.d/len"; 0 when malformed. */
int net_parse_cidr(const char *text, struct net_addr *out);
/* net.c: creates and configures the veth pair eth0 <-> far end (or bridge), exports the offloads. */
void net_link_up(const struct net_spec *net);
/* net.c: sets ISOBENCH_NET_OFFLOADS=tx-checksum=on|off,tso=on|off for the workload. */
void net_export_offloads(const char *dev);

/* caps.c: drops every capability outside the documented default set. */
void caps_drop(void);

/* seccomp.c: installs the deny-list filter (libseccomp; denied calls fail with EPERM). */
void seccomp_install(void);

/* exeseal.c: re-executes the launcher from a sealed memfd copy of itself (CVE-2019-5736);
 * returns only when it already runs from one. */
void exe_seal(int argc, char **argv, uint64_t started_ns);

#endif
