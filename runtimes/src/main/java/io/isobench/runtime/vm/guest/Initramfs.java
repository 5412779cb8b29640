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
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.Objects;

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
    private static final int S_IFMT = RootTree.S_IFMT;
    private static final int S_IFDIR = RootTree.S_IFDIR;
    private static final int S_IFREG = RootTree.S_IFREG;
    private static final int S_IFLNK = RootTree.S_IFLNK;

    /** What goes into an initramfs. */
    public record Contents(Path rootfs, Path guestInit, List<KernelModule> modules) {
        public Contents {
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
        List<RootTree.Entry> entries = scan(contents.rootfs());
        String key = key(contents, entries);
        Path target = cacheDir.resolve(key + ".cpio");
        if (Files.isRegularFile(target)) {
            CachedFiles.markUsed(target);
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
            new CachedFiles(cacheDir, ".cpio", KEEP).prune(target);
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

    /**
     * The root directory's entries, parents before children, names sorted (reproducible archives);
     * devices, FIFOs and sockets left out (devtmpfs and the workload make their own).
     */
    static List<RootTree.Entry> scan(Path rootfs) throws RuntimeFailure {
        if (rootfs == null) {
            return List.of(); // a boot-only archive: guest-init and modules, the root is a disk
        }
        if (!Files.isDirectory(rootfs) || !Files.isReadable(rootfs)) {
            throw new RuntimeFailure("the root filesystem " + rootfs + " is not a readable directory.");
        }
        List<RootTree.Entry> entries = new ArrayList<>();
        try {
            for (RootTree.Entry e : RootTree.scan(rootfs, Set.of("init", "isobench"))) { // guest-init's names
                int type = e.type();
                if (type != S_IFDIR && type != S_IFREG && type != S_IFLNK) {
                    continue;
                }
                if (type == S_IFREG && !Files.isReadable(e.path())) {
                    throw new IOException(e.path() + " is not readable");
                }
                entries.add(e);
            }
        } catch (IOException e) {
            throw new RuntimeFailure("cannot read the root filesystem " + rootfs + ": " + e.getMessage(), e);
        }
        return entries;
    }

    static String key(Contents contents, List<RootTree.Entry> entries) throws RuntimeFailure {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            text(sha, LAYOUT);
            RootTree.digest(sha, entries);
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
        RootTree.text(sha, s);
    }

    /** Writes the newc archive: the root entries, /init, /isobench with modules and their list. */
    static void write(Contents contents, List<RootTree.Entry> entries, OutputStream out) throws IOException {
        try (CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(out, CpioConstants.FORMAT_NEW)) {
            Inodes inodes = new Inodes();
            for (RootTree.Entry e : entries) {
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
