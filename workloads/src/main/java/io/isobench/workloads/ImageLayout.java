package io.isobench.workloads;

/**
 * Where things live inside the shared image, the same in every runtime. Paths are
 * RELATIVE to the image root, because the image root is the working directory of every
 * workload in every runtime: "/" inside the container and the VM, the image directory
 * itself for bare metal. So one command line serves all three runtimes unchanged.
 */
public final class ImageLayout {
    public static final String HOME = "opt/isobench";
    public static final String JAVA = HOME + "/jre/bin/java";
    public static final String WORKLOADS_JAR = HOME + "/workloads.jar";
    public static final String BIN = HOME + "/bin";
    public static final String NOOP = BIN + "/noop";
    /**
     * Environment variable naming the scratch directory for io workloads: a host path on
     * bare metal, {@code /scratch} in the container and the VM.
     */
    public static final String SCRATCH_ENV = "ISOBENCH_SCRATCH";

    private ImageLayout() {
    }
}
