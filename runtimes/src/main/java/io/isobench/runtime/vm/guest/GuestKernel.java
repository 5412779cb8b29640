package io.isobench.runtime.vm.guest;

import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.launch.CacheRoot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The kernel a VM boots.
 *
 * @param image   the bzImage (or ELF vmlinux) to load
 * @param release its {@code uname -r}, e.g. 6.1.0-56-cloud-amd64
 * @param modules its {@code lib/modules/<release>} directory, when it has one we can find;
 *                without it guest-init loads no modules, so virtio must be built in
 * @param config  its {@code config-<release>}, when present (used to check facts, e.g.
 *                whether it can decompress modules itself)
 */
public record GuestKernel(Path image, String release, Optional<Path> modules, Optional<Path> config) {

    public GuestKernel {
        Objects.requireNonNull(image);
        Objects.requireNonNull(release);
        Objects.requireNonNull(modules);
        Objects.requireNonNull(config);
    }

    /**
     * The kernel for {@code --kernel FILE}, or Debian's cloud kernel (fetched into
     * {@code <cache>/kernel/} on first use) when {@code override} is null.
     */
    public static GuestKernel resolve(Path override) throws RuntimeFailure {
        if (override != null) {
            return ofFile(override);
        }
        return new DebianCloudKernel(CacheRoot.get().resolve("kernel")).get();
    }

    /**
     * The default kernel if it is already in the cache, without fetching anything: for
     * {@code doctor}, which reports the guest kernel but must not download 26 MB to do so.
     */
    public static Optional<GuestKernel> cachedDefault() throws RuntimeFailure {
        DebianCloudKernel debian = new DebianCloudKernel(CacheRoot.get().resolve("kernel"));
        Optional<Path> dir = debian.cached();
        return dir.isEmpty() ? Optional.empty() : Optional.of(DebianCloudKernel.fromUnpacked(dir.get()));
    }

    /**
     * A user-supplied kernel file. Its modules are looked for where a kernel's modules
     * usually are relative to it, in this order: {@code ../lib/modules/<release>} (an
     * unpacked package: boot/vmlinuz-R next to lib/modules/R), {@code ./lib/modules/<release>},
     * then the host's {@code /lib/modules/<release>} (a kernel installed on this host). If
     * none exists the kernel boots without modules: it must then have virtio-mmio and
     * virtio-blk built in.
     */
    public static GuestKernel ofFile(Path file) throws RuntimeFailure {
        Path image = file.toAbsolutePath().normalize();
        KernelFile.format(image);
        Optional<String> release = KernelFile.release(image);
        if (release.isEmpty()) {
            return new GuestKernel(image, "unknown", Optional.empty(), Optional.empty());
        }
        String rel = release.get();
        Path dir = image.getParent();
        List<Path> candidates = new ArrayList<>();
        candidates.add(dir.resolveSibling("lib").resolve("modules").resolve(rel));
        candidates.add(dir.resolve("lib/modules").resolve(rel));
        candidates.add(Path.of("/lib/modules").resolve(rel));
        Optional<Path> modules = candidates.stream().filter(p -> Files.isDirectory(p.resolve("kernel"))).findFirst();
        Optional<Path> config = Optional.of(dir.resolve("config-" + rel)).filter(Files::isRegularFile);
        return new GuestKernel(image, rel, modules, config);
    }

    /** Whether the kernel config says {@code CONFIG_<name>=y}; empty when there is no config. */
    public Optional<Boolean> builtIn(String name) {
        return config.map(c -> {
            try {
                return Files.readAllLines(c).contains("CONFIG_" + name + "=y");
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }
}
