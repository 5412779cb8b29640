package io.isobench.runtime.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small root filesystem for container and VM tests: Debian's busybox-static as /bin/busybox
 * plus one symlink per applet (what {@code busybox --install -s} does, but with relative
 * links that stay inside the rootfs), and the usual mount points.
 */
public final class BusyboxRootfs {
    public static final Path BUSYBOX = Path.of("/bin/busybox");

    private BusyboxRootfs() {
    }

    public static Path create(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(BUSYBOX)) {
            throw new IllegalStateException(BUSYBOX + " is missing: install busybox-static (scripts/install-deps)");
        }
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.copy(BUSYBOX, bin.resolve("busybox"));
        Process list = new ProcessBuilder(BUSYBOX.toString(), "--list").redirectErrorStream(true).start();
        String applets = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!list.waitFor(10, TimeUnit.SECONDS) || list.exitValue() != 0) {
            throw new IOException("busybox --list failed: " + applets);
        }
        for (String applet : applets.split("\n")) {
            applet = applet.strip();
            if (!applet.isEmpty() && !applet.equals("busybox") && !applet.contains("/")) {
                Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
            }
        }
        for (String d : new String[] {"proc", "sys", "dev", "tmp", "mnt", "etc", "root"}) {
            Files.createDirectories(dir.resolve(d));
        }
        Files.writeString(dir.resolve("etc/hosts"), "127.0.0.1 localhost\n");
        return dir;
    }
}
