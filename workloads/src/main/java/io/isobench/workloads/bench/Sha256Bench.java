package io.isobench.workloads.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * cpu.sha256: one thread hashing a 1 MiB buffer (fits in L2, so this is the core and its
 * SHA instructions, not memory). Whether the JIT uses the SHA-NI / AVX2 intrinsic depends on
 * the CPUID flags the runtime exposes, which is one of the things this compares.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Sha256Bench {
    public static final int BYTES = 1 << 20;

    private byte[] data;
    private MessageDigest sha;

    @Setup
    public void setup() throws NoSuchAlgorithmException {
        data = new byte[BYTES];
        new SplittableRandom(1).nextBytes(data);
        sha = MessageDigest.getInstance("SHA-256");
    }

    /** One op = the SHA-256 of {@link #BYTES} bytes. */
    @Benchmark
    public byte[] hash() {
        sha.update(data);
        return sha.digest();
    }
}
