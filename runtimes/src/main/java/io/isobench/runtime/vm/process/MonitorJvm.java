package io.isobench.runtime.vm.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The monitor's JVM command line, kept lean because every VM carries one (density: N monitors
 * at once). Guest RAM is mmap'd outside the heap, so the heap stays small; what else a JVM
 * holds per process is cut where the monitor does not need it:
 * <ul>
 *   <li>Serial GC: no GC worker threads, the smallest card tables and remembered sets;</li>
 *   <li>C1 only ({@code TieredStopAtLevel=1}) with one compiler thread and a small code cache:
 *       the monitor's hot path is the vCPU loop around one ioctl;</li>
 *   <li>small thread stacks (vCPU, device and console threads never recurse deeply);</li>
 *   <li>no perf-data file ({@code /tmp/hsperfdata_*}: a mapped page per JVM, and a temp file);</li>
 *   <li>a class-data archive of the monitor's own classes ({@link MonitorClassData}): mapped
 *       read-only from one file, so N monitors share their class metadata in the page cache
 *       instead of each parsing the jar into its own metaspace; it also shortens the start;</li>
 *   <li>the archives mapped at their dump address, not relocated (see the flag);</li>
 *   <li>JNA's native stub from one cached file, and no ldconfig at start ({@link MonitorJna});</li>
 *   <li>a class path of only the monitor's and JNA's classes ({@link MonitorClassPath}).</li>
 * </ul>
 * The figures before and after are in docs/vm-monitor.md ("The monitor's footprint").
 */
public final class MonitorJvm {
    /** Flags for every monitor, with or without an archive. */
    public static final List<String> FLAGS = List.of("-XX:+UseSerialGC", "-Xms4m", "-Xmx128m", "-Xss256k",
            "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:ReservedCodeCacheSize=16m",
            "-XX:MaxMetaspaceSize=64m", "-XX:-UsePerfData", "-XX:+DisableAttachMechanism",
            // The interned-string and symbol tables' bucket arrays are sized for applications (65536 and
            // 32768 buckets, written through at start: ~0.8 MiB per monitor, measured in smaps); the
            // monitor interns little and its symbols are in the archives. The tables grow if ever needed.
            "-XX:StringTableSize=1024", "-XX:+UnlockExperimentalVMOptions", "-XX:SymbolTableSize=1024",
            // Map the class-data archives (the JDK's and the monitor's) where they were dumped: this JDK
            // relocates them by default (mode 1, for ASLR), which patches every pointer and so turns
            // ~17 MiB of shareable file pages into private copies in every monitor (measured: PSS of four
            // monitors 30.2 MiB each with relocation, 21.5 MiB without).
            "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0",
            // A stale or foreign archive is not an error (the JVM maps none and carries on): keep its warnings off
            // the monitor's stderr, which is the workload's.
            "-Xlog:disable", "-Xlog:all=error:stderr");

    private MonitorJvm() {
    }

    /** The java binary of this process (the JDK running isobench). */
    public static String java() {
        return ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** This JVM's class path with every entry absolute: the monitor starts in another directory. */
    public static String classPath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(p -> !p.isEmpty())
                .map(p -> Path.of(p).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    /**
     * {@code java FLAGS JNA-PROPERTIES [-XX:SharedArchiveFile=A] -cp CP VmmMain}; the archive only
     * when it exists; JNA's properties from {@link MonitorJna}, the class path from {@link MonitorClassPath}.
     */
    public static List<String> command(Optional<Path> archive) {
        List<String> c = new ArrayList<>();
        c.add(java());
        c.addAll(FLAGS);
        c.addAll(MonitorJna.standard().properties());
        archive.filter(Files::isRegularFile).ifPresent(a -> c.add("-XX:SharedArchiveFile=" + a));
        c.addAll(List.of("-cp", MonitorClassPath.standard().get(), VmmMain.class.getName()));
        return c;
    }
}
