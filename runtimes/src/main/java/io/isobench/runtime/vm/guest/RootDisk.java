package io.isobench.runtime.vm.guest;

import io.isobench.runtime.Programs;
import io.isobench.runtime.HostTool;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.launch.CacheRoot;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * A root filesystem as the VM's read-only root disk: an ext4 image made with
 * {@code mkfs.ext4 -d ROOT} (e2fsprogs), which guest-init mounts read-only and switches to.
 * Not an initramfs: the kernel unpacks an initramfs into guest RAM, so a root of hundreds of
 * MB would sit in the guest's memory and distort every memory figure; from a disk the guest
 * reads (and caches) only what the workload touches.
 *
 * <p>The image holds the root as it is, plus the mount points guest-init needs that the root
 * lacks ({@link #MOUNT_POINTS}, added with debugfs: the root directory itself is never
 * written). No journal (it is never written), no reserved blocks, 4 KiB blocks, inodes and
 * size from the tree with room to spare; the file is sparse, so the room costs nothing.
 *
 * <p>Cached as {@code <cache>/rootdisk/<key>.ext4}, the key a SHA-256 over the layout
 * version and either the root's content key (the digest or key its cache directory is named
 * by: oci:, docker-archive:, debian:) or, for a root without one, the tree's stat data
 * ({@link RootTree}; the same facts that key the initramfs).
 * Built in a temporary file in the cache directory and renamed into place only when mkfs and
 * debugfs succeeded and its superblock covers the file, so a failed or killed build leaves no
 * half-built image under a key. A cached image whose superblock does not cover its file
 * (truncated, overwritten) is removed and built again. The cache keeps the {@value #KEEP}
 * most recently used images.
 *
 * <p>Scanning a Debian root of 9000 entries takes 1-5 s on a busy 2-core host (and far more in
 * the nested rig, over 9p), so an instance scans each root once ({@link #standard()} is one
 * instance per process): later trials of the same run reuse the image found first, checking
 * only that it is still whole. A root is not expected to change while a run uses it.
 */
public final class RootDisk {
    /** Directories guest-init mounts on (or moves its mounts to) inside the root. */
    static final List<String> MOUNT_POINTS = List.of("proc", "sys", "dev", "tmp", "scratch");
    private static final String LAYOUT = "isobench-rootdisk-1";
    static final int KEEP = 4;
    static final int BLOCK = 4096;
    static final int INODE_BYTES = 256;
    /** Room beyond the tree's blocks: ext4's own metadata (group descriptors, bitmaps, extents, directories). */
    static final long DEFAULT_SLACK = 32L << 20;
    private static final Duration MKFS_TIMEOUT = Duration.ofMinutes(10);

    /** The user's cache, one instance per process so that its roots are scanned once. */
    private static final java.util.function.Supplier<RootDisk> STANDARD = new java.util.function.Supplier<>() {
        private RootDisk instance;

        @Override
        public synchronized RootDisk get() {
            if (instance == null) {
                instance = new RootDisk(CacheRoot.get().resolve("rootdisk"));
            }
            return instance;
        }
    };

    /** Root directory → its image, found by this instance (see the class comment). */
    private final java.util.concurrent.ConcurrentHashMap<Path, Path> found = new java.util.concurrent.ConcurrentHashMap<>();

    private final Path cacheDir;
    private final long slackBytes;

    /** The user's cache: {@code CacheRoot.get().resolve("rootdisk")}. */
    public static RootDisk standard() {
        return STANDARD.get();
    }

    public RootDisk(Path cacheDir) {
        this(cacheDir, DEFAULT_SLACK);
    }

    /** @param slackBytes room beyond the tree (tests make it too small to see mkfs fail) */
    RootDisk(Path cacheDir, long slackBytes) {
        this.cacheDir = cacheDir;
        this.slackBytes = slackBytes;
    }

    /**
     * The cached image of {@code root}, built first when no whole one matches.
     *
     * @throws RuntimeFailure one sentence: the root unreadable, e2fsprogs missing, mkfs failing
     */
    public Path get(Path root) throws RuntimeFailure {
        return get(root, null);
    }

    /**
     * As {@link #get(Path)}, keyed by {@code contentKey} when given: what identifies the root's
     * contents (the digest or key its cache directory is named by), so that finding the image
     * costs no scan of the tree; the tree is scanned only to build it. Null: the key is the
     * tree's stat data (a {@code dir:} root).
     */
    public Path get(Path root, String contentKey) throws RuntimeFailure {
        if (contentKey != null && !contentKey.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}")) {
            throw new RuntimeFailure("the root's content key '" + contentKey + "' is not a plain name.");
        }
        if (!Files.isDirectory(root) || !Files.isReadable(root)) {
            throw new RuntimeFailure("the root filesystem " + root + " is not a readable directory.");
        }
        Path known = found.get(root.toAbsolutePath());
        if (known != null && Files.isRegularFile(known) && damage(known) == null) {
            return known;
        }
        Path image = scanAndGet(root, contentKey);
        found.put(root.toAbsolutePath(), image);
        return image;
    }

    private Path scanAndGet(Path root, String contentKey) throws RuntimeFailure {
        List<RootTree.Entry> entries = contentKey == null ? scan(root) : null;
        Path target = cacheDir.resolve((contentKey == null ? key(entries) : key(contentKey)) + ".ext4");
        if (Files.isRegularFile(target)) {
            if (damage(target) == null) {
                CachedFiles.markUsed(target);
                return target;
            }
            try {
                Files.deleteIfExists(target); // a damaged image is never booted; build it again
            } catch (IOException e) {
                throw new RuntimeFailure("the cached root disk " + target + " is damaged (" + damage(target)
                        + ") and cannot be removed: " + e.getMessage(), e);
            }
        }
        Path tmp = null;
        try {
            Files.createDirectories(cacheDir);
            tmp = Files.createTempFile(cacheDir, "." + target.getFileName(), ".tmp");
            build(root, entries == null ? scan(root) : entries, tmp);
            String damage = damage(tmp);
            if (damage != null) {
                throw new IOException("mkfs.ext4 left an image that is not whole: " + damage);
            }
            // Readers see a whole image or none; a racing builder's rename wins harmlessly.
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            new CachedFiles(cacheDir, ".ext4", KEEP).prune(target);
            return target;
        } catch (IOException e) {
            throw new RuntimeFailure("cannot build the VM's root disk from " + root + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a stray .tmp never matches a key, and the next build sweeps it after an hour
                }
            }
        }
    }

    private static List<RootTree.Entry> scan(Path root) throws RuntimeFailure {
        try {
            return RootTree.scan(root, Set.of());
        } catch (IOException e) {
            throw new RuntimeFailure("cannot read the root filesystem " + root + ": " + e.getMessage(), e);
        }
    }

    /** Null when {@code image} is a whole ext4 image, else what is wrong with it. */
    static String damage(Path image) {
        try {
            return Ext4Superblock.read(image).mismatch(Files.size(image));
        } catch (IOException e) {
            return "it cannot be read: " + e.getMessage();
        }
    }

    private void build(Path root, List<RootTree.Entry> entries, Path image) throws IOException {
        Set<String> present = new HashSet<>();
        for (RootTree.Entry e : entries) {
            present.add(e.name());
        }
        List<String> missing = MOUNT_POINTS.stream().filter(m -> !present.contains(m)).toList();
        long inodes = entries.size() + missing.size() + 64L; // + root, lost+found and ext4's reserved inodes
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(size(entries, inodes, slackBytes));
        }
        if (Programs.find("mkfs.ext4") == null || Programs.find("debugfs") == null) {
            throw new IOException("mkfs.ext4 and debugfs are needed (Debian package e2fsprogs)");
        }
        // -F: a regular file; -m 0: no blocks reserved for root; no journal and no resize inode:
        // the image is read-only and never grows; -E nodiscard: nothing to discard in a fresh file.
        HostTool.run(List.of("mkfs.ext4", "-q", "-F", "-b", Integer.toString(BLOCK), "-I",
                Integer.toString(INODE_BYTES), "-N", Long.toString(inodes), "-m", "0", "-O", "^has_journal,^resize_inode",
                "-E", "nodiscard", "-L", "isobench-root", "-d", root.toString(), image.toString()), null, null, MKFS_TIMEOUT, null);
        for (String m : missing) {
            HostTool.run(List.of("debugfs", "-w", "-R", "mkdir /" + m, image.toString()), null, null, MKFS_TIMEOUT, null);
        }
        // debugfs exits 0 even when a command failed: check the result instead.
        String listing = HostTool.run(List.of("debugfs", "-R", "ls -p /", image.toString()), null, null, MKFS_TIMEOUT, null);
        for (String m : MOUNT_POINTS) {
            if (!listing.matches("(?s).*/\\d+/04\\d{4}/\\d+/\\d+/" + m + "/.*")) {
                throw new IOException("/" + m + " in the image is not a directory (guest-init mounts on it)");
            }
        }
    }

    /**
     * The image's size: every regular file, directory and long symlink in whole blocks, a tenth
     * more for directories of many entries and extent blocks, the inode tables, and the slack.
     */
    static long size(List<RootTree.Entry> entries, long inodes, long slackBytes) {
        long data = 0;
        for (RootTree.Entry e : entries) {
            switch (e.type()) {
                case RootTree.S_IFREG -> data += (e.size() + BLOCK - 1) / BLOCK * BLOCK;
                case RootTree.S_IFDIR -> data += BLOCK;
                case RootTree.S_IFLNK -> data += e.linkTarget().length() >= 60 ? BLOCK : 0; // short ones live in the inode
                default -> {
                }
            }
        }
        long bytes = data + data / 10 + inodes * INODE_BYTES + slackBytes;
        return (bytes + BLOCK - 1) / BLOCK * BLOCK;
    }

    static String key(String contentKey) {
        return hash(sha -> {
            RootTree.text(sha, "content-key");
            RootTree.text(sha, contentKey);
        });
    }

    static String key(List<RootTree.Entry> entries) {
        return hash(sha -> RootTree.digest(sha, entries));
    }

    private static String hash(java.util.function.Consumer<MessageDigest> input) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            RootTree.text(sha, LAYOUT);
            input.accept(sha);
            return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
