/*
 * The container's network: lo, and optionally one veth link to the run's far end.
 *
 * The new network namespace has only lo, and it starts down. JMH's forked JVM talks to its
 * parent over loopback, so it must be up.
 *
 * With --net-far (the far end's namespace file, opened by the parent before clone), the
 * child creates, with rtnetlink and nothing else (no ip, no shell: this is in the timed
 * start), a veth pair: "eth0" in its own namespace, the peer "<link>f" created directly in
 * the far end (IFLA_NET_NS_FD inside VETH_INFO_PEER). It gives eth0 the instance address and
 * brings it up, then enters the far end just long enough to open a netlink socket there
 * (sockets keep the namespace they were made in), returns, and configures the peer through
 * that socket. Only the link's own prefix is ever routed: no default route, so nothing can
 * leave the machine. No cleanup is needed: when the container's last process exits, its
 * namespace goes, and with it eth0 and, veth pairs dying together, the peer in the far end.
 *
 * bridge-nat (--net-bridge, Docker's default shape): the peer "<link>h" is created in the
 * host's namespace instead and joins the host's bridge (IFLA_MASTER) without an address, like
 * a docker0 port; eth0 gets an address on the bridge's subnet and one route, to the far end's
 * address via the bridge's address. The harness made the bridge, the host's uplink to the far
 * end and the masquerade rule before the start (runtimes/.../net/BridgeNat.java).
 *
 * Finally it reads eth0's offloads (checksum, TSO) with SIOCETHTOOL and exports them to the
 * workload as ISOBENCH_NET_OFFLOADS, so each trial records what the link did.
 */
#define _GNU_SOURCE
#include "parts.h"
#include "report.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/ethtool.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>
#include <linux/veth.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

void net_loopback_up(void)
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        die_errno("cannot open a socket to configure lo");
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, "lo");
    if (ioctl(fd, SIOCGIFFLAGS, &ifr) != 0)
        die_errno("cannot read the flags of lo");
    ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
    if (ioctl(fd, SIOCSIFFLAGS, &ifr) != 0)
        die_errno("cannot bring lo up");
    close(fd);
}

/* ---- parsing, in the parent, before anything is created ---- */

int net_parse_cidr(const char *text, struct net_addr *out)
{
    char buf[32];
    const char *slash = strchr(text, '/');
    if (!slash || (size_t)(slash - text) >= sizeof buf)
        return 0;
    memcpy(buf, text, (size_t)(slash - text));
    buf[slash - text] = 0;
    if (inet_pton(AF_INET, buf, &out->addr) != 1)
        return 0;
    char *end;
    long len = strtol(slash + 1, &end, 10);
    if (*end != 0 || end == slash + 1 || len < 8 || len > 30)
        return 0;
    out->prefix = (int)len;
    return 1;
}

/* ---- a tiny rtnetlink request builder ---- */

struct nl_req {
    struct nlmsghdr hdr;
    char buf[1024];
};

static struct rtattr *nl_add(struct nl_req *req, int type, const void *data, size_t len)
{
    size_t off = NLMSG_ALIGN(req->hdr.nlmsg_len);
    size_t total = RTA_LENGTH(len);
    if (off + RTA_ALIGN(total) > sizeof *req)
        die("internal error: netlink request too long");
    struct rtattr *rta = (struct rtattr *)((char *)req + off);
    rta->rta_type = (unsigned short)type;
    rta->rta_len = (unsigned short)total;
    if (len)
        memcpy(RTA_DATA(rta), data, len);
    req->hdr.nlmsg_len = (unsigned int)(off + RTA_ALIGN(total));
    return rta;
}

static struct rtattr *nl_nest(struct nl_req *req, int type)
{
    return nl_add(req, type, NULL, 0);
}

static void nl_end(struct nl_req *req, struct rtattr *nest)
{
    nest->rta_len = (unsigned short)((char *)req + req->hdr.nlmsg_len - (char *)nest);
}

static void nl_append(struct nl_req *req, const void *data, size_t len)
{
    size_t off = NLMSG_ALIGN(req->hdr.nlmsg_len);
    if (off + len > sizeof *req)
        die("internal error: netlink request too long");
    memcpy((char *)req + off, data, len);
    req->hdr.nlmsg_len = (unsigned int)(off + NLMSG_ALIGN(len));
}

static void nl_start(struct nl_req *req, int type, int flags)
{
    memset(req, 0, sizeof *req);
    req->hdr.nlmsg_len = NLMSG_LENGTH(0);
    req->hdr.nlmsg_type = (unsigned short)type;
    req->hdr.nlmsg_flags = (unsigned short)(NLM_F_REQUEST | NLM_F_ACK | flags);
}

