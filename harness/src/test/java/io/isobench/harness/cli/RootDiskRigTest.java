package io.isobench.harness.cli;

import io.isobench.harness.Main;
import io.isobench.harness.image.ImageBuilder;
import io.isobench.harness.workload.RootfsSource;
import io.isobench.model.Metric;
import io.isobench.model.Results;
import io.isobench.model.ResultsJson;
import io.isobench.model.Status;
import io.isobench.model.Trial;
import io.isobench.runtime.FileTrees;
import io.isobench.runtime.vm.guest.GuestDevices;
import io.isobench.runtime.vm.guest.GuestPayload;
import io.isobench.runtime.vm.vstate.KvmRigTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13's VM part: workloads of one's own run in the VM from a read-only root disk. One
 * rig boot runs {@code isobench run --workload-file examples/fio.yaml} (the fio workloads on a
 * debian: root) plus a check workload on the same root, in the VM only, one trial each. Checked:
 * every trial ok, fio's metrics, and inside the guest the root is an ext4 mounted read-only
 * that refuses a write while /tmp is writable. The debian root, its root disk, the guest
 * kernel and the boot-only initramfs are built on the host first: L2 has no network, and the
 * rig sees the host's caches read-only.
 */
class RootDiskRigTest {
    static final String CHECK_YAML = """
            schema: 1
            workloads:
              - id: check.root-readonly
                rootfs: debian:bookworm:fio
                needs: [scratch]
                command: [/bin/sh, -c, 'echo "root-write-refused: $(touch /isobench-probe 2>&1 | grep -c "Read-only file system")";
                          echo "root-mounted-ro: $(grep -c "^/dev/vd[a-z] / ext4 ro" /proc/mounts)";
                          echo t > /tmp/t && echo "tmp-writable: 1"; echo s > /scratch/s && echo "scratch-writable: 1"']
                metrics:
                  - {name: root-write-refused, regex: 'root-write-refused: ([0-9]+)', unit: flag, higherIsBetter: true}
                  - {name: root-mounted-ro, regex: 'root-mounted-ro: ([0-9]+)', unit: flag, higherIsBetter: true}
                  - {name: tmp-writable, regex: 'tmp-writable: ([0-9]+)', unit: flag, higherIsBetter: true}
                  - {name: scratch-writable, regex: 'scratch-writable: ([0-9]+)', unit: flag, higherIsBetter: true}
            """;

    @Test
    @Tag("rig-linux")
    void fioRunsInTheVmFromAReadOnlyRootDisk() throws Exception {
        // `isobench run` prepares the shared image whatever it runs; built here, where it is fast.
        ImageBuilder.standard().ensure();
        RootfsSource debian = RootfsSource.parse("debian:bookworm:fio", Path.of(""));
        Path root = debian.prepare();
        long t0 = System.nanoTime();
        GuestPayload.Prepared guest = GuestPayload.prepare(new GuestPayload.Request(root, null, List.of("true"), true,
                null, Map.of(), GuestDevices.VIRTIO_MMIO, List.of(), null, true, debian.contentKey(root)));
        System.out.printf("RootDiskRigTest: root disk %s (%d MB) and boot-only initramfs (%d KB) ready on the host in %d ms%n",
                guest.rootDisk(), Files.size(guest.rootDisk()) >> 20, Files.size(guest.initramfs()) >> 10,
                (System.nanoTime() - t0) / 1_000_000);

        Path writable = Path.of("target", "rootdisk-rig").toAbsolutePath();
        FileTrees.deleteQuietly(writable);
        Files.createDirectories(writable);
        Path check = writable.resolve("check.yaml");
        Files.writeString(check, CHECK_YAML);
        Path out = writable.resolve("results");
        Path fio = KvmRigTest.repoRoot().resolve("examples/fio.yaml");

        long rigStart = System.nanoTime();
        KvmRigTest.Result r = KvmRigTest.inRig(List.of(Main.class.getName(), "run", "--workload-file", fio.toString(),
                        "--workload-file", check.toString(), "--runtimes", "vm", "--quick", "--trials", "1", "--warmups", "0",
                        "--out", out.toString()), 600,
                Map.of("RIG_SCRATCH_DISK", "2048", "RIG_WRITABLE", writable.toString()));
        System.out.println(r.output());
        System.out.printf("RootDiskRigTest: the rig run took %d s%n", (System.nanoTime() - rigStart) / 1_000_000_000);
        assertEquals(0, r.exitCode(), "isobench run in the rig:\n" + r.output());

        Results results = ResultsJson.read(out.resolve("results.json"));
        assertEquals(3, results.trials().size(), results.trials().toString());
        for (Trial t : results.trials()) {
            assertEquals(Status.OK, t.status(), t.workload() + ": " + t.reason());
            assertEquals("vm", t.runtime());
            assertTrue(t.vm() != null && t.vm().touchedBytes() > 0, "vm figures missing: " + t);
            System.out.printf("RootDiskRigTest: %s touched %d MB of guest memory, timeline %s%n", t.workload(),
                    t.vm().touchedBytes() >> 20, t.timeline().phases());
        }
        assertTrue(metric(results, "fio.seq-write", "throughput") > 0);
        assertTrue(metric(results, "fio.rand-read", "iops") > 0);
        assertTrue(metric(results, "fio.rand-read", "latency-p99") > 0);
        for (String flag : List.of("root-write-refused", "root-mounted-ro", "tmp-writable", "scratch-writable")) {
            assertEquals(1.0, metric(results, "check.root-readonly", flag), flag);
        }
    }

    private static double metric(Results results, String workload, String name) {
        Optional<Metric> m = results.trials().stream().filter(t -> t.workload().equals(workload))
                .flatMap(t -> t.metrics().stream()).filter(x -> x.name().equals(name)).findFirst();
        assertTrue(m.isPresent(), workload + " has no metric " + name + ": " + results.trials());
        return m.get().value();
    }
}
