package io.isobench.runtime.vm.guest;

import io.isobench.runtime.Programs;
import io.isobench.runtime.HostTool;
import io.isobench.runtime.Privileges;
import io.isobench.runtime.FileTrees;

import io.isobench.runtime.RuntimeFailure;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The default guest kernel: Debian's {@code linux-image-cloud-amd64}, a small kernel for
 * virtual machines (no sound, no real hardware drivers; ext4 and the 8250 UART built in,
 * virtio as modules). It is fetched with {@code apt-get download} (never installed on the
 * host) and unpacked with {@code dpkg -x} into {@code <cache>/kernel/<package>/}.
 *
 * <p>When the package lists are older than the archive (the resolved version is gone: 404),
 * isobench runs {@code apt-get update} once, resolves again and retries before failing.
 *
 * <p>Once a kernel is in the cache it is used without asking apt again: results stay
 * comparable from run to run (the guest kernel is part of what is measured) and the VM
 * runtime works offline. Delete {@code <cache>/kernel/} to move to Debian's newest kernel.
 */
public final class DebianCloudKernel {
    /** The metapackage that always depends on the current cloud kernel. */
    public static final String METAPACKAGE = "linux-image-cloud-amd64";
    private static final Pattern VERSIONED = Pattern.compile("^\\s*Depends:\\s*(linux-image-\\d\\S*-cloud-amd64)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern CACHED = Pattern.compile("linux-image-\\d\\S*-cloud-amd64");
    private static final Duration APT_TIMEOUT = Duration.ofMinutes(15);

    private final Path cacheDir;
    private final Predicate<String> onPath;
    private final Commands commands;

    /** How apt, apt-cache and dpkg are run: {@link HostTool#run} (tests wrap it to play stale package lists). */
    @FunctionalInterface
    interface Commands {
        String run(List<String> argv, Path dir, Duration timeout) throws IOException;
    }

    /** @param cacheDir where kernels are kept, normally {@code CacheRoot.get().resolve("kernel")} */
    public DebianCloudKernel(Path cacheDir) {
        this(cacheDir, tool -> Programs.find(tool) != null, DebianCloudKernel::hostTool);
    }

    /** @param onPath whether a tool is installed (tests play a host without apt) */
    DebianCloudKernel(Path cacheDir, Predicate<String> onPath) {
        this(cacheDir, onPath, DebianCloudKernel::hostTool);
    }

    DebianCloudKernel(Path cacheDir, Predicate<String> onPath, Commands commands) {
        this.cacheDir = cacheDir;
        this.onPath = onPath;
        this.commands = commands;
    }

    /**
     * The cached kernel, fetching it first when the cache has none.
     *
     * @throws RuntimeFailure with one sentence: no apt on this host, apt cannot find or
     *                        download the package, or the package is not what we expect
     */
    public GuestKernel get() throws RuntimeFailure {
        Optional<Path> cached = cached();
        if (cached.isPresent()) {
            return fromUnpacked(cached.get());
        }
        if (!onPath.test("apt-get") || !onPath.test("dpkg") || !onPath.test("apt-cache")) {
            throw new RuntimeFailure("This host has no apt-get/dpkg to fetch the default guest kernel (Debian's "
                    + METAPACKAGE + "); pass --kernel FILE with an x86-64 Linux bzImage or vmlinux that has"
                    + " ext4, 8250 serial and virtio-mmio/virtio-blk (built in or as modules under"
                    + " lib/modules/<release> next to it).");
        }
        String pkg = resolvePackage();
        try {
            return fromUnpacked(fetch(pkg));
        } catch (RuntimeFailure first) {
            if (!Privileges.isRoot()) {
                throw first;
            }
            // Package lists older than the archive (a machine image a few weeks old) name a
            // kernel the security archive no longer serves: apt-get download answers 404.
            // Refresh the lists once and resolve again before giving up.
            aptUpdate();
            String fresh = resolvePackage();
            try {
                return fromUnpacked(fetch(fresh));
            } catch (RuntimeFailure second) {
                throw new RuntimeFailure(second.getMessage().equals(first.getMessage())
                        ? second.getMessage() + " (also after apt-get update)"
                        : second.getMessage() + " (after apt-get update; before it: " + first.getMessage() + ")", second);
            }
        }
    }

    private void aptUpdate() throws RuntimeFailure {
        try {
            commands.run(List.of("apt-get", "update", "-qq"), null, APT_TIMEOUT);
        } catch (IOException e) {
            throw new RuntimeFailure("apt-get update failed while looking for " + METAPACKAGE + ": "
                    + e.getMessage(), e);
        }
    }

    /** apt, apt-cache and dpkg as the host runs them (no input, no package hint: they are apt itself). */
    static String hostTool(List<String> argv, Path dir, Duration timeout) throws IOException {
        return HostTool.run(argv, dir, null, timeout, null);
    }

    /** The newest kernel already unpacked in the cache, if any. */
    Optional<Path> cached() throws RuntimeFailure {
        if (!Files.isDirectory(cacheDir)) {
            return Optional.empty();
        }
        try (Stream<Path> entries = Files.list(cacheDir)) {
            return entries.filter(p -> CACHED.matcher(p.getFileName().toString()).matches())
                    .filter(Files::isDirectory)
                    .max(Comparator.comparing(p -> versionKey(p.getFileName().toString())));
        } catch (IOException e) {
            throw new RuntimeFailure("cannot read the kernel cache " + cacheDir + ": " + e.getMessage(), e);
        }
    }

    /** The versioned package behind the metapackage, e.g. linux-image-6.1.0-56-cloud-amd64. */
    String resolvePackage() throws RuntimeFailure {
        Optional<String> pkg = dependencyOfMetapackage();
        if (pkg.isEmpty() && Privileges.isRoot()) {
            // A fresh system (a CI container) often has no package lists yet.
            aptUpdate();
            pkg = dependencyOfMetapackage();
        }
        return pkg.orElseThrow(() -> new RuntimeFailure("apt does not know " + METAPACKAGE
                + (Privileges.isRoot() ? " even after apt-get update" : " (run apt-get update as root)")
                + "; pass --kernel FILE to boot another kernel."));
    }

    private Optional<String> dependencyOfMetapackage() {
        String out;
        try {
            out = commands.run(List.of("apt-cache", "depends", METAPACKAGE), null, Duration.ofMinutes(1));
        } catch (IOException e) {
            return Optional.empty();
        }
        return parseDependency(out);
    }

    static Optional<String> parseDependency(String aptCacheDepends) {
        Matcher m = VERSIONED.matcher(aptCacheDepends);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * Downloads and unpacks {@code pkg} into a private temporary directory, then renames it
     * into place, so a reader never sees half a kernel and an interrupted fetch leaves
     * nothing that looks complete.
     */
    Path fetch(String pkg) throws RuntimeFailure {
        Path target = cacheDir.resolve(pkg);
        Path tmp = null;
        try {
            Files.createDirectories(cacheDir);
            removeStaleTemporaries(cacheDir);
            tmp = Files.createTempDirectory(cacheDir, "." + pkg + ".tmp");
            Path download = Files.createDirectory(tmp.resolve("deb"));
            List<String> argv = new ArrayList<>(List.of("apt-get", "download", "-qq"));
            if (Privileges.isRoot()) {
                // As root apt drops to the _apt user, who may not write into our cache.
                argv.addAll(List.of("-o", "APT::Sandbox::User=root"));
            }
            argv.add(pkg);
            commands.run(argv, download, APT_TIMEOUT);
            Path deb;
            try (Stream<Path> debs = Files.list(download)) {
                deb = debs.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst()
                        .orElseThrow(() -> new IOException("apt-get download left no .deb file"));
            }
            Path root = tmp.resolve("root");
            commands.run(List.of("dpkg", "-x", deb.toString(), root.toString()), null, Duration.ofMinutes(5));
            fromUnpacked(root); // reject a package that is not a kernel before it enters the cache
            try {
                Files.move(root, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
                // Another isobench fetched the same kernel at the same time: use theirs.
                if (!Files.isDirectory(target)) {
                    throw e;
                }
            }
            return target;
        } catch (IOException e) {
            throw new RuntimeFailure("cannot fetch the guest kernel " + pkg + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                FileTrees.deleteQuietly(tmp);
            }
        }
    }

    /** The kernel of an unpacked package: boot/vmlinuz-REL and lib/modules/REL. */
    static GuestKernel fromUnpacked(Path root) throws RuntimeFailure {
        Path modules = root.resolve("lib/modules");
        List<Path> releases;
        try (Stream<Path> s = Files.isDirectory(modules) ? Files.list(modules) : Stream.empty()) {
            releases = s.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            throw new RuntimeFailure("cannot read " + modules + ": " + e.getMessage(), e);
        }
        if (releases.size() != 1) {
            throw new RuntimeFailure("the kernel package in " + root + " has " + releases.size()
                    + " module directories under lib/modules, expected one; delete it to fetch it again.");
        }
        String release = releases.get(0).getFileName().toString();
        Path image = root.resolve("boot/vmlinuz-" + release);
        KernelFile.format(image);
        Optional<Path> config = Optional.of(root.resolve("boot/config-" + release)).filter(Files::isRegularFile);
        return new GuestKernel(image, release, Optional.of(releases.get(0)), config);
    }

    /**
     * Deletes temporary directories of fetches that were killed (Ctrl-C does not run
     * finally blocks) more than an hour ago; a younger one may belong to a running fetch.
     */
    static void removeStaleTemporaries(Path dir) {
        long cutoff = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") && name.contains(".tmp")
                        && Files.getLastModifiedTime(p, java.nio.file.LinkOption.NOFOLLOW_LINKS).toMillis() < cutoff) {
                    FileTrees.deleteQuietly(p);
                }
            }
        } catch (IOException ignored) {
            // housekeeping only
        }
    }

    /** Sort key that orders 6.1.0-9 before 6.1.0-56: digit runs compared as numbers. */
    static String versionKey(String name) {
        Matcher m = Pattern.compile("\\d+").matcher(name);
        StringBuilder key = new StringBuilder();
        int last = 0;
        while (m.find()) {
            key.append(name, last, m.start()).append(String.format("%010d", Long.parseLong(m.group())));
            last = m.end();
        }
        return key.append(name.substring(last)).toString();
    }
}
