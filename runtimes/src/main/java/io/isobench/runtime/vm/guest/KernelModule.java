package io.isobench.runtime.vm.guest;

import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * One loadable module of the guest kernel.
 *
 * @param name the module's name as the kernel knows it ({@code virtio_blk}; dashes in file
 *             names become underscores)
 * @param file the file under lib/modules/REL: .ko, or compressed .ko.xz / .ko.gz
 */
public record KernelModule(String name, Path file) {

    /** The name of the module in {@code fileName}, or null when it is not a module file. */
    static String nameOf(String fileName) {
        for (String ext : new String[]{".ko", ".ko.xz", ".ko.gz", ".ko.zst"}) {
            if (fileName.endsWith(ext)) {
                return fileName.substring(0, fileName.length() - ext.length()).replace('-', '_');
            }
        }
        return null;
    }

    /** Name of the file guest-init loads, always uncompressed: e.g. {@code virtio_blk.ko}. */
    public String packedName() {
        return name + ".ko";
    }

    /**
     * The module's ELF bytes. Compressed modules are decompressed here on the host: the
     * kernel could only take them compressed (finit_module with MODULE_INIT_COMPRESSED_FILE)
     * when built with CONFIG_MODULE_DECOMPRESS, which Debian's 6.1 cloud kernel is not, and
     * the initramfs is not compressed anyway, so nothing is gained by shipping them packed.
     */
    public byte[] elf() throws IOException {
        String f = file.getFileName().toString();
        if (f.endsWith(".ko")) {
            return Files.readAllBytes(file);
        }
        try (InputStream raw = Files.newInputStream(file)) {
            if (f.endsWith(".ko.xz")) {
                try (InputStream in = new XZCompressorInputStream(raw)) {
                    return in.readAllBytes();
                }
            }
            if (f.endsWith(".ko.gz")) {
                try (InputStream in = new GZIPInputStream(raw)) {
                    return in.readAllBytes();
                }
            }
        }
        throw new IOException("cannot decompress the kernel module " + file
                + " (zstd is not supported); decompress the kernel's modules with unzstd and try again");
    }
}
