package io.isobench.runtime.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What runc keeps of a container it ran with {@code --keep} ({@code ROOT/ID/state.json}):
 * the container's init pid and the cgroup directories it made, one per hierarchy.
 *
 * @param initPid     the container's PID 1 on the host, 0 when unknown
 * @param cgroupPaths the container's cgroup directories
 */
record OciState(long initPid, List<Path> cgroupPaths) {

    /** The state of {@code dir} ({@code ROOT/ID}); an empty state when runc wrote none (killed before). */
    static OciState read(Path dir) {
        Path file = dir.resolve("state.json");
        if (!Files.isRegularFile(file)) {
            return new OciState(0, List.of());
        }
        try {
            JsonNode s = new ObjectMapper().readTree(file.toFile());
            List<Path> paths = new ArrayList<>();
            s.path("cgroup_paths").forEach(p -> paths.add(Path.of(p.asText())));
            return new OciState(s.path("init_process_pid").asLong(0), paths);
        } catch (IOException e) {
            return new OciState(0, List.of()); // a torn file of a killed runc: nothing to go by
        }
    }
}
