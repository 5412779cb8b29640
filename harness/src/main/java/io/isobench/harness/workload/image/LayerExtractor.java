package io.isobench.harness.workload.image;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Unpacks image layers (tar, optionally gzip) onto a root directory, in order, with the
 * OCI whiteouts: {@code .wh.NAME} deletes NAME of the lower layers, {@code .wh..wh..opq}
 * empties its directory of the lower layers' content.
 *
 * <p>A layer is hostile input. Refused, each with one sentence ({@link LayerException}):
 * names that are absolute or contain {@code ..}; writing through a symbolic link (every
 * parent of an entry must be a real directory, files are created without following
 * links); relative symbolic links and hard links whose target lies outside the root;
 * device nodes, FIFOs and other special files; names and link targets longer than
 * {@link #MAX_NAME} bytes. An absolute symbolic link target is kept: it is resolved
 * inside the root by every runtime (chroot, the container's pivot_root, the VM's root),
 * and this extractor never follows links.
 */
public final class LayerExtractor {
    /** PATH_MAX: a longer name is no file a Linux root can hold. */
    public static final int MAX_NAME = 4096;
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";

    private final Path root;

    public LayerExtractor(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * Applies one layer: its whiteouts first (they apply to the lower layers only), then
     * its entries. Reads the blob twice, from the file.
     */
    public void apply(Path blob, String what) throws IOException {
        try (TarArchiveInputStream tar = open(blob)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = checkedName(e.getName(), what);
                String base = name.substring(name.lastIndexOf('/') + 1);
                if (base.equals(OPAQUE)) {
                    Path dir = parentInRoot(name, what, false);
                    if (dir != null && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                        try (Stream<Path> children = Files.list(dir)) {
                            for (Path c : children.toList()) {
                                deleteTree(c);
                            }
                        }
                    }
                } else if (base.startsWith(WHITEOUT)) {
                    Path dir = parentInRoot(name, what, false);
                    String hidden = base.substring(WHITEOUT.length());
                    if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
                        throw new LayerException(what + ": whiteout entry '" + e.getName() + "' names no file");
                    }
                    if (dir != null) {
                        deleteTree(dir.resolve(hidden));
                    }
                }
            }
        }
        try (TarArchiveInputStream tar = open(blob)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = checkedName(e.getName(), what);
                String base = name.substring(name.lastIndexOf('/') + 1);
                if (base.startsWith(WHITEOUT) || name.isEmpty()) {
                    continue; // whiteouts are applied; "./" is the root itself
                }
                extract(e, name, tar, what);
            }
        }
    }

    private static TarArchiveInputStream open(Path blob) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(blob));
        in.mark(4);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            in = new GzipCompressorInputStream(in, true);
        } else if (b1 == 0x28 && b2 == 0xb5) {
            in.close();
            throw new LayerException("layer " + blob.getFileName() + " is zstd-compressed, which isobench does not unpack (gzip or plain tar only)");
        }
        return new TarArchiveInputStream(in);
    }

    /** The entry's name relative to the root, without "./" or a trailing "/"; "" for the root. */
    static String checkedName(String raw, String what) {
        if (raw.length() > MAX_NAME) {
            throw new LayerException(what + ": an entry name of " + raw.length() + " bytes is longer than " + MAX_NAME);
        }
        if (raw.indexOf('\0') >= 0) {
            throw new LayerException(what + ": entry name contains a NUL byte");
        }
        if (raw.startsWith("/")) {
            throw new LayerException(what + ": entry '" + raw + "' has an absolute path");
        }
        List<String> parts = new ArrayList<>();
        for (String p : raw.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                throw new LayerException(what + ": entry '" + raw + "' escapes the root with '..'");
            }
            parts.add(p);
        }
        return String.join("/", parts);
    }

    /**
     * The entry's parent directory inside the root, every component checked to be a real
     * directory (not a symbolic link); created when {@code create}, else null when missing.
     */
    private Path parentInRoot(String name, String what, boolean create) throws IOException {
        Path dir = root;
        int slash = name.lastIndexOf('/');
        if (slash < 0) {
            return dir;
        }
        for (String p : name.substring(0, slash).split("/")) {
            dir = dir.resolve(p);
            if (Files.isSymbolicLink(dir)) {
                throw new LayerException(what + ": entry '" + name + "' would be written through the symbolic link /"
                        + root.relativize(dir));
            }
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                if (!create) {
                    return null;
                }
                Files.createDirectory(dir);
            } else if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new LayerException(what + ": entry '" + name + "' lies below /" + root.relativize(dir) + ", which is not a directory");
            }
        }
        return dir;
    }

    private void extract(TarArchiveEntry e, String name, InputStream data, String what) throws IOException {
        if (e.getLinkName() != null && e.getLinkName().length() > MAX_NAME) {
            throw new LayerException(what + ": the link target of '" + name + "' is longer than " + MAX_NAME + " bytes");
        }
        // Special files first: commons-compress calls any entry not ending in '/' a file.
        if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
            String kind = e.isFIFO() ? "a FIFO" : "a device node";
            throw new LayerException(what + ": entry '" + name + "' is " + kind + ", which isobench does not create");
        }
        byte type = e.getLinkFlag();
        boolean regular = type == TarConstants.LF_NORMAL || type == TarConstants.LF_OLDNORM || type == TarConstants.LF_CONTIG;
        if (!e.isDirectory() && !e.isSymbolicLink() && !e.isLink() && !regular) {
            throw new LayerException(what + ": entry '" + name + "' is of tar type '" + (char) type + "', which isobench does not create");
        }
        Path parent = parentInRoot(name, what, true);
        Path target = parent.resolve(name.substring(name.lastIndexOf('/') + 1));
        if (e.isDirectory()) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                deleteTree(target);
            }
            if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(target);
            }
            attributes(target, e);
        } else if (e.isSymbolicLink()) {
            String link = e.getLinkName();
            if (link.isEmpty()) {
                throw new LayerException(what + ": symbolic link '" + name + "' has no target");
            }
            if (!link.startsWith("/") && escapes(name, link)) {
                throw new LayerException(what + ": symbolic link '" + name + "' -> '" + link + "' points outside the root");
            }
            deleteTree(target);
            Files.createSymbolicLink(target, Path.of(link));
            owner(target, e);
        } else if (e.isLink()) {
            String linked = checkedName(e.getLinkName(), what);
            Path source = parentInRoot(linked, what, false);
            source = source == null ? null : source.resolve(linked.substring(linked.lastIndexOf('/') + 1));
            if (source == null || !Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
                throw new LayerException(what + ": hard link '" + name + "' -> '" + e.getLinkName() + "' names no file of the root");
            }
            deleteTree(target);
            Files.createLink(target, source);
        } else {
            deleteTree(target);
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                data.transferTo(out);
            } catch (FileAlreadyExistsException x) {
                throw new LayerException(what + ": entry '" + name + "' appeared twice at once");
            }
            attributes(target, e);
        }
    }

    /** Whether a relative link target, resolved lexically from the link's directory, leaves the root. */
    static boolean escapes(String name, String link) {
        int depth = name.split("/").length - 1;
        for (String p : link.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            depth += p.equals("..") ? -1 : 1;
            if (depth < 0) {
                return true;
            }
        }
        return false;
    }

    private static void attributes(Path p, TarArchiveEntry e) throws IOException {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((e.getMode() & (1 << i)) != 0) {
                perms.add(order[i]);
            }
        }
        Files.setPosixFilePermissions(p, perms);
        owner(p, e);
    }

    private static void owner(Path p, TarArchiveEntry e) throws IOException {
        Files.setAttribute(p, "unix:uid", (int) e.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", (int) e.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
    }

    /** Deletes a path and what is below it, never following a symbolic link. */
    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> children = Files.list(p)) {
                for (Path c : children.toList()) {
                    deleteTree(c);
                }
            }
        }
        Files.delete(p);
    }
}
