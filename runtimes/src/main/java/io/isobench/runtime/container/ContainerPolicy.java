package io.isobench.runtime.container;

import java.util.List;

/**
 * What isobench's container applies, as data, for the runtimes that take it as data: an OCI
 * bundle for {@code container:runc} is generated from these lists so that runc runs the
 * workload under the same rules. The launcher's C code (caps.c, mounts.c,
 * gen/seccomp_gen.c) is the original; {@code ContainerPolicyTest} reads those sources and
 * fails when the two drift apart.
 */
public final class ContainerPolicy {
    /** Capabilities kept (the Docker/OCI default set), in caps.c's order. */
    public static final List<String> CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
            "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
            "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

    /** System calls denied with EPERM, in seccomp_gen.c's order. */
    public static final List<String> DENIED_SYSCALLS = List.of("init_module", "finit_module", "delete_module",
            "kexec_load", "kexec_file_load", "reboot", "swapon", "swapoff", "mount", "umount", "umount2", "pivot_root",
            "open_tree", "move_mount", "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr", "unshare", "setns",
            "ptrace", "process_vm_readv", "process_vm_writev", "bpf", "perf_event_open", "keyctl", "add_key",
            "request_key", "settimeofday", "clock_settime", "clock_settime64", "clock_adjtime", "clock_adjtime64",
            "adjtimex", "stime", "open_by_handle_at", "name_to_handle_at", "quotactl", "quotactl_fd", "syslog", "acct",
            "userfaultfd", "lookup_dcookie", "iopl", "ioperm", "create_module", "get_kernel_syms", "query_module",
            "nfsservctl", "uselib", "io_uring_setup", "io_uring_enter", "io_uring_register");

    /** clone flags that make {@code clone} fail with EPERM (any one of them): CLONE_NEWNS ... CLONE_NEWCGROUP. */
    public static final List<Long> NAMESPACE_FLAGS = List.of(0x00020000L, 0x04000000L, 0x08000000L, 0x10000000L,
            0x20000000L, 0x40000000L, 0x02000000L);

    /** ioctl requests denied with EPERM, compared on the low 32 bits: TIOCSTI, TIOCLINUX. */
    public static final List<Long> DENIED_IOCTLS = List.of(0x5412L, 0x541CL);

    /** Paths that read empty and cannot be written (mounts.c {@code masked}). */
    public static final List<String> MASKED_PATHS = List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware", "/sys/devices/virtual/powercap");

    /** Paths bound read-only (mounts.c {@code read_only}). */
    public static final List<String> READ_ONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");

    /** The namespaces of the container, by their OCI names (ContainerRuntime.NAMESPACES by /proc/self/ns names). */
    public static final List<String> OCI_NAMESPACES = List.of("mount", "pid", "uts", "ipc", "network", "cgroup");

    private ContainerPolicy() {
    }
}
