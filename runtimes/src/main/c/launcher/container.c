/*
 * Container mode of the launcher (--container). The child is cloned into new mount, PID,
 * UTS, IPC, network and cgroup namespaces, the cgroup namespace rooted at the trial cgroup
 * (v1/hybrid: main.c joins it before the clone; v2: the child is cloned into it and makes
 * its cgroup namespace itself, see cgroupjoin.c). Before exec it builds its root
 * (mounts.c), sets the hostname, brings up lo (net.c), sets no_new_privs, installs the
 * seccomp filter (seccomp.c) and drops capabilities (caps.c), each switchable for
 * experiments. It then execs CMD, which becomes PID 1 of the new PID namespace, like
 * `docker run` without --init: when it exits the kernel kills whatever it left behind in
 * the namespace, and its exit status is the container's.
 *
 * Options (all paths are host paths):
 *   --rootfs DIR      read-only lower layer of the overlay root (required)
 *   --state DIR       empty directory (made and removed by the harness): the upper layer
 *                     lives on a tmpfs mounted there, in the container's namespace only
 * or, for an upper layer on disk (a workload that writes more to / than memory holds):
 *   --upper DIR       fresh empty upper layer
 *   --work DIR        overlay work directory on the upper's filesystem
 *   --merged DIR      empty directory to mount the overlay on
 *   --scratch DIR     bind-mounted read-write at /scratch
 *   --hostname NAME   default "isobench"
 *   --cwd DIR         the command's working directory inside the container, default /
 *   --seccomp on|off, --caps on|off, --nnp on|off, --mask on|off   default on
 * a link to the run's far end (net.c), all four or none:
 *   --net-far PATH    the far end's network namespace file (/run/netns/NAME)
 *   --net-addr CIDR   the container's address, e.g. 198.18.0.2/30
 *   --net-peer CIDR   the far end's address, e.g. 198.18.0.1/30
 *   --net-link STEM   unique interface name stem (at most 12 characters)
 *   --net-ns own|host default own; host = stay in the host's network namespace (docker
 *                     --net=host): no CLONE_NEWNET, no --net-far (the harness links the host)
 * or a link through a bridge of the host (bridge-nat, Docker's default), all five or none:
 *   --net-bridge NAME the host's bridge the veth's host end "<link>h" joins (made and
 *                     masqueraded by the harness)
 *   --net-addr CIDR   the container's address on the bridge, e.g. 198.18.0.226/27
 *   --net-gateway A   the bridge's address, e.g. 198.18.0.225
 *   --net-route A     the far end's address: the only destination routed via the gateway
 *                     (Docker routes everything: a default route; here nothing else may leave)
 *   --net-link STEM   as above
 */
#define _GNU_SOURCE
#include "container.h"
#include "parts.h"
#include "report.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static struct rootfs_spec spec = {.mask = 1};
static const char *hostname = "isobench";
static const char *cwd = NULL;
static int use_seccomp = 1, use_caps = 1, use_nnp = 1;
static struct net_spec net = {.far_fd = -1};
static const char *net_far, *net_addr, *net_peer, *net_bridge, *net_gateway, *net_route;
static int host_network;

static int on_off(const char *name, const char *value)
{
    if (strcmp(value, "on") == 0)
        return 1;
    if (strcmp(value, "off") == 0)
        return 0;
    die("%s takes on or off, not '%s'", name, value);
}

int container_option(const char *name, const char *value)
{
    if (strcmp(name, "--rootfs") == 0)
        spec.lower = value;
    else if (strcmp(name, "--state") == 0)
        spec.state = value;
    else if (strcmp(name, "--upper") == 0)
        spec.upper = value;
    else if (strcmp(name, "--work") == 0)
        spec.work = value;
    else if (strcmp(name, "--merged") == 0)
        spec.merged = value;
    else if (strcmp(name, "--scratch") == 0)
        spec.scratch = value;
    else if (strcmp(name, "--hostname") == 0)
        hostname = value;
    else if (strcmp(name, "--cwd") == 0)
        cwd = value;
    else if (strcmp(name, "--seccomp") == 0)
        use_seccomp = on_off(name, value);
    else if (strcmp(name, "--caps") == 0)
        use_caps = on_off(name, value);
    else if (strcmp(name, "--nnp") == 0)
        use_nnp = on_off(name, value);
    else if (strcmp(name, "--mask") == 0)
        spec.mask = on_off(name, value);
    else if (strcmp(name, "--net-far") == 0)
        net_far = value;
    else if (strcmp(name, "--net-addr") == 0)
        net_addr = value;
    else if (strcmp(name, "--net-peer") == 0)
        net_peer = value;
    else if (strcmp(name, "--net-link") == 0)
        net.link = value;
    else if (strcmp(name, "--net-bridge") == 0)
        net_bridge = value;
    else if (strcmp(name, "--net-gateway") == 0)
        net_gateway = value;
    else if (strcmp(name, "--net-route") == 0)
        net_route = value;
    else if (strcmp(name, "--net-ns") == 0) {
        if (strcmp(value, "host") == 0)
            host_network = 1;
        else if (strcmp(value, "own") == 0)
            host_network = 0;
        else
            die("--net-ns takes own or host, not '%s'", value);
    }
    else
        return 0;
    return 1;
}

