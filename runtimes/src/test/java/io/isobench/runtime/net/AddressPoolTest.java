package io.isobench.runtime.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Address blocks and link names: what keeps concurrent runs apart on the host. */
class AddressPoolTest {

    @Test
    void aBlockHands48DistinctSlash30sRoundRobin(@TempDir Path locks) throws Exception {
        try (AddressPool pool = AddressPool.acquire(locks, 5)) {
            assertEquals(5, pool.block());
            assertArrayEquals(new String[]{"198.18.5.1", "198.18.5.2"}, pool.nextPair());
            assertArrayEquals(new String[]{"198.18.5.5", "198.18.5.6"}, pool.nextPair());
            Set<String> seen = new HashSet<>();
            for (int i = 2; i < AddressPool.LINKS_PER_BLOCK; i++) {
                assertTrue(seen.add(pool.nextPair()[1]));
            }
            assertArrayEquals(new String[]{"198.18.5.1", "198.18.5.2"}, pool.nextPair(), "wraps within the block");
        }
    }

    @Test
    void theLastBlockEndsAtTheEndOfTheSlash15(@TempDir Path locks) throws Exception {
        try (AddressPool pool = AddressPool.acquire(locks, AddressPool.BLOCKS - 1)) {
            for (int i = 0; i < AddressPool.LINKS_PER_BLOCK - 1; i++) {
                pool.nextPair();
            }
            assertArrayEquals(new String[]{"198.19.255.189", "198.19.255.190"}, pool.nextPair());
            assertArrayEquals(new String[]{"198.19.255.193", "198.19.255.194"}, pool.natUplink());
        }
    }

    /** bridge-nat's part of the block (.192-.255) never overlaps the /30s handed out for other links. */
    @Test
    void bridgeNatHasTheTopOfTheBlockToItself(@TempDir Path locks) throws Exception {
        try (AddressPool pool = AddressPool.acquire(locks, 3)) {
            Set<String> pairs = new HashSet<>();
            for (int i = 0; i < AddressPool.LINKS_PER_BLOCK; i++) {
                for (String a : pool.nextPair()) {
                    pairs.add(a);
                    assertTrue(Integer.parseInt(a.substring(a.lastIndexOf('.') + 1)) < 192, a);
                }
            }
            assertArrayEquals(new String[]{"198.18.3.193", "198.18.3.194"}, pool.natUplink());
            assertEquals("198.18.3.224", pool.natNetwork());
            assertEquals("198.18.3.225", pool.natGateway());
            assertEquals("198.18.3.226", pool.nextNatInstance());
            for (int i = 1; i < AddressPool.NAT_INSTANCES - 1; i++) {
                pool.nextNatInstance();
            }
            assertEquals("198.18.3.254", pool.nextNatInstance());
            assertEquals("198.18.3.226", pool.nextNatInstance(), "wraps within the /27");
        }
    }

    @Test
    void aHeldBlockIsNotHandedOutTwiceAndIsFreeAgainOnClose(@TempDir Path locks) throws Exception {
        AddressPool first = AddressPool.acquire(locks, 7);
        try (AddressPool second = AddressPool.acquire(locks, 7)) {
            assertNotEquals(first.block(), second.block());
            assertEquals(8, second.block());
        }
        first.close();
        try (AddressPool again = AddressPool.acquire(locks, 7)) {
            assertEquals(7, again.block());
        }
    }

    @Test
    void linkNamesFitAnInterfaceNameAndNameTheirOwner() {
        LinkNames names = new LinkNames(4_194_304); // pid_max on 64-bit Linux
        String stem = names.next();
        assertTrue(stem.length() <= 12, stem);
        assertEquals(4_194_304, LinkNames.ownerPid(stem));
        assertEquals(4_194_304, LinkNames.ownerPid(stem + "h"));
        assertNotEquals(stem, names.next());
        assertEquals(-1, LinkNames.ownerPid("eth0"));
        new NetAttachment(Path.of("/run/netns/x"), "198.18.0.2", "198.18.0.1", 30, stem);
    }
}
