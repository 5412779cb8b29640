package io.isobench.runtime.vm.process;

import io.isobench.runtime.net.NetAttachment;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The monitor's command line survives the trip from VmRuntime to VmmMain, network link included. */
class VmmArgsTest {
    @Test
    void aNetworkLinkRoundTrips() {
        NetAttachment link = new NetAttachment(Path.of("/run/netns/isobench-far-1"), "198.18.0.2", "198.18.0.1", 30,
                "ib1-vm0");
        VmmArgs args = new VmmArgs(Path.of("/k"), Path.of("/i"), "console=ttyS0", 2, 1L << 30, null, false, 42L,
                Path.of("/r.json"), Path.of("/c.log"), link, true);
        assertEquals(args, VmmArgs.parse(args.toArgs()));
        VmmArgs plain = new VmmArgs(Path.of("/k"), Path.of("/i"), "console=ttyS0", 2, 1L << 30, null, false, 42L,
                Path.of("/r.json"), Path.of("/c.log"), link, false);
        assertEquals(plain, VmmArgs.parse(plain.toArgs()), "a link without offloads");
        VmmArgs none = new VmmArgs(Path.of("/k"), Path.of("/i"), "x", 1, 1L << 29, Path.of("/d"), true, 1L,
                Path.of("/r"), Path.of("/c"));
        assertNull(VmmArgs.parse(none.toArgs()).network());
        assertEquals(none, VmmArgs.parse(none.toArgs()));
    }

    @Test
    void aRootDiskRoundTrips() {
        VmmArgs args = new VmmArgs(Path.of("/k"), Path.of("/i"), "x", 1, 1L << 29, Path.of("/d"), false, 1L,
                Path.of("/r"), Path.of("/c"), null, false, true, Path.of("/cache/rootdisk/k.ext4"));
        assertEquals(args, VmmArgs.parse(args.toArgs()));
        assertEquals(Path.of("/cache/rootdisk/k.ext4"), VmmArgs.parse(args.toArgs()).rootDisk());
        assertNull(VmmArgs.parse(new VmmArgs(Path.of("/k"), Path.of("/i"), "x", 1, 1L << 29, null, false, 1L,
                Path.of("/r"), Path.of("/c")).toArgs()).rootDisk());
    }

    @Test
    void halfANetworkLinkIsRefused() {
        List<String> a = new ArrayList<>(new VmmArgs(Path.of("/k"), Path.of("/i"), "x", 1, 1L << 29, null, false, 1L,
                Path.of("/r"), Path.of("/c")).toArgs());
        a.addAll(List.of("--net-address", "198.18.0.2"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VmmArgs.parse(a));
        assertEquals("--net-far-end, --net-address, --net-far-address, --net-prefix and --net-link go together",
                e.getMessage());
    }
}
