package io.isobench.runtime.net;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The point-to-point /30s of one run, out of 198.18.0.0/15 (RFC 2544: reserved for
 * benchmarking, never routed on the internet).
 *
 * <p>Why runs need distinct blocks: addresses inside a far end collide with nothing, but bare
 * metal's end of its veth lives in the host's namespace, where its /30 becomes a connected
 * route of the host. Two runs at once (other users, CI jobs, the test suite) must never both
 * install the same /30 there. So the /15 is cut into 512 blocks of a /24 (64 /30s each), and
 * a run owns one block for its lifetime by holding an exclusive {@code flock} on
 * {@code /run/isobench-net/block-N.lock}. The kernel drops the lock when the process dies,
 * however it dies, so a killed run never leaves a block taken; no pid bookkeeping is needed.
 * The search starts at the pid's block so concurrent runs rarely even try the same lock.
 * Within its block a run hands out the 48 /30s of {@code .0-.191} round robin: trials run one
 * after another, and a /30 is reused only long after its link was removed. The rest of the
 * block is for {@code container.net=bridge-nat} ({@link BridgeNat}): {@code .192/30} is the
 * host's uplink to the far end, {@code .224/27} the bridge (gateway {@code .225}, containers
 * {@code .226-.254} round robin).
 */
public final class AddressPool implements AutoCloseable {
    static final int BLOCKS = 512;
    static final int LINKS_PER_BLOCK = 48;
    /** The bridge-nat containers' addresses: .226 to .254 of the block. */
    static final int NAT_INSTANCES = 29;
    /** 198.18.0.0 as an unsigned 32-bit number. */
    private static final long BASE = (198L << 24) | (18L << 16);
    static final Path LOCK_DIR = Path.of("/run/isobench-net");

    private final int block;
    private final FileChannel channel;
    private final FileLock lock;
    private int next;
    private int nextNat;

    private AddressPool(int block, FileChannel channel, FileLock lock) {
        this.block = block;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes a free block for this process. */
    public static AddressPool acquire() throws IOException {
        return acquire(LOCK_DIR, (int) (ProcessHandle.current().pid() % BLOCKS));
    }

    static AddressPool acquire(Path lockDir, int first) throws IOException {
        Files.createDirectories(lockDir);
        for (int i = 0; i < BLOCKS; i++) {
            int b = (first + i) % BLOCKS;
            FileChannel ch = FileChannel.open(lockDir.resolve("block-" + b + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException sameJvm) {
                l = null;
            }
            if (l != null) {
                return new AddressPool(b, ch, l);
            }
            ch.close();
        }
        throw new IOException("all " + BLOCKS + " address blocks of 198.18.0.0/15 are taken by other isobench runs");
    }

    /** The block this run owns (0..511). */
    public int block() {
        return block;
    }

    /** The next /30: {far address, instance address}, e.g. {198.18.4.1, 198.18.4.2}. */
    public synchronized String[] nextPair() {
        long net = blockBase() + (long) (next++ % LINKS_PER_BLOCK) * 4;
        return new String[]{dotted(net + 1), dotted(net + 2)};
    }

    /** The bridge-nat uplink's /30: {far address, host address}, e.g. {198.18.4.193, 198.18.4.194}. */
    public String[] natUplink() {
        long net = blockBase() + 192;
        return new String[]{dotted(net + 1), dotted(net + 2)};
    }

    /** The bridge-nat bridge's network, e.g. 198.18.4.224 (a /27). */
    public String natNetwork() {
        return dotted(blockBase() + 224);
    }

    /** The bridge's own address, the containers' gateway, e.g. 198.18.4.225. */
    public String natGateway() {
        return dotted(blockBase() + 225);
    }

    /** The next bridge-nat container's address (round robin over .226-.254). */
    public synchronized String nextNatInstance() {
        return dotted(blockBase() + 226 + (nextNat++ % NAT_INSTANCES));
    }

    private long blockBase() {
        return BASE + (long) block * 256;
    }

    static String dotted(long a) {
        return ((a >> 24) & 255) + "." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255);
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the lock goes with the process anyway
        }
    }
}
