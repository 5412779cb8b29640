package io.isobench.harness.workload.image;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds test tar layers entry by entry, hostile ones included. */
final class Tars {
    private final List<TarArchiveEntry> entries = new ArrayList<>();
    private final List<byte[]> data = new ArrayList<>();

    Tars dir(String name) {
        TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true);
        e.setMode(040755);
        return add(e, new byte[0]);
    }

    Tars file(String name, String content) {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        e.setSize(b.length);
        e.setMode(0100644);
        return add(e, b);
    }

    Tars symlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK, true);
        e.setLinkName(target);
        return add(e, new byte[0]);
    }

    Tars hardlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_LINK, true);
        e.setLinkName(target);
        return add(e, new byte[0]);
    }

    Tars device(String name) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_CHR, true);
        e.setDevMajor(1);
        e.setDevMinor(3);
        return add(e, new byte[0]);
    }

    private Tars add(TarArchiveEntry e, byte[] b) {
        entries.add(e);
        data.add(b);
        return this;
    }

    byte[] bytes(boolean gzip) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (OutputStream o = gzip ? new GzipCompressorOutputStream(buf) : buf;
             TarArchiveOutputStream tar = new TarArchiveOutputStream(o)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (int i = 0; i < entries.size(); i++) {
                tar.putArchiveEntry(entries.get(i));
                tar.write(data.get(i));
                tar.closeArchiveEntry();
            }
        }
        return buf.toByteArray();
    }

    Path write(Path file, boolean gzip) throws IOException {
        return Files.write(file, bytes(gzip));
    }
}
