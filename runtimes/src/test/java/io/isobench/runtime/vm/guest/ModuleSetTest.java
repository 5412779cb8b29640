package io.isobench.runtime.vm.guest;

import io.isobench.runtime.RuntimeFailure;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModuleSetTest {

    /** The real cloud kernel: ext4 is built in, the virtio chain comes from .modinfo. */
    @Test
    void cloudKernelVirtioModulesInDependencyOrder() throws Exception {
        GuestKernel kernel = GuestKernel.resolve(null);
        assertEquals(kernel, GuestKernel.cachedDefault().orElseThrow(), "resolve put it in the cache");
        assertTrue(Files.notExists(kernel.modules().orElseThrow().resolve("modules.dep")),
                "the package ships no modules.dep, so this exercises the .modinfo path");
        List<KernelModule> modules = ModuleSet.resolve(kernel, GuestDevices.VIRTIO_MMIO.drivers());
        assertEquals(List.of("virtio_ring", "virtio", "virtio_mmio", "virtio_blk"), names(modules));

        List<KernelModule> pci = ModuleSet.resolve(kernel, List.of("virtio_pci", "virtio_blk", "ext4"));
        assertEquals(List.of("virtio_ring", "virtio_pci_modern_dev", "virtio_pci_legacy_dev", "virtio", "virtio_pci",
                "virtio_blk"), names(pci));
        assertDependenciesFirst(pci);
    }

    /** virtio_net brings failover and net_failover on 6.1 (its .modinfo says so), after them. */
    @Test
    void cloudKernelNetworkDriverComesWithItsFailoverModules() throws Exception {
        GuestKernel kernel = GuestKernel.resolve(null);
        List<String> withNet = new java.util.ArrayList<>(GuestDevices.VIRTIO_MMIO.drivers());
        withNet.add(GuestDevices.NET_DRIVER);
        List<String> names = names(ModuleSet.resolve(kernel, withNet));
        assertTrue(names.containsAll(List.of("virtio_mmio", "virtio_blk", "failover", "net_failover", "virtio_net")),
                names.toString());
        assertEquals("virtio_net", names.get(names.size() - 1), names.toString());
        assertTrue(names.indexOf("failover") < names.indexOf("net_failover"), names.toString());
        assertDependenciesFirst(ModuleSet.resolve(kernel, withNet));
    }

    @Test
    void modulesDepIsUsedWhenPresent(@TempDir Path dir) throws Exception {
        Path d = Files.createDirectories(dir.resolve("kernel/drivers"));
        for (String f : List.of("a.ko", "b-two.ko", "c.ko", "d.ko")) {
            Files.write(d.resolve(f), new byte[0]); // not ELF: proves .modinfo is not read
        }
        Files.write(dir.resolve("modules.dep"), List.of(
                "kernel/drivers/a.ko: kernel/drivers/b-two.ko kernel/drivers/c.ko",
                "kernel/drivers/b-two.ko: kernel/drivers/c.ko",
                "kernel/drivers/c.ko:",
                "kernel/drivers/d.ko: kernel/drivers/c.ko"));
        Files.write(dir.resolve("modules.builtin"), List.of("kernel/fs/ext4/ext4.ko"));
        ModuleSet set = ModuleSet.of("t", dir);
        assertEquals(List.of("c", "b_two", "a", "d"), names(set.loadOrder(List.of("a", "ext4", "d", "c"))));

        RuntimeFailure e = assertThrows(RuntimeFailure.class, () -> set.loadOrder(List.of("virtio_mmio")));
        assertEquals("kernel t has neither a module nor a built-in driver named virtio_mmio.", e.getMessage());
    }

    @Test
    void dependencyCycleIsAnError(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("a.ko"), new byte[0]);
        Files.write(dir.resolve("b.ko"), new byte[0]);
        Files.write(dir.resolve("modules.dep"), List.of("a.ko: b.ko", "b.ko: a.ko"));
        RuntimeFailure e = assertThrows(RuntimeFailure.class, () -> ModuleSet.of("t", dir).loadOrder(List.of("a")));
        assertTrue(e.getMessage().contains("a -> b -> a"), e.getMessage());
    }

    /** A .ko.xz module (Debian 13, Fedora) is decompressed on the host to the exact ELF bytes. */
    @Test
    void xzModuleIsDecompressedOnTheHost(@TempDir Path dir) throws Exception {
        GuestKernel kernel = GuestKernel.resolve(null);
        Path ko = kernel.modules().orElseThrow().resolve("kernel/drivers/virtio/virtio_mmio.ko");
        byte[] elf = Files.readAllBytes(ko);
        Path xz = Files.createDirectories(dir.resolve("kernel")).resolve("virtio_mmio.ko.xz");
        try (OutputStream out = new XZCompressorOutputStream(Files.newOutputStream(xz))) {
            out.write(elf);
        }
        KernelModule m = new KernelModule(KernelModule.nameOf(xz.getFileName().toString()), xz);
        assertEquals("virtio_mmio", m.name());
        assertEquals("virtio_mmio.ko", m.packedName());
        assertArrayEquals(elf, m.elf());
        assertEquals(List.of("virtio,virtio_ring"), ModInfo.values(m.elf(), "depends"));
        // Without modules.dep the dependency is read from the decompressed .modinfo.
        RuntimeFailure e = assertThrows(RuntimeFailure.class,
                () -> ModuleSet.of("x", dir).loadOrder(List.of("virtio_mmio")));
        assertEquals("kernel x has neither a module nor a built-in driver named virtio (needed by virtio_mmio).",
                e.getMessage());
    }

    /** Truncated or garbled modules are an IllegalArgumentException (reported per module), never an index error. */
    @Test
    void malformedModuleIsRejectedCleanly() throws Exception {
        GuestKernel kernel = GuestKernel.resolve(null);
        byte[] elf = Files.readAllBytes(kernel.modules().orElseThrow().resolve("kernel/drivers/virtio/virtio_mmio.ko"));
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 300; i++) {
            byte[] bad = elf.clone();
            if (i % 3 == 0) {
                bad = Arrays.copyOf(bad, random.nextInt(bad.length));
            } else if (i % 3 == 1) {
                // e_shoff near Long.MAX_VALUE: offset + size would overflow
                java.nio.ByteBuffer.wrap(bad).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0x28, Long.MAX_VALUE - random.nextInt(4096));
            } else {
                for (int k = 0; k < 8; k++) {
                    bad[0x28 + random.nextInt(24)] = (byte) random.nextInt(256); // section table fields
                }
                int at = random.nextInt(bad.length - 8);
                bad[at] = (byte) random.nextInt(256);
            }
            try {
                ModInfo.values(bad, "depends");
            } catch (IllegalArgumentException expected) {
                // the one way a bad module may fail
            }
        }
    }

    private static void assertDependenciesFirst(List<KernelModule> modules) throws Exception {
        List<String> seen = new ArrayList<>();
        for (KernelModule m : modules) {
            for (String v : ModInfo.values(m.elf(), "depends")) {
                for (String dep : v.split(",")) {
                    assertTrue(dep.isEmpty() || seen.contains(dep), m.name() + " needs " + dep + " first; order " + seen);
                }
            }
            seen.add(m.name());
        }
    }

    private static List<String> names(List<KernelModule> modules) {
        return modules.stream().map(KernelModule::name).toList();
    }
}
