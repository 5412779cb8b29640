/*
 * Everything PID 1 prepares before the workload runs: the pseudo file systems, the
 * kernel modules (virtio transport, block and network drivers, shipped in the initramfs),
 * the loopback interface, the optional network link (eth0), the hostname, the optional
 * read-only root disk and the optional scratch disk.
 */
#include "guest_init.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

static void mkdir_p(const char *path, mode_t mode)
{
    if (mkdir(path, mode) != 0 && errno != EEXIST)
        fail(STAGE_MOUNT, "cannot create %s: %m", path);
}

static void mount_one(const char *source, const char *target, const char *type, unsigned long flags,
                      const char *data, mode_t mode)
{
    mkdir_p(target, mode);
    if (mount(source, target, type, flags, data) != 0)
        fail(STAGE_MOUNT, "cannot mount %s on %s: %m", type, target);
}

void mount_filesystems(void)
{
    const unsigned long nosuid_nodev_noexec = MS_NOSUID | MS_NODEV | MS_NOEXEC;
    mount_one("proc", "/proc", "proc", nosuid_nodev_noexec, NULL, 0555);
    mount_one("sysfs", "/sys", "sysfs", nosuid_nodev_noexec, NULL, 0555);
    /* devtmpfs: the kernel creates the nodes (console, null, ttyS*, vda) itself. */
    mount_one("devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755", 0755);
    mount_one("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620", 0755);
    if (symlink("pts/ptmx", "/dev/ptmx") != 0 && errno != EEXIST) {
        /* devtmpfs may already have a ptmx node; then it stays. */
    }
    mount_one("shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777", 01777);
    mount_one("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777", 01777);
}

static long finit_module(int fd, const char *params, int flags)
{
    return syscall(SYS_finit_module, fd, params, flags);
}

/* Loads each module named in list_file (one file name per line, dependencies first). */
void load_modules(const char *list_file, const char *module_dir)
{
    FILE *list = fopen(list_file, "re");
    if (!list) {
        if (errno == ENOENT)
            return; /* a kernel without modules: everything needed is built in */
        fail(STAGE_MODULES, "cannot open %s: %m", list_file);
    }
    char line[256];
    char path[512];
    while (fgets(line, sizeof line, list)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0')
            continue;
        snprintf(path, sizeof path, "%s/%s", module_dir, line);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            fail(STAGE_MODULES, "cannot open module %s: %m", path);
        /* EEXIST: already loaded (or built in); not an error. */
        if (finit_module(fd, "", 0) != 0 && errno != EEXIST)
            fail(STAGE_MODULES, "cannot load module %s: %m", line);
        close(fd);
    }
    fclose(list);
}

void loopback_up(void)
{
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        fail(STAGE_NETWORK, "cannot create a socket: %m");
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
    if (ioctl(s, SIOCGIFFLAGS, &ifr) != 0)
        fail(STAGE_NETWORK, "cannot read the flags of lo: %m");
    ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
    if (ioctl(s, SIOCSIFFLAGS, &ifr) != 0)
        fail(STAGE_NETWORK, "cannot bring lo up: %m");
    close(s);
}

static void set_inet(int s, struct ifreq *ifr, unsigned long request, in_addr_t address, const char *what)
{
    struct sockaddr_in *sin = (struct sockaddr_in *)&ifr->ifr_addr;
    memset(sin, 0, sizeof *sin);
    sin->sin_family = AF_INET;
    sin->sin_addr.s_addr = address;
    if (ioctl(s, request, ifr) != 0)
        fail(STAGE_NETWORK, "cannot set the %s of eth0: %m", what);
}

/*
 * The VM's one link (virtio-net, to the run's far end): address/prefix on eth0, up. Setting
 * the netmask installs the link's own route; nothing else is routed (no default route), so
 * no packet can leave for anywhere but the far end. virtio_net registers eth0 while its
 * module loads (the device is probed then); the wait only covers a slow probe, as for the disk.
 */