/* Sends the request and waits for the kernel's ack; dies with `what` and the kernel's errno. */
static void nl_talk(int fd, struct nl_req *req, const char *what)
{
    static unsigned int seq;
    req->hdr.nlmsg_seq = ++seq;
    if (send(fd, req, req->hdr.nlmsg_len, 0) != (ssize_t)req->hdr.nlmsg_len)
        die_errno("cannot %s (netlink send)", what);
    char reply[4096];
    for (;;) {
        ssize_t n = recv(fd, reply, sizeof reply, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            die_errno("cannot %s (netlink receive)", what);
        }
        for (struct nlmsghdr *h = (struct nlmsghdr *)reply; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_seq != req->hdr.nlmsg_seq || h->nlmsg_type != NLMSG_ERROR)
                continue;
            struct nlmsgerr *e = NLMSG_DATA(h);
            if (e->error == 0)
                return;
            errno = -e->error;
            if (errno == EOPNOTSUPP && strstr(what, "veth"))
                die("cannot %s: this kernel has no veth driver", what);
            die_errno("cannot %s", what);
        }
    }
}

static int nl_open(void)
{
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0)
        die_errno("cannot open a netlink socket");
    return fd;
}

static void create_veth(int fd, const char *name, const char *peer, int peer_ns_fd)
{
    struct nl_req req;
    nl_start(&req, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
    struct ifinfomsg ifi = {.ifi_family = AF_UNSPEC};
    nl_append(&req, &ifi, sizeof ifi);
    nl_add(&req, IFLA_IFNAME, name, strlen(name) + 1);
    struct rtattr *linkinfo = nl_nest(&req, IFLA_LINKINFO);
    nl_add(&req, IFLA_INFO_KIND, "veth", 4);
    struct rtattr *data = nl_nest(&req, IFLA_INFO_DATA);
    struct rtattr *peer_info = nl_nest(&req, VETH_INFO_PEER);
    nl_append(&req, &ifi, sizeof ifi);
    nl_add(&req, IFLA_IFNAME, peer, strlen(peer) + 1);
    nl_add(&req, IFLA_NET_NS_FD, &peer_ns_fd, sizeof peer_ns_fd);
    nl_end(&req, peer_info);
    nl_end(&req, data);
    nl_end(&req, linkinfo);
    nl_talk(fd, &req, "create the veth link to the far end");
}

static void add_address(int fd, int ifindex, const struct net_addr *a, const char *what)
{
    struct nl_req req;
    nl_start(&req, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
    struct ifaddrmsg ifa = {.ifa_family = AF_INET, .ifa_prefixlen = (unsigned char)a->prefix,
                            .ifa_index = (unsigned int)ifindex};
    nl_append(&req, &ifa, sizeof ifa);
    nl_add(&req, IFA_LOCAL, &a->addr, sizeof a->addr);
    nl_add(&req, IFA_ADDRESS, &a->addr, sizeof a->addr);
    nl_talk(fd, &req, what);
}

static void link_up(int fd, int ifindex, const char *what)
{
    struct nl_req req;
    nl_start(&req, RTM_NEWLINK, 0);
    struct ifinfomsg ifi = {.ifi_family = AF_UNSPEC, .ifi_index = ifindex, .ifi_flags = IFF_UP, .ifi_change = IFF_UP};
    nl_append(&req, &ifi, sizeof ifi);
    nl_talk(fd, &req, what);
}

/* Attaches a link to a bridge and brings it up, in one request (ip link set DEV master BR up). */
static void join_bridge(int fd, int ifindex, int bridge_index)
{
    struct nl_req req;
    nl_start(&req, RTM_NEWLINK, 0);
    struct ifinfomsg ifi = {.ifi_family = AF_UNSPEC, .ifi_index = ifindex, .ifi_flags = IFF_UP, .ifi_change = IFF_UP};
    nl_append(&req, &ifi, sizeof ifi);
    unsigned int master = (unsigned int)bridge_index;
    nl_add(&req, IFLA_MASTER, &master, sizeof master);
    nl_talk(fd, &req, "attach the container's link to the bridge");
}

/* A host route to `dst` via `gateway` out of `ifindex` (ip route add DST/32 via GW dev DEV). */
static void add_route(int fd, int ifindex, unsigned int dst, unsigned int gateway)
{
    struct nl_req req;
    nl_start(&req, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
    struct rtmsg rtm = {.rtm_family = AF_INET, .rtm_dst_len = 32, .rtm_table = RT_TABLE_MAIN,
                        .rtm_protocol = RTPROT_BOOT, .rtm_scope = RT_SCOPE_UNIVERSE, .rtm_type = RTN_UNICAST};
    nl_append(&req, &rtm, sizeof rtm);
    nl_add(&req, RTA_DST, &dst, sizeof dst);
    nl_add(&req, RTA_GATEWAY, &gateway, sizeof gateway);
    unsigned int oif = (unsigned int)ifindex;
    nl_add(&req, RTA_OIF, &oif, sizeof oif);
    nl_talk(fd, &req, "route the far end's address via the bridge");
}

static int enter_netns(int fd)
{
    return setns(fd, CLONE_NEWNET);
}

void net_link_up(const struct net_spec *net)
{
    static const char inside[] = "eth0";
    char peer[IF_NAMESIZE];
    if (snprintf(peer, sizeof peer, "%s%s", net->link, net->bridge_index ? "h" : "f") >= (int)sizeof peer)
        die("--net-link %s is too long for an interface name", net->link);

    int own_ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    if (own_ns < 0)
        die_errno("cannot open the container's network namespace");
    /* A netlink socket in the far end (bridge-nat: the host's namespace): made there, used from here. */
    if (enter_netns(net->far_fd) != 0)
        die_errno("cannot enter the far end's network namespace");
    int far_nl = nl_open();
    if (enter_netns(own_ns) != 0)
        die_errno("cannot return to the container's network namespace");
    close(own_ns);
    int own_nl = nl_open();

    create_veth(own_nl, inside, peer, net->far_fd);
    int idx = (int)if_nametoindex(inside);
    if (idx == 0)
        die_errno("the new link %s is missing", inside);
    add_address(own_nl, idx, &net->addr, "give the container's link its address");
    link_up(own_nl, idx, "bring the container's link up");

    /* The peer's index is an index of the other namespace: ask it, through its socket. */
    struct {
        struct nlmsghdr hdr;
        struct ifinfomsg ifi;
        char attrs[64];
    } get;
    memset(&get, 0, sizeof get);
    get.hdr.nlmsg_type = RTM_GETLINK;
    get.hdr.nlmsg_flags = NLM_F_REQUEST;
    get.hdr.nlmsg_seq = 1000;
    get.hdr.nlmsg_len = NLMSG_LENGTH(sizeof get.ifi);
    get.ifi.ifi_family = AF_UNSPEC;
    struct rtattr *rta = (struct rtattr *)((char *)&get + NLMSG_ALIGN(get.hdr.nlmsg_len));
    rta->rta_type = IFLA_IFNAME;
    rta->rta_len = (unsigned short)RTA_LENGTH(strlen(peer) + 1);
    memcpy(RTA_DATA(rta), peer, strlen(peer) + 1);
    get.hdr.nlmsg_len = NLMSG_ALIGN(get.hdr.nlmsg_len) + RTA_ALIGN(rta->rta_len);
    if (send(far_nl, &get, get.hdr.nlmsg_len, 0) != (ssize_t)get.hdr.nlmsg_len)
        die_errno("cannot look up the far end's link %s", peer);
    char reply[8192];
    int peer_idx = 0;
    while (peer_idx == 0) {
        ssize_t n = recv(far_nl, reply, sizeof reply, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            die_errno("cannot look up the far end's link %s", peer);
        }
        struct nlmsghdr *h = (struct nlmsghdr *)reply;
        if (!NLMSG_OK(h, (size_t)n))
            die("cannot look up the far end's link %s: short reply", peer);
        if (h->nlmsg_type == NLMSG_ERROR) {
            struct nlmsgerr *e = NLMSG_DATA(h);
            errno = -e->error;
            die_errno("cannot look up the far end's link %s", peer);
        }
        if (h->nlmsg_type == RTM_NEWLINK)
            peer_idx = ((struct ifinfomsg *)NLMSG_DATA(h))->ifi_index;
    }
    if (net->bridge_index) {
        join_bridge(far_nl, peer_idx, net->bridge_index);
        add_route(own_nl, idx, net->route, net->gateway);
    } else {
        add_address(far_nl, peer_idx, &net->peer, "give the far end's link its address");
        link_up(far_nl, peer_idx, "bring the far end's link up");
    }
    close(far_nl);
    close(own_nl);
    close(net->far_fd);
    net_export_offloads(inside);
}

static int ethtool_flag(int fd, const char *dev, unsigned int cmd)
{
    struct ethtool_value v = {.cmd = cmd};
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", dev);
    ifr.ifr_data = (char *)&v;
    if (ioctl(fd, SIOCETHTOOL, &ifr) != 0)
        return -1;
    return v.data ? 1 : 0;
}

void net_export_offloads(const char *dev)
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return;
    static const char *names[] = {"off", "on", "unknown"};
    int csum = ethtool_flag(fd, dev, ETHTOOL_GTXCSUM);
    int tso = ethtool_flag(fd, dev, ETHTOOL_GTSO);
    close(fd);
    char value[96];
    snprintf(value, sizeof value, "tx-checksum=%s,tso=%s", names[csum < 0 ? 2 : csum], names[tso < 0 ? 2 : tso]);
    setenv("ISOBENCH_NET_OFFLOADS", value, 1);
}
