package io.isobench.workloads;

/**
 * Where things live inside the shared image, the same in every runtime. The image builder
 * puts them there; the catalog builds command lines from them.
 */
public final class ImageLayout {
    public static final String HOME = "/opt/isobench";
    public static final String JAVA = HOME + "/jre/bin/java";
    public static final String WORKLOADS_JAR = HOME + "/workloads.jar";
    public static final String BIN = HOME + "/bin";
    public static final String NOOP = BIN + "/noop";

    private ImageLayout() {
    }
}
