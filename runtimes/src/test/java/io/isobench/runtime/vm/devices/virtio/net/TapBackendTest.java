package io.isobench.runtime.vm.devices.virtio.net;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real tap backend (root; runs as root in CI and fails without it): the tap appears in
 * a fresh network namespace with its address, never in the host's; a frame we write is
 * answered by that namespace's kernel (an ARP request gets an ARP reply), so both directions
 * work; and closing the descriptor removes the interface.
 */
class TapBackendTest {
    static final String FAR = "198.18.254.1";
    static final String GUEST = "198.18.254.2";
    static final byte[] GUEST_MAC = NetDevice.macFor(GUEST);

    String netns;
    String tap;

    @BeforeEach
    void namespace() throws Exception {
        long pid = ProcessHandle.current().pid();
        netns = "isobench-taptest-" + pid;
        tap = "ibtap" + pid % 100000;
        run(List.of("ip", "netns", "add", netns));
    }

    @AfterEach
    void removeNamespace() throws Exception {
        run(List.of("ip", "netns", "delete", netns));
    }

    @Test
    void theTapLivesInTheFarEndAndAnArpRequestWeSendIsAnsweredThroughIt() throws Exception {
        exchange(false);
    }

    /** With IFF_VNET_HDR each frame has the 12-byte header in front, both ways; TUNSETOFFLOAD takes every offload. */
    @Test
    void withVirtioHeadersTheSameExchangeWorksBehindA12ByteHeader() throws Exception {
        exchange(true);
    }

    private void exchange(boolean offloads) throws Exception {
        int h = offloads ? NetHeader.SIZE : 0;
        try (TapBackend backend = TapBackend.create(Path.of("/run/netns", netns), tap, FAR, 30, offloads)) {
            assertEquals(offloads, backend.offloadCapable());
            if (offloads) {
                backend.acceptOffloads(true, true, true);
            }
            String far = run(List.of("ip", "-n", netns, "-o", "addr", "show", "dev", tap));
            assertTrue(far.contains("inet " + FAR + "/30"), far);
            assertTrue(run(List.of("ip", "-n", netns, "-o", "link", "show", "dev", tap)).contains(",UP"), "link up");
            assertNotEquals(0, exitCode(List.of("ip", "link", "show", "dev", tap)), "not in the host's namespace");
            assertEquals("", run(List.of("ip", "-n", netns, "route", "show", "default")), "no default route");

            byte[] request = new byte[h + 42];
            System.arraycopy(arpRequest(), 0, request, h, 42);
            backend.send(request, request.length);
            byte[] buffer = new byte[NetDevice.MAX_FRAME];
            byte[] reply = null;
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (reply == null && System.nanoTime() < deadline) {
                int n = backend.receive(buffer, 200) - h;
                // Skip anything else the far end sends (IPv6 router solicitations and the like).
                if (n >= 42 && buffer[h + 12] == 0x08 && buffer[h + 13] == 0x06 && buffer[h + 21] == 2) {
                    reply = java.util.Arrays.copyOfRange(buffer, h, h + n);
                }
            }
            assertTrue(reply != null, "an ARP reply came back through the tap");
            assertArrayEquals(GUEST_MAC, java.util.Arrays.copyOfRange(reply, 0, 6), "addressed to the guest's MAC");
            assertArrayEquals(TapBackend.ipv4(FAR), java.util.Arrays.copyOfRange(reply, 28, 32), "sender is the far end");
        }
        assertNotEquals(0, exitCode(List.of("ip", "-n", netns, "link", "show", "dev", tap)),
                "closing the descriptor removed the tap");
    }

    @Test
    void aMissingNamespaceIsOneSentence() {
        IOException e = assertThrows(IOException.class,
                () -> TapBackend.create(Path.of("/run/netns/isobench-no-such-ns"), tap, FAR, 30, false));
        assertTrue(e.getMessage().startsWith("cannot open the far end's network namespace /run/netns/isobench-no-such-ns: "),
                e.getMessage());
    }

    @Test
    void availabilityNamesAMissingTunDevice(@org.junit.jupiter.api.io.TempDir Path dir) {
        assertTrue(TapBackend.availability().available(), "this host (root, tun loaded) can create a tap: "
                + TapBackend.availability().reason());
        io.isobench.runtime.Availability a = TapBackend.availability(dir.resolve("tun"));
        assertTrue(!a.available());
        assertEquals(dir.resolve("tun") + " is missing, so the VM cannot get its network link (a tap); load the tun"
                + " module (modprobe tun).", a.reason());
    }

    @Test
    void netmasksFromPrefixLengths() {
        assertArrayEquals(new byte[] {(byte) 255, (byte) 255, (byte) 255, (byte) 252}, TapBackend.netmask(30));
        assertArrayEquals(new byte[] {(byte) 255, (byte) 254, 0, 0}, TapBackend.netmask(15));
    }

    /** Who has FAR? tell GUEST, from the guest's MAC, as the guest's kernel would ask. */
    private static byte[] arpRequest() {
        byte[] f = new byte[42];
        for (int i = 0; i < 6; i++) {
            f[i] = (byte) 0xff;
        }
        System.arraycopy(GUEST_MAC, 0, f, 6, 6);
        f[12] = 0x08;
        f[13] = 0x06;
        byte[] arp = {0, 1, 8, 0, 6, 4, 0, 1};
        System.arraycopy(arp, 0, f, 14, arp.length);
        System.arraycopy(GUEST_MAC, 0, f, 22, 6);
        System.arraycopy(TapBackend.ipv4(GUEST), 0, f, 28, 4);
        System.arraycopy(TapBackend.ipv4(FAR), 0, f, 38, 4);
        return f;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + out);
        }
        return out.strip();
    }

    private static int exitCode(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }
}