void configure_eth0(const char *address, int prefix_length)
{
    struct timespec step = {0, 5 * 1000 * 1000};
    int waited_ms = 0;
    while (if_nametoindex("eth0") == 0) {
        if (waited_ms >= 2000)
            fail(STAGE_NETWORK, "the network interface eth0 did not appear within 2 s (is the virtio-net device there?)");
        nanosleep(&step, NULL);
        waited_ms += 5;
    }
    struct in_addr ip;
    if (inet_pton(AF_INET, address, &ip) != 1)
        fail(STAGE_NETWORK, "%s is not an IPv4 address", address);
    in_addr_t mask = prefix_length == 0 ? 0 : htonl(0xffffffffu << (32 - prefix_length));
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        fail(STAGE_NETWORK, "cannot create a socket: %m");
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strncpy(ifr.ifr_name, "eth0", IFNAMSIZ - 1);
    set_inet(s, &ifr, SIOCSIFADDR, ip.s_addr, "address");
    set_inet(s, &ifr, SIOCSIFNETMASK, mask, "netmask");
    if (ioctl(s, SIOCGIFFLAGS, &ifr) != 0)
        fail(STAGE_NETWORK, "cannot read the flags of eth0: %m");
    ifr.ifr_flags |= IFF_UP;
    if (ioctl(s, SIOCSIFFLAGS, &ifr) != 0)
        fail(STAGE_NETWORK, "cannot bring eth0 up: %m");
    close(s);
}

/* One ethtool flag of eth0: 1 on, 0 off, -1 unknown. */
static int ethtool_flag(int s, unsigned int cmd)
{
    struct ethtool_value value = {.cmd = cmd};
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strncpy(ifr.ifr_name, "eth0", IFNAMSIZ - 1);
    ifr.ifr_data = (char *)&value;
    if (ioctl(s, SIOCETHTOOL, &ifr) != 0)
        return -1;
    return value.data ? 1 : 0;
}

/*
 * What the workload records about its link, in the launcher's format for bare and container
 * (net_export_offloads there): checksum and TCP segmentation offload as virtio_net set them
 * from the features it negotiated with the monitor.
 */
const char *eth0_offloads(void)
{
    static char value[64];
    static const char *names[] = {"unknown", "off", "on"};
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    int csum = s < 0 ? -1 : ethtool_flag(s, ETHTOOL_GTXCSUM);
    int tso = s < 0 ? -1 : ethtool_flag(s, ETHTOOL_GTSO);
    if (s >= 0)
        close(s);
    snprintf(value, sizeof value, "tx-checksum=%s,tso=%s", names[csum + 1], names[tso + 1]);
    return value;
}

void set_hostname(const char *name)
{
    if (sethostname(name, strlen(name)) != 0)
        fail(STAGE_NETWORK, "cannot set the hostname: %m");
}

/*
 * The block driver creates the device node while it probes, normally before finit_module
 * returns; the wait only covers a slow probe. Two seconds is far longer than any probe.
 */
static void wait_for_disk(const char *device, const char *what, int stage)
{
    struct stat st;
    struct timespec step = {0, 5 * 1000 * 1000};
    int waited_ms = 0;
    while (stat(device, &st) != 0) {
        if (waited_ms >= 2000)
            fail(stage, "the %s %s did not appear within 2 s", what, device);
        nanosleep(&step, NULL);
        waited_ms += 5;
    }
    if (!S_ISBLK(st.st_mode))
        fail(stage, "the %s %s is not a block device", what, device);
}

void mount_scratch(const char *device, const char *mountpoint)
{
    wait_for_disk(device, "scratch disk", STAGE_SCRATCH);
    if (mkdir(mountpoint, 0755) != 0 && errno != EEXIST)
        fail(STAGE_SCRATCH, "cannot create %s: %m", mountpoint);
    if (mount(device, mountpoint, "ext4", MS_NOATIME, NULL) != 0)
        fail(STAGE_SCRATCH, "cannot mount %s as ext4 on %s: %m", device, mountpoint);
}