static void check_dir(const char *option, const char *path)
{
    struct stat st;
    if (!path)
        die("container mode needs %s", option);
    if (stat(path, &st) != 0)
        die_errno("%s %s is not usable", option, path);
    if (!S_ISDIR(st.st_mode))
        die("%s %s is not a directory", option, path);
    /* overlay's option string separates layers with ':' and options with ','. */
    if (strpbrk(path, ",:\\"))
        die("%s %s contains ',', ':' or '\\', which overlay mount options cannot carry", option, path);
}

static void parse_address(const char *option, const char *text, unsigned int *out)
{
    if (inet_pton(AF_INET, text, out) != 1)
        die("%s %s is not an IPv4 address", option, text);
}

/* bridge-nat: the veth's host end joins the host's bridge; resolved here, in the host's namespace. */
static void check_bridge_net(void)
{
    parse_address("--net-gateway", net_gateway, &net.gateway);
    parse_address("--net-route", net_route, &net.route);
    net.bridge_index = (int)if_nametoindex(net_bridge);
    if (net.bridge_index == 0)
        die("the bridge %s does not exist", net_bridge);
    net.far_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    if (net.far_fd < 0)
        die_errno("cannot open the host's network namespace");
}

static void check_net(void)
{
    int bridged = (net_bridge != NULL) + (net_gateway != NULL) + (net_route != NULL);
    int given = (net_far != NULL) + (net_addr != NULL) + (net_peer != NULL) + (net.link != NULL) + bridged;
    if (given == 0)
        return;
    if (host_network)
        die("--net-ns host and --net-far/--net-bridge exclude each other: the host's namespace is linked by the harness");
    if (bridged && (net_far || net_peer))
        die("--net-bridge and --net-far/--net-peer exclude each other");
    if (bridged && given != 5)
        die("--net-bridge, --net-addr, --net-gateway, --net-route and --net-link go together");
    if (!bridged && given != 4)
        die("--net-far, --net-addr, --net-peer and --net-link go together");
    if (!net_parse_cidr(net_addr, &net.addr))
        die("--net-addr %s is not an IPv4 address with a prefix length 8..30", net_addr);
    size_t len = strlen(net.link);
    if (len == 0 || len > 12 || strspn(net.link, "abcdefghijklmnopqrstuvwxyz0123456789-") != len)
        die("--net-link must be 1 to 12 of a-z, 0-9 and '-'");
    if (bridged) {
        check_bridge_net();
        return;
    }
    if (!net_parse_cidr(net_peer, &net.peer))
        die("--net-peer %s is not an IPv4 address with a prefix length 8..30", net_peer);
    /* Opened here, before clone: the far end's file is not visible from the new root. */
    net.far_fd = open(net_far, O_RDONLY | O_CLOEXEC);
    if (net.far_fd < 0)
        die_errno("cannot open the far end's network namespace %s", net_far);
}

void container_check_options(void)
{
    check_dir("--rootfs", spec.lower);
    if (spec.state) {
        if (spec.upper || spec.work || spec.merged)
            die("--state and --upper/--work/--merged exclude each other");
        check_dir("--state", spec.state);
    } else {
        if (!spec.upper && !spec.work && !spec.merged)
            die("container mode needs --state DIR (or --upper, --work and --merged)");
        check_dir("--upper", spec.upper);
        check_dir("--work", spec.work);
        check_dir("--merged", spec.merged);
    }
    if (spec.scratch)
        check_dir("--scratch", spec.scratch);
    if (strlen(hostname) == 0 || strlen(hostname) > 64)
        die("--hostname must be 1 to 64 characters");
    check_net();
    if (cwd && cwd[0] != '/')
        die("--cwd %s is not an absolute path", cwd);
}

int container_clone_flags(void)
{
    return CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWCGROUP | (host_network ? 0 : CLONE_NEWNET);
}

void container_parent_setup(int child_pid)
{
    /* Nothing yet: without a user namespace there are no uid/gid maps to write. */
    (void)child_pid;
}

/*
 * The command's working directory, which must be inside the container's root. A path
 * through a descriptor the launcher inherited (/proc/self/fd/N, CVE-2024-21626) would
 * otherwise land in a host directory; the kernel's getcwd says "(unreachable)" for any
 * directory outside our root, whichever way it was reached (fd, symlink, "..").
 */
static void enter_cwd(void)
{
    char buf[4096];
    if (!cwd)
        return;
    if (chdir(cwd) != 0)
        die_errno("cannot change to the working directory %s in the container", cwd);
    long n = syscall(SYS_getcwd, buf, sizeof buf);
    if (n <= 0 || buf[0] != '/')
        die("the working directory %s is outside the container's root", cwd);
}

void container_child_setup(void)
{
    rootfs_enter(&spec);
    enter_cwd();
    report_mark("root");
    if (sethostname(hostname, strlen(hostname)) != 0)
        die_errno("cannot set the hostname");
    if (!host_network)
        net_loopback_up();
    if (net.far_fd >= 0)
        net_link_up(&net);
    report_mark("network");
    /* Order: no_new_privs, then the filter (allowed without CAP_SYS_ADMIN only under
     * no_new_privs, and installed while we still hold it otherwise), then capabilities:
     * the deny list leaves capset and prctl alone, so the drop still works under it. */
    if (use_nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        die_errno("cannot set no_new_privs");
    if (use_seccomp)
        seccomp_install();
    if (use_caps)
        caps_drop();
    report_mark("secured");
}
