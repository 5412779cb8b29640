/*
 * The new network namespace has only lo, and it starts down. JMH's forked JVM talks to its
 * parent over loopback, so it must be up; there is no other network.
 */
#define _GNU_SOURCE
#include "parts.h"
#include "report.h"

#include <net/if.h>
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
