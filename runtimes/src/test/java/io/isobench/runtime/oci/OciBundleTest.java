package io.isobench.runtime.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Limits;
import io.isobench.runtime.Stdio;
import io.isobench.runtime.cgroup.Cgroup;
import io.isobench.runtime.cgroup.CgroupManager;
import io.isobench.runtime.container.ContainerPolicy;
import io.isobench.runtime.container.ContainerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OCI bundle generated from isobench's container settings: shaped as `runc spec` writes one, saying what the launcher does. */
class OciBundleTest {
    private static final Path ROOT = Path.of("/tmp/some-overlay/root");

    private static ObjectNode config(Map<String, String> options, Limits limits, Path scratch, Path netns) throws Exception {
        try (Cgroup cgroup = CgroupManager.open().create("test-oci-bundle")) {
            Launch launch = new Launch(Path.of("/image"), List.of("opt/isobench/jre/bin/java", "-version"),
                    Map.of("PATH", "/bin", "HOME", "/root"), limits, cgroup, scratch, Duration.ofSeconds(5), Stdio.CAPTURE, options);
            return OciBundle.config(launch, ContainerSettings.from(options), ROOT, "isobench-1-1", netns, true);
        }
    }

    @Test
    void everyFieldIsOneRuncSpecWritesWithTheSameType(@TempDir Path tmp) throws Exception {
        Process spec = new ProcessBuilder("runc", "spec").directory(tmp.toFile()).redirectErrorStream(true).start();
        assertTrue(spec.waitFor(30, TimeUnit.SECONDS) && spec.exitValue() == 0, "runc spec failed (is runc installed? scripts/install-deps)");
        JsonNode reference = new ObjectMapper().readTree(tmp.resolve("config.json").toFile());
        ObjectNode ours = config(Map.of(), new Limits(1.5, 256L << 20, 100), Path.of("/var/tmp/s"), null);
        List<String> problems = new ArrayList<>();
        sameShape("", reference, ours, problems);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        // The fields runc spec does not write, checked against the OCI runtime spec's names.
        for (String path : List.of("/linux/cgroupsPath", "/linux/seccomp/defaultAction", "/linux/resources/memory/limit",
                "/linux/resources/cpu/quota", "/linux/resources/pids/limit")) {
            assertFalse(ours.at(path).isMissingNode(), path);
        }
    }

    /** Where both have a field, it is of the same JSON type; arrays compare their first elements. */
    private static void sameShape(String path, JsonNode reference, JsonNode ours, List<String> problems) {
        if (reference.getNodeType() != ours.getNodeType() && !(reference.isNumber() && ours.isNumber())) {
            problems.add(path + ": runc spec has " + reference.getNodeType() + ", the bundle " + ours.getNodeType());
            return;
        }
        if (ours.isObject()) {
            for (Iterator<String> it = ours.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (reference.has(name)) {
                    sameShape(path + "/" + name, reference.get(name), ours.get(name), problems);
                }
            }
        } else if (ours.isArray() && reference.size() > 0 && ours.size() > 0) {
            sameShape(path + "[0]", reference.get(0), ours.get(0), problems);
        }
    }

