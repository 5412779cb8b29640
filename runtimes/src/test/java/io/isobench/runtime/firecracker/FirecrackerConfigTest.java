package io.isobench.runtime.firecracker;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FirecrackerConfigTest {
    @Test
    void theRootDiskFollowsTheScratchDiskReadOnlyAndNeitherIsFirecrackersRootDevice() {
        JsonNode c = new FirecrackerConfig(Path.of("/k/vmlinux"), Path.of("/k/boot.cpio"), "console=ttyS0 isobench.root=/dev/vdb",
                1, 1024, Path.of("/s/scratch.ext4"), Path.of("/c/root.ext4")).json();
        JsonNode d = c.get("drives");
        assertEquals(List.of("scratch", "root"), List.of(d.get(0).get("drive_id").asText(), d.get(1).get("drive_id").asText()));
        assertEquals("/c/root.ext4", d.get(1).get("path_on_host").asText());
        assertEquals(true, d.get(1).get("is_read_only").asBoolean());
        assertEquals(false, d.get(1).get("is_root_device").asBoolean());
        assertEquals(1024, c.at("/machine-config/mem_size_mib").asLong());
        assertEquals(0, c.get("network-interfaces").size());
        assertEquals(0, new FirecrackerConfig(Path.of("/k/vmlinux"), Path.of("/k/i.cpio"), "x", 1, 64, null, null).json()
                .get("drives").size());
    }

    @Test
    void refusesWhatFirecrackerCannotTake() {
        assertThrows(IllegalArgumentException.class, () -> new FirecrackerConfig(Path.of("/k"), Path.of("/i"), "x", 33, 64, null, null));
        assertThrows(IllegalArgumentException.class, () -> new FirecrackerConfig(Path.of("/k"), Path.of("/i"), "x", 0, 64, null, null));
        assertEquals(List.of("/usr/bin/firecracker", "--no-api", "--config-file", "/w/c.json"),
                FirecrackerConfig.argv(Path.of("/usr/bin/firecracker"), Path.of("/w/c.json")));
    }
}
