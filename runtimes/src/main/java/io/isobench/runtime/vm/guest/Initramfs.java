package io.isobench.runtime.vm.guest;

import io.isobench.runtime.RuntimeFailure;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The VM's root file system: a newc cpio that the kernel unpacks into its rootfs (tmpfs).
 * It holds the root directory (the shared image or any {@code --rootfs}), guest-init as
 * {@code /init} (the kernel's default rdinit), and under {@code /isobench/} the kernel modules
 * (decompressed) with {@code modules.list} naming them in load order. The root directory's
 * own {@code /init} and {@code /isobench}, if any, are left out: those names are guest-init's.
 *
 * <p>Regular files, directories and symlinks keep their mode, owner and mtime; device nodes,
 * FIFOs and sockets are left out (devtmpfs provides /dev). Hard links become separate files.
 *
 * <p>Uncompressed on purpose: the kernel would have to decompress it in the guest, in the
 * boot time we measure, while the host maps the file from its page cache for free; it
 * costs guest RAM only until the kernel frees it after unpacking.
 *
 * <p>Cached as {@code <cache>/<key>.cpio}, the key a SHA-256 over the layout version, every
 * root entry's path, type, mode, owner, size, mtime and link target, guest-init's bytes and
 * each module's path, size and mtime. Stat data rather than contents: hashing a 100 MB image
 * on every run would cost more than it saves, and the shared image is itself
 * content-addressed; an edit that keeps a file's size and mtime is not noticed (as with make).
 * The cache keeps the {@value #KEEP} most recently used archives.
 */
public final class Initramfs {
    /** Where guest-init finds its modules and their order (see guest-init/main.c). */
    static final String MODULE_DIR = "isobench/modules";
    static final String MODULE_LIST = "isobench/modules.list";
    private static final String LAYOUT = "isobench-initramfs-1";
    /** How many archives the cache keeps. */
    static final int KEEP = 4;
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;

    /** What goes into an initramfs. */
    public record Contents(Path rootfs, Path guestInit, List<KernelModule> modules) {
        public Contents {
            Objects.requireNonNull(rootfs);
            Objects.requireNonNull(guestInit);
            modules = List.copyOf(modules);
        }
    }

    private final Path cacheDir;

    /** @param cacheDir normally {@code CacheRoot.get().resolve("initramfs")} */
    public Initramfs(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    /**
     * The cached cpio for {@code contents}, built first when no cached one matches.
     *
     * @throws RuntimeFailure when the root directory or an input cannot be read, or the cache
     *                        cannot be written
     */
    public Path get(Contents contents) throws RuntimeFailure {
        List<Entry> entries = scan(contents.rootfs());
        String key = key(contents, entries);
        Path target = cacheDir.resolve(key + ".cpio");
        if (Files.isRegularFile(target)) {
            markUsed(target);
            return target;
        }
        Path tmp = null;
        try {
            Files.createDirectories(cacheDir);
            tmp = Files.createTempFile(cacheDir, "." + key, ".tmp");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                write(contents, entries, out);
            }
            // Readers see a complete file or none; a racing builder's rename wins harmlessly.
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            prune(target);
            DebianCloudKernel.removeStaleTemporaries(cacheDir);
            return target;
        } catch (IOException e) {
            throw new RuntimeFailure("cannot build the VM's initramfs from " + contents.rootfs() + ": "
                    + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a stray .tmp never matches a key
                }
            }
        }
    }

    /** The mtime of a cached archive is its last use, for {@link #prune}. */
    private static void markUsed(Path archive) {
        try {
            Files.setLastModifiedTime(archive, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException ignored) {
            // a read-only cache still works; it just prunes by build time
        }
    }

    /**
     * Keeps the {@value #KEEP} most recently used archives: every new image (each isobench
     * build changes the workloads jar) makes a new one of 50+ MB, and old ones are never
     * used again.
     */
    private void prune(Path keep) {
        try (Stream<Path> files = Files.list(cacheDir)) {
            List<Path> archives = files.filter(p -> p.getFileName().toString().endsWith(".cpio") && !p.equals(keep))
                    .sorted(java.util.Comparator.comparing(Initramfs::lastUse).reversed())
                    .toList();
            for (Path old : archives.subList(Math.min(KEEP - 1, archives.size()), archives.size())) {
                Files.deleteIfExists(old);
            }
        } catch (IOException ignored) {
            // pruning is housekeeping; never fail a run for it
        }
    }

    private static FileTime lastUse(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** One file of the root directory, with the stat data the key and the archive need. */
    record Entry(String name, Path path, int mode, int uid, int gid, long size, FileTime mtime, String linkTarget) {
    }

    /** The root directory's entries, parents before children, names sorted (reproducible archives). */
    static List<Entry> scan(Path rootfs) throws RuntimeFailure {
        if (!Files.isDirectory(rootfs) || !Files.isReadable(rootfs)) {
            throw new RuntimeFailure("the root filesystem " + rootfs + " is not a readable directory.");
        }
        List<Entry> entries = new ArrayList<>();
        try {
            scanDir(rootfs, "", entries);
        } catch (IOException e) {
            throw new RuntimeFailure("cannot read the root filesystem " + rootfs + ": " + e.getMessage(), e);
        }
        return entries;
    }

    private static void scanDir(Path dir, String prefix, List<Entry> entries) throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.sorted().toList();
        }
        for (Path p : children) {
            String name = prefix + p.getFileName();
            if (prefix.isEmpty() && (name.equals("init") || name.equals("isobench"))) {
                continue; // guest-init's names
            }
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,lastModifiedTime",
                    LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            int type = mode & S_IFMT;
            if (type != S_IFDIR && type != S_IFREG && type != S_IFLNK) {
                continue; // devices, FIFOs, sockets: devtmpfs and the workload make their own
            }
            if (type == S_IFREG && !Files.isReadable(p)) {
                throw new IOException(p + " is not readable");
            }
            String target = type == S_IFLNK ? Files.readSymbolicLink(p).toString() : null;
            entries.add(new Entry(name, p, mode, (Integer) a.get("uid"), (Integer) a.get("gid"),
                    type == S_IFREG ? (Long) a.get("size") : 0, (FileTime) a.get("lastModifiedTime"), target));
            if (type == S_IFDIR) {
                scanDir(p, name + "/", entries);
            }
        }
    }

    static String key(Contents contents, List<Entry> entries) throws RuntimeFailure {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            text(sha, LAYOUT);
            for (Entry e : entries) {
                text(sha, e.name());
                sha.update(ByteBuffer.allocate(32).putInt(e.mode()).putInt(e.uid()).putInt(e.gid())
                        .putLong(e.size()).putLong(e.mtime().to(TimeUnit.NANOSECONDS)).array());
                text(sha, e.linkTarget() == null ? "" : e.linkTarget());
            }
            text(sha, "init");
            sha.update(Files.readAllBytes(contents.guestInit()));
            for (KernelModule m : contents.modules()) {
                text(sha, m.name());
                text(sha, m.file().toAbsolutePath().toString());
                sha.update(ByteBuffer.allocate(16).putLong(Files.size(m.file()))
                        .putLong(Files.getLastModifiedTime(m.file()).toMillis()).array());
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        } catch (IOException e) {
            throw new RuntimeFailure("cannot read the initramfs inputs: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void text(MessageDigest sha, String s) {
        sha.update(s.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }

    /** Writes the newc archive: the root entries, /init, /isobench with modules and their list. */
    static void write(Contents contents, List<Entry> entries, OutputStream out) throws IOException {
        try (CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(out, CpioConstants.FORMAT_NEW)) {
            Inodes inodes = new Inodes();
            for (Entry e : entries) {
                int type = e.mode() & S_IFMT;
                if (type == S_IFDIR) {
                    put(cpio, entry(inodes, e.name(), e.mode(), e.uid(), e.gid(), e.mtime(), 0));
                } else if (type == S_IFLNK) {
                    byte[] target = e.linkTarget().getBytes(StandardCharsets.UTF_8);
                    put(cpio, entry(inodes, e.name(), e.mode(), e.uid(), e.gid(), e.mtime(), target.length), target);
                } else {
                    CpioArchiveEntry ce = entry(inodes, e.name(), e.mode(), e.uid(), e.gid(), e.mtime(), e.size());
                    cpio.putArchiveEntry(ce);
                    try (InputStream in = Files.newInputStream(e.path())) {
                        long copied = in.transferTo(cpio);
                        if (copied != e.size()) {
                            throw new IOException(e.path() + " changed size while it was packed");
                        }
                    }
                    cpio.closeArchiveEntry();
                }
            }
            FileTime now = FileTime.fromMillis(0);
            put(cpio, entry(inodes, "init", S_IFREG | 0755, 0, 0, now, Files.size(contents.guestInit())),
                    Files.readAllBytes(contents.guestInit()));
            put(cpio, entry(inodes, "isobench", S_IFDIR | 0755, 0, 0, now, 0));
            put(cpio, entry(inodes, MODULE_DIR, S_IFDIR | 0755, 0, 0, now, 0));
            StringBuilder list = new StringBuilder();
            for (KernelModule m : contents.modules()) {
                byte[] elf = m.elf();
                put(cpio, entry(inodes, MODULE_DIR + "/" + m.packedName(), S_IFREG | 0644, 0, 0, now, elf.length), elf);
                list.append(m.packedName()).append('\n');
            }
            byte[] listBytes = list.toString().getBytes(StandardCharsets.UTF_8);
            put(cpio, entry(inodes, MODULE_LIST, S_IFREG | 0644, 0, 0, now, listBytes.length), listBytes);
            cpio.finish();
        }
    }

    private static CpioArchiveEntry entry(Inodes inodes, String name, int mode, int uid, int gid, FileTime mtime,
                                          long size) {
        CpioArchiveEntry e = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, name, size);
        e.setMode(mode);
        e.setUID(uid);
        e.setGID(gid);
        e.setTime(mtime.toMillis() / 1000);
        // One link each: the kernel only looks for hard links when nlink > 1.
        e.setNumberOfLinks((mode & S_IFMT) == S_IFDIR ? 2 : 1);
        e.setInode(inodes.next());
        return e;
    }

    private static void put(CpioArchiveOutputStream cpio, CpioArchiveEntry e, byte... data) throws IOException {
        cpio.putArchiveEntry(e);
        cpio.write(data);
        cpio.closeArchiveEntry();
    }

    private static final class Inodes {
        private long next = 1;

        long next() {
            return next++;
        }
    }
}
