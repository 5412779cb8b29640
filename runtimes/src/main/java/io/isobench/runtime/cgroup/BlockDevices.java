package io.isobench.runtime.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The host's whole-disk block devices as {@code MAJ:MIN} (from /sys/block; partitions are not listed there). */
final class BlockDevices {
    private BlockDevices() {
    }

    static List<String> wholeDisks() {
        List<String> devices = new ArrayList<>();
        try (Stream<Path> list = Files.list(Path.of("/sys/block"))) {
            for (Path dev : (Iterable<Path>) list.sorted()::iterator) {
                try {
                    devices.add(Files.readString(dev.resolve("dev")).strip());
                } catch (IOException e) {
                    // not a device with a number
                }
            }
        } catch (IOException e) {
            // no sysfs: no accounting rules
        }
        return devices;
    }
}