/*
 * The disk must be the one the host built: an ext4 superblock (magic 0xEF53 at byte 0x438)
 * with isobench's label (s_volume_name at 0x478). Read before mounting, so that a wrong or
 * damaged disk is one sentence instead of a mount error or a workload failing oddly.
 */
static void check_root_label(const char *device)
{
    unsigned char sb[1024];
    int fd = open(device, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        fail(STAGE_ROOT, "cannot open the root disk %s: %m", device);
    ssize_t n = pread(fd, sb, sizeof sb, 1024);
    close(fd);
    if (n != (ssize_t)sizeof sb)
        fail(STAGE_ROOT, "cannot read the superblock of the root disk %s (%zd bytes)", device, n);
    if (sb[0x38] != 0x53 || sb[0x39] != 0xEF)
        fail(STAGE_ROOT, "the root disk %s holds no ext4 file system (damaged image?)", device);
    if (strncmp((const char *)sb + 0x78, ROOT_DISK_LABEL, 16) != 0)
        fail(STAGE_ROOT, "the disk %s is not isobench's root disk (label '%.16s')", device, (const char *)sb + 0x78);
}

/*
 * switch_root, as an initramfs hands over to the real root: the disk read-only on /newroot,
 * the pseudo file systems moved (not remounted: /dev/pts and /dev/shm travel with /dev), then
 * the disk moved onto / and chroot into it. The initramfs (guest-init and the modules, about
 * a MB) stays in memory underneath; nothing can reach it any more.
 */
void switch_to_root_disk(const char *device)
{
    static const char *moved[] = {"/proc", "/sys", "/dev", "/tmp"};
    char target[64];
    wait_for_disk(device, "root disk", STAGE_ROOT);
    check_root_label(device);
    if (mkdir("/newroot", 0755) != 0 && errno != EEXIST)
        fail(STAGE_ROOT, "cannot create /newroot: %m");
    if (mount(device, "/newroot", "ext4", MS_RDONLY | MS_NOATIME, NULL) != 0)
        fail(STAGE_ROOT, "cannot mount the root disk %s read-only as ext4: %m", device);
    for (size_t i = 0; i < sizeof moved / sizeof moved[0]; i++) {
        snprintf(target, sizeof target, "/newroot%s", moved[i]);
        if (mount(moved[i], target, NULL, MS_MOVE, NULL) != 0)
            fail(STAGE_ROOT, "cannot move %s into the root disk (is %s a directory there?): %m", moved[i], moved[i]);
    }
    if (chdir("/newroot") != 0 || mount(".", "/", NULL, MS_MOVE, NULL) != 0 || chroot(".") != 0 || chdir("/") != 0)
        fail(STAGE_ROOT, "cannot make the root disk /: %m");
}

/*
 * Before the reboot: stop whatever the workload left running and unmount the scratch disk,
 * so its file on the host holds a cleanly unmounted file system (the host may inspect it).
 * Killed processes are reaped for at most a second; if the unmount still fails the caller's
 * sync() has written everything anyway, and ext4's journal covers the rest.
 */
void stop_everything(const char *scratch_mountpoint)
{
    kill(-1, SIGKILL);
    struct timespec step = {0, 1000 * 1000};
    for (int waited_ms = 0; waited_ms < 1000; waited_ms++) {
        pid_t pid = waitpid(-1, NULL, WNOHANG);
        if (pid < 0 && errno == ECHILD)
            break;
        if (pid <= 0)
            nanosleep(&step, NULL);
    }
    if (scratch_mountpoint && umount(scratch_mountpoint) != 0)
        console_line("isobench guest-init: cannot unmount %s: %s", scratch_mountpoint, strerror(errno));
}
