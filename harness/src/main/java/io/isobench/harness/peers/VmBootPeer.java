package io.isobench.harness.peers;

import java.util.concurrent.TimeoutException;

/**
 * A monitor booting the same kernel and initramfs, timed from spawning the monitor's process
 * to guest-init's first marker ("init reached"). A boot that does not get there in
 * {@link #BOOT_TIMEOUT_MS} is retried up to {@link #ATTEMPTS} times and counted: in the
 * nested rig (QEMU/TCG emulating SVM) an L3 kernel sometimes stops at a random point of its
 * boot, under every monitor alike.
 */
abstract class VmBootPeer implements Peer {
    // Spawn to init: isobench's monitor JVM start and VM creation count too (21 s of a 40 s boot in
    // the rig at host load 9, 2026-12-03), so a loaded rig needs more than the 40 s it had before.
    static final long BOOT_TIMEOUT_MS = 90_000;
    static final int ATTEMPTS = 3;

    private int retried;

    /** One boot attempt: ms from spawning the monitor to the init marker; TimeoutException when it never came. */
    abstract double bootOnceMs() throws Exception;

    @Override
    public final double runMs() throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return bootOnceMs();
            } catch (TimeoutException e) {
                if (attempt == ATTEMPTS) {
                    throw new TimeoutException(ATTEMPTS + " boots in a row did not reach init within "
                            + BOOT_TIMEOUT_MS / 1000 + " s");
                }
                retried++;
            }
        }
    }

    /** Boots that hung and were retried so far. */
    int retried() {
        return retried;
    }

    /** One boot reads the kernel and initramfs into the page cache; a second one only costs a minute in the rig. */
    @Override
    public int warmups() {
        return 1;
    }

    @Override
    public int runs(int requested) {
        return Math.min(requested, 10);  // a boot costs seconds: ten make a median and a p90
    }
}
