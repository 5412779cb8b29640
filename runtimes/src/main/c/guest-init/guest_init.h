/*
 * guest-init: PID 1 inside isobench's VM. Shared declarations of its parts:
 *   main.c    the sequence: markers, setup, run the workload, report, reboot
 *   setup.c   mounts, kernel modules, loopback, eth0, hostname, root disk, scratch disk
 *   cmdline.c the isobench.* kernel parameters and their base64url payloads
 *   frames.c  the workload's stdout/stderr framed onto COM2
 *
 * Host side of the protocols: io.isobench.runtime.vm.devices.marker.MarkerCode (markers),
 * io.isobench.runtime.vm.guest.ConsoleFrames (frames), KernelCommandLine (parameters),
 * InitStage (failure stage numbers).
 */
#ifndef GUEST_INIT_H
#define GUEST_INIT_H

#include <stddef.h>
#include <stdint.h>

/* Marker port and codes: two outb to 0x600, the code then its argument (MarkerCode.java). */
#define MARKER_PORT 0x600
enum marker {
    MARK_INIT_REACHED = 1,
    MARK_SETUP_DONE = 2,
    MARK_WORKLOAD_STARTED = 3,
    MARK_WORKLOAD_EXITED = 4,
    MARK_WORKLOAD_KILLED = 5,
    MARK_INIT_FAILED = 0xEE,
};

/* The argument of MARK_INIT_FAILED: where guest-init gave up (InitStage.java). */
enum stage {
    STAGE_MARKER_PORT = 1,  /* ioperm for the marker port */
    STAGE_MOUNT = 2,        /* /proc, /sys, /dev, /dev/pts, /dev/shm, /tmp */
    STAGE_CMDLINE = 3,      /* reading or decoding the isobench.* parameters */
    STAGE_MODULES = 4,      /* loading the kernel modules */
    STAGE_NETWORK = 5,      /* loopback up, hostname, eth0's address (isobench.net) */
    STAGE_SCRATCH = 6,      /* waiting for and mounting the scratch disk */
    STAGE_CONSOLE = 7,      /* opening COM2 for the framed output */
    STAGE_SPAWN = 8,        /* pipes, fork */
    STAGE_FORWARD = 9,      /* forwarding output, waiting for the workload */
    STAGE_ROOT = 10,        /* mounting the read-only root disk and switching to it */
};

void marker(int code, int argument);
/* Reports the failure (marker + one line on the console), syncs and reboots. Never returns. */
_Noreturn void fail(int stage, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void console_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* setup.c */
void mount_filesystems(void);
void load_modules(const char *list_file, const char *module_dir);
void loopback_up(void);
void configure_eth0(const char *address, int prefix_length);
/* "tx-checksum=on|off,tso=on|off" as eth0's driver set them (ethtool), for ISOBENCH_NET_OFFLOADS. */
const char *eth0_offloads(void);
void set_hostname(const char *name);
void mount_scratch(const char *device, const char *mountpoint);
/* Mounts the root disk (ext4 labelled ROOT_DISK_LABEL) read-only and makes it / with the
   pseudo file systems moved into it. */
#define ROOT_DISK_LABEL "isobench-root"
void switch_to_root_disk(const char *device);
void stop_everything(const char *scratch_mountpoint);

/* cmdline.c: the parsed isobench.* parameters. */
struct request {
    char **argv;      /* NULL-terminated */
    char **env;       /* NULL-terminated KEY=VALUE, extra environment (may be empty) */
    char *cwd;        /* NULL: / */
    char *scratch;    /* NULL: no scratch disk */
    char *root;       /* NULL: the initramfs is the root; else the read-only root disk */
    char *net_address;    /* NULL: no network link; else eth0's IPv4 address (isobench.net) */
    int net_prefix;       /* its prefix length, 1..32 */
    const char *net_offloads; /* eth0's offloads once configured (ISOBENCH_NET_OFFLOADS) */
};
void parse_cmdline(const char *cmdline, struct request *out);
/* Decodes unpadded base64url; returns the length, or -1 on a bad character. */
long base64url_decode(const char *in, size_t len, unsigned char *out);

/* frames.c */
#define FRAME_STDOUT 1
#define FRAME_STDERR 2
#define FRAME_MAX_DATA 4096
int open_frame_port(const char *tty);
void write_frame(int port, int stream, const void *data, size_t len);
void drain_port(int port);

#endif