    @Test
    void itSaysWhatIsobenchsContainerDoes() throws Exception {
        ObjectNode c = config(Map.of(), new Limits(1.5, 256L << 20, 100), Path.of("/var/tmp/s"), null);
        assertEquals("/opt/isobench/jre/bin/java", c.at("/process/args/0").asText(), "image-relative program, from /");
        assertEquals(List.of("HOME=/root", "PATH=/bin"), texts(c.at("/process/env")));
        assertEquals("/", c.at("/process/cwd").asText());
        assertEquals(ROOT.toString(), c.at("/root/path").asText());
        assertEquals("isobench", c.at("/hostname").asText());
        assertTrue(c.at("/process/noNewPrivileges").asBoolean());
        for (String set : List.of("bounding", "effective", "permitted")) {
            assertEquals(ContainerPolicy.CAPABILITIES, texts(c.at("/process/capabilities/" + set)), set);
        }
        assertEquals(List.of(), texts(c.at("/process/capabilities/inheritable")));
        assertEquals(List.of(), texts(c.at("/process/capabilities/ambient")));
        List<String> ns = new ArrayList<>();
        c.at("/linux/namespaces").forEach(n -> ns.add(n.get("type").asText()));
        assertEquals(List.of("mount", "pid", "uts", "ipc", "network", "cgroup"), ns);
        List<String> destinations = new ArrayList<>();
        c.at("/mounts").forEach(m -> destinations.add(m.get("destination").asText()));
        assertEquals(List.of("/proc", "/sys", "/sys/fs/cgroup", "/dev", "/dev/pts", "/dev/shm", "/tmp", "/scratch"), destinations);
        assertTrue(texts(c.at("/mounts/1/options")).contains("ro"), "/sys read-only");
        assertTrue(texts(c.at("/mounts/2/options")).contains("ro"), "cgroup hierarchies read-only");
        assertEquals("/var/tmp/s", c.at("/mounts/7/source").asText());
        assertEquals("isobench-1-1", c.at("/linux/cgroupsPath").asText());
        assertEquals(256L << 20, c.at("/linux/resources/memory/limit").asLong());
        assertEquals(256L << 20, c.at("/linux/resources/memory/swap").asLong(), "memory+swap = memory: no swap");
        assertEquals(150_000, c.at("/linux/resources/cpu/quota").asLong());
        assertEquals(100_000, c.at("/linux/resources/cpu/period").asLong());
        assertEquals(100, c.at("/linux/resources/pids/limit").asLong());
        assertEquals(ContainerPolicy.MASKED_PATHS, texts(c.at("/linux/maskedPaths")));
        assertEquals(ContainerPolicy.READ_ONLY_PATHS, texts(c.at("/linux/readonlyPaths")));
        JsonNode seccomp = c.at("/linux/seccomp");
        assertEquals("SCMP_ACT_ALLOW", seccomp.get("defaultAction").asText());
        assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"), texts(seccomp.get("architectures")));
        JsonNode rules = seccomp.get("syscalls");
        assertEquals(ContainerPolicy.DENIED_SYSCALLS, texts(rules.get(0).get("names")));
        assertEquals(1, rules.get(0).get("errnoRet").asInt(), "EPERM");
        assertEquals(1 + 7 + 1 + 2, rules.size(), "deny list, one clone rule per namespace flag, clone3, two ioctls");
        assertEquals(0x10000000L, rules.get(4).at("/args/0/value").asLong(), "CLONE_NEWUSER masked");
        assertEquals(0x10000000L, rules.get(4).at("/args/0/valueTwo").asLong());
        assertEquals("clone3", rules.get(8).at("/names/0").asText());
        assertEquals(38, rules.get(8).get("errnoRet").asInt(), "ENOSYS, so glibc falls back to clone");
        assertEquals(0xffffffffL, rules.get(9).at("/args/0/value").asLong(), "TIOCSTI on the low 32 bits only");
        assertEquals(0x5412, rules.get(9).at("/args/0/valueTwo").asLong());
        assertEquals(1, rules.get(9).at("/args/0/index").asInt());
    }

    @Test
    void switchesTurnTheSameLayersOff() throws Exception {
        ObjectNode c = config(Map.of("seccomp", "off", "caps", "off", "nnp", "off", "mask", "off", "hostname", "h1",
                "cwd", "/tmp", "net", "host"), Limits.NONE, null, null);
        assertTrue(c.at("/linux/seccomp").isMissingNode());
        assertTrue(c.at("/linux/maskedPaths").isMissingNode());
        assertFalse(c.at("/process/noNewPrivileges").asBoolean());
        assertTrue(texts(c.at("/process/capabilities/bounding")).contains("CAP_SYS_ADMIN"), "caps=off keeps every capability");
        assertEquals("h1", c.at("/hostname").asText());
        assertEquals("/tmp", c.at("/process/cwd").asText());
        c.at("/linux/namespaces").forEach(n -> assertFalse(n.get("type").asText().equals("network"), "net=host"));
        assertTrue(c.at("/linux/resources/memory").isMissingNode());
        assertEquals(7, c.at("/mounts").size(), "no /scratch without a scratch directory");
    }

    @Test
    void aNetWorkloadJoinsItsPreparedNamespace() throws Exception {
        ObjectNode c = config(Map.of(), Limits.NONE, null, Path.of("/run/netns/isobench-x"));
        assertEquals("/run/netns/isobench-x", c.at("/linux/namespaces/4/path").asText());
        assertEquals("network", c.at("/linux/namespaces/4/type").asText());
    }

    @Test
    void anAbsoluteCgroupsPathIsRefused() throws Exception {
        try (Cgroup cgroup = CgroupManager.open().create("test-oci-bundle")) {
            Launch launch = new Launch(Path.of("/image"), List.of("/bin/true"), Map.of(), Limits.NONE, cgroup, null,
                    Duration.ofSeconds(5), Stdio.CAPTURE, Map.of());
            assertThrows(IllegalArgumentException.class,
                    () -> OciBundle.config(launch, ContainerSettings.DEFAULT, ROOT, "/isobench", null, false));
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
