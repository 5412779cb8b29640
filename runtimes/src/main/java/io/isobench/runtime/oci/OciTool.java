package io.isobench.runtime.oci;

import io.isobench.runtime.Availability;
import io.isobench.runtime.Privileges;
import io.isobench.runtime.Programs;
import io.isobench.runtime.cgroup.CgroupLayout;
import io.isobench.runtime.cgroup.CgroupMode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OCI runtime binary ({@code runc}, {@code crun}) and whether it can run isobench's trials
 * here: installed, new enough (runc 1.0: the seccomp {@code errnoRet} and cgroup namespaces the
 * bundle uses), run as root, and — for crun up to at least 1.8 — not on a hybrid cgroup host,
 * which crun refuses ("cgroups in hybrid mode not supported").
 *
 * @param name      the program's name, also the variant's implementation ({@code container:runc})
 * @param debianPkg the Debian package that installs it
 * @param minMajor  oldest supported version, major
 * @param minMinor  oldest supported version, minor
 */
public record OciTool(String name, String debianPkg, int minMajor, int minMinor) {
    public static final OciTool RUNC = new OciTool("runc", "runc", 1, 0);
    public static final OciTool CRUN = new OciTool("crun", "crun", 1, 0);
    private static final Pattern VERSION = Pattern.compile("version (\\d+)\\.(\\d+)(\\.\\d+)?");

    /** The binary on PATH or in the sbin directories; null when none. */
    public Path binary() {
        return Programs.find(name);
    }

    /** {@code 1.1.5} from {@code runc --version}; throws with one sentence when it cannot tell. */
    public String version(Path binary) throws IOException {
        Process p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(name + " --version did not answer within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        Matcher m = VERSION.matcher(out);
        if (p.exitValue() != 0 || !m.find()) {
            throw new IOException(name + " --version did not print a version (" + out.strip().lines().findFirst().orElse("") + ")");
        }
        return m.group(1) + "." + m.group(2) + (m.group(3) == null ? "" : m.group(3));
    }

    public Availability availability() {
        Path binary = binary();
        if (binary == null) {
            return Availability.no(name + " is not installed (Debian package " + debianPkg + ")");
        }
        String version;
        try {
            version = version(binary);
        } catch (IOException e) {
            return Availability.no(e.getMessage());
        }
        String[] v = version.split("\\.");
        int major = Integer.parseInt(v[0]);
        int minor = Integer.parseInt(v[1]);
        if (major < minMajor || (major == minMajor && minor < minMinor)) {
            return Availability.no(name + " " + version + " is too old (isobench needs " + minMajor + "." + minMinor + " or newer)");
        }
        if (!Privileges.isRoot()) {
            return Availability.no(name + " needs root to create namespaces and cgroups (try sudo)");
        }
        if (name.equals("crun") && mode() == CgroupMode.HYBRID) {
            return Availability.no("crun " + version + " refuses hybrid cgroup hosts (\"cgroups in hybrid mode not supported\"),"
                    + " and this host mounts cgroup v1 controllers next to cgroup2");
        }
        return Availability.yes();
    }

    private static CgroupMode mode() {
        try {
            return CgroupLayout.detect().mode();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
