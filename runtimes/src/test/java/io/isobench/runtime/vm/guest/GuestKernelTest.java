package io.isobench.runtime.vm.guest;

import io.isobench.runtime.RuntimeFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuestKernelTest {

    /** Fetches the real package with apt into an empty cache, then serves it from the cache. */
    @Test
    void fetchesDebianCloudKernelOnceAndReusesIt(@TempDir Path cache) throws Exception {
        DebianCloudKernel debian = new DebianCloudKernel(cache);
        long t0 = System.nanoTime();
        GuestKernel kernel = debian.get();
        long fetchMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("GuestKernelTest: fetched " + kernel.release() + " in " + fetchMs + " ms");

        assertTrue(kernel.release().matches("\\d+\\.\\d+\\.\\d+-\\d+-cloud-amd64"), kernel.release());
        assertEquals(KernelFile.Format.BZIMAGE, KernelFile.format(kernel.image()));
        assertEquals(Optional.of(kernel.release()), KernelFile.release(kernel.image()));
        assertEquals(KernelCommandLine.COMMAND_LINE_SIZE, KernelFile.commandLineLimit(kernel.image()));
        assertTrue(Files.isRegularFile(kernel.modules().orElseThrow().resolve("kernel/drivers/block/virtio_blk.ko")));
        assertEquals(Optional.of(true), kernel.builtIn("EXT4_FS"));
        assertNotEquals(System.getProperty("os.version"), kernel.release());
        assertTrue(kernel.image().startsWith(cache.resolve("linux-image-" + kernel.release())));
        try (var left = Files.list(cache)) {
            assertEquals(1, left.count(), "no temporary directory may be left behind");
        }

        long t1 = System.nanoTime();
        GuestKernel again = debian.get();
        assertEquals(kernel, again);
        assertTrue((System.nanoTime() - t1) / 1_000_000 < 1000, "a cached kernel must not be fetched again");
    }

    /**
     * Package lists older than the archive: apt resolves the metapackage to a kernel version
     * the archive no longer has, and apt-get download fails (404 for a real stale list; here,
     * a version that never existed, which real apt refuses the same way). isobench runs
     * apt-get update once, resolves again and fetches the real kernel. apt-cache is played
     * stale until apt-get update is asked for; every other command (the download attempts,
     * dpkg -x) is real.
     */
    @Test
    void staleListsAreRefreshedOnceAndTheFetchRetried(@TempDir Path cache) throws Exception {
        List<String> asked = new ArrayList<>();
        AtomicBoolean updated = new AtomicBoolean();
        DebianCloudKernel.Commands stale = (argv, dir, timeout) -> {
            asked.add(String.join(" ", argv));
            if (argv.get(0).equals("apt-get") && argv.get(1).equals("update")) {
                updated.set(true); // the real update is slow and shared: playing it is enough here
                return "";
            }
            if (argv.get(0).equals("apt-cache") && !updated.get()) {
                return "linux-image-cloud-amd64\n  Depends: linux-image-6.1.0-1-cloud-amd64\n";
            }
            return DebianCloudKernel.hostTool(argv, dir, timeout);
        };
        GuestKernel kernel = new DebianCloudKernel(cache, tool -> io.isobench.runtime.Programs.find(tool) != null, stale).get();

        assertTrue(kernel.release().matches("\\d+\\.\\d+\\.\\d+-\\d+-cloud-amd64"), kernel.release());
        assertNotEquals("6.1.0-1-cloud-amd64", kernel.release());
        List<String> apt = asked.stream().filter(a -> a.startsWith("apt")).toList();
        assertEquals(5, apt.size(), apt.toString());
        assertTrue(apt.get(1).startsWith("apt-get download") && apt.get(1).endsWith("linux-image-6.1.0-1-cloud-amd64"), apt.toString());
        assertEquals("apt-get update -qq", apt.get(2));
        assertTrue(apt.get(4).startsWith("apt-get download") && apt.get(4).endsWith("linux-image-" + kernel.release()), apt.toString());
        try (var left = Files.list(cache)) {
            assertEquals(1, left.count(), "the failed first fetch left something behind");
        }
    }

    @Test
    void hostWithoutAptIsToldToPassKernel(@TempDir Path cache) {
        RuntimeFailure e = assertThrows(RuntimeFailure.class,
                () -> new DebianCloudKernel(cache, tool -> !tool.startsWith("apt")).get());
        assertTrue(e.getMessage().startsWith("This host has no apt-get/dpkg to fetch the default guest kernel"
                + " (Debian's linux-image-cloud-amd64); pass --kernel FILE with an x86-64 Linux bzImage or vmlinux"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void userKernelFindsModulesOfItsUnpackedPackage(@TempDir Path dir) throws Exception {
        String rel = "6.1.0-99-test";
        Path boot = Files.createDirectories(dir.resolve("boot"));
        Path image = boot.resolve("vmlinuz-" + rel);
        Files.write(image, fakeBzImage(rel));
        Files.writeString(boot.resolve("config-" + rel), "CONFIG_EXT4_FS=y\nCONFIG_VIRTIO_BLK=m\n");
        Path modules = Files.createDirectories(dir.resolve("lib/modules/" + rel + "/kernel"));

        GuestKernel k = GuestKernel.ofFile(image);
        assertEquals(rel, k.release());
        assertEquals(Optional.of(modules.getParent()), k.modules());
        assertEquals(Optional.of(true), k.builtIn("EXT4_FS"));
        assertEquals(Optional.of(false), k.builtIn("VIRTIO_BLK"));
    }

    @Test
    void userKernelWithoutModulesBootsWithoutThem(@TempDir Path dir) throws Exception {
        Path image = dir.resolve("bzImage");
        Files.write(image, fakeBzImage("9.9.9-nomods"));
        GuestKernel k = GuestKernel.ofFile(image);
        assertEquals("9.9.9-nomods", k.release());
        assertEquals(256, KernelFile.commandLineLimit(image), "boot protocol 0.00 (< 2.06): 255 characters");
        assertEquals(Optional.empty(), k.modules());
        assertEquals(Optional.empty(), k.builtIn("EXT4_FS"));
    }

    @Test
    void elfKernelIsAccepted(@TempDir Path dir) throws Exception {
        Path image = dir.resolve("vmlinux");
        byte[] bytes = new byte[4096];
        bytes[0] = 0x7f;
        bytes[1] = 'E';
        bytes[2] = 'L';
        bytes[3] = 'F';
        byte[] banner = "Linux version 6.6.6-elf (me@host) #1 SMP".getBytes();
        System.arraycopy(banner, 0, bytes, 1000, banner.length);
        Files.write(image, bytes);
        assertEquals(KernelFile.Format.ELF, KernelFile.format(image));
        assertEquals(2048, KernelFile.commandLineLimit(image));
        assertEquals("6.6.6-elf", GuestKernel.ofFile(image).release());
    }

    @Test
    void fileThatIsNotAKernelGetsOneClearSentence(@TempDir Path dir) throws Exception {
        Path notKernel = dir.resolve("notes.txt");
        Files.writeString(notKernel, "hello ".repeat(200));
        RuntimeFailure e = assertThrows(RuntimeFailure.class, () -> GuestKernel.ofFile(notKernel));
        assertEquals(notKernel + " is not a Linux kernel: it has neither a bzImage boot header (\"HdrS\" at 0x202)"
                + " nor an ELF header.", e.getMessage());

        RuntimeFailure missing = assertThrows(RuntimeFailure.class, () -> GuestKernel.ofFile(dir.resolve("nope")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        assertFalse(missing.getMessage().contains("\n"));
    }

    @Test
    void temporariesOfKilledFetchesAreRemovedOnceStale(@TempDir Path cache) throws Exception {
        Path stale = Files.createDirectories(cache.resolve(".linux-image-1-cloud-amd64.tmp123/deb"));
        Files.setLastModifiedTime(stale.getParent(), java.nio.file.attribute.FileTime.fromMillis(
                System.currentTimeMillis() - 2 * 3600_000L));
        Path fresh = Files.createDirectories(cache.resolve(".linux-image-1-cloud-amd64.tmp456"));
        Path kernel = Files.createDirectories(cache.resolve("linux-image-1-cloud-amd64"));
        Files.setLastModifiedTime(kernel, java.nio.file.attribute.FileTime.fromMillis(0));
        DebianCloudKernel.removeStaleTemporaries(cache);
        assertFalse(Files.exists(stale.getParent()));
        assertTrue(Files.exists(fresh), "a running fetch's directory stays");
        assertTrue(Files.exists(kernel), "a cached kernel stays, however old");
    }

    @Test
    void metapackageDependencyIsTheVersionedCloudKernel() {
        String out = "linux-image-cloud-amd64\n  Depends: linux-image-6.1.0-56-cloud-amd64\n";
        assertEquals(Optional.of("linux-image-6.1.0-56-cloud-amd64"), DebianCloudKernel.parseDependency(out));
        assertEquals(Optional.empty(), DebianCloudKernel.parseDependency("linux-image-cloud-amd64\n"));
        assertTrue(DebianCloudKernel.versionKey("linux-image-6.1.0-9-cloud-amd64")
                .compareTo(DebianCloudKernel.versionKey("linux-image-6.1.0-56-cloud-amd64")) < 0);
    }

    /** The first bytes of a bzImage: "HdrS" at 0x202 and kernel_version pointing at a string. */
    static byte[] fakeBzImage(String release) {
        byte[] b = new byte[8192];
        b[0x202] = 'H';
        b[0x203] = 'd';
        b[0x204] = 'r';
        b[0x205] = 'S';
        int at = 0x1000;
        int ptr = at - 0x200;
        b[0x20E] = (byte) ptr;
        b[0x20F] = (byte) (ptr >> 8);
        byte[] s = (release + " (builder@host) #1 SMP").getBytes();
        System.arraycopy(s, 0, b, at, s.length);
        return b;
    }
}
