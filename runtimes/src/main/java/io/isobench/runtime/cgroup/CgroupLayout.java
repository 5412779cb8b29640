package io.isobench.runtime.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where this process sits in every cgroup hierarchy, computed from
 * {@code /proc/self/cgroup} (hierarchy id, controllers, path) and
 * {@code /proc/self/mountinfo} (where each hierarchy is mounted and which part of it the
 * mount shows). Nothing is assumed about mount points or nesting: controllers may be
 * co-mounted ({@code cpu,cpuacct}) or separate, and the process may sit deep in one
 * hierarchy and at the root of another.
 *
 * @param mode        v1, hybrid or v2
 * @param v1          v1 controller name → this process's cgroup directory in that
 *                    controller's hierarchy (co-mounted controllers share a directory);
 *                    named hierarchies such as {@code name=systemd} are left out
 * @param unified     this process's cgroup directory in the cgroup2 hierarchy, or null
 * @param unifiedRoot the cgroup2 mount point, or null
 */
public record CgroupLayout(CgroupMode mode, Map<String, Path> v1, Path unified, Path unifiedRoot) {

    public CgroupLayout {
        v1 = Map.copyOf(v1);
    }

    /** The layout of the calling process. */
    public static CgroupLayout detect() throws IOException {
        return parse(Files.readString(Path.of("/proc/self/cgroup")),
                Files.readString(Path.of("/proc/self/mountinfo")));
    }

    /** Computes the layout from the text of {@code /proc/self/cgroup} and {@code /proc/self/mountinfo}. */
    public static CgroupLayout parse(String procCgroup, String mountinfo) throws IOException {
        List<Mount> mounts = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            Mount m = Mount.parse(line);
            if (m != null) {
                mounts.add(m);
            }
        }
        Map<String, Path> v1 = new LinkedHashMap<>();
        Path unified = null;
        Path unifiedRoot = null;
        for (String line : procCgroup.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            // hierarchy-id:controller-list:cgroup-path (the path may itself contain ':')
            String[] f = line.split(":", 3);
            if (f.length != 3) {
                continue;
            }
            String path = f[2];
            if (f[0].equals("0") && f[1].isEmpty()) {
                for (Mount m : mounts) {
                    if (m.v2) {
                        Path dir = m.dirOf(path);
                        if (dir != null) {
                            unified = dir;
                            unifiedRoot = m.mountPoint;
                            break;
                        }
                    }
                }
                continue;
            }
            List<String> controllers = List.of(f[1].split(","));
            for (Mount m : mounts) {
                if (!m.v2 && m.controllers.containsAll(controllers)) {
                    Path dir = m.dirOf(path);
                    if (dir != null) {
                        for (String c : controllers) {
                            if (!c.startsWith("name=") && !c.isEmpty()) {
                                v1.putIfAbsent(c, dir);
                            }
                        }
                        break;
                    }
                }
            }
        }
        CgroupMode mode;
        if (!v1.isEmpty()) {
            mode = unified != null ? CgroupMode.HYBRID : CgroupMode.V1;
        } else if (unified != null) {
            mode = CgroupMode.V2;
        } else {
            throw new IOException("no cgroup hierarchy is mounted for this process (looked at /proc/self/cgroup and /proc/self/mountinfo)");
        }
        return new CgroupLayout(mode, v1, unified, unifiedRoot);
    }

    /** One cgroup or cgroup2 line of mountinfo. */
    private record Mount(Path mountPoint, String root, boolean v2, Set<String> controllers) {
        static Mount parse(String line) {
            // id parent major:minor root mount-point options [optional fields...] - fstype source super-options
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                return null;
            }
            String[] pre = line.substring(0, dash).split(" ");
            String[] post = line.substring(dash + 3).split(" ");
            if (pre.length < 5 || post.length < 1) {
                return null;
            }
            String fstype = post[0];
            if (!fstype.equals("cgroup") && !fstype.equals("cgroup2")) {
                return null;
            }
            Set<String> controllers = Set.of();
            if (fstype.equals("cgroup") && post.length >= 3) {
                controllers = Set.of(post[2].split(","));
            }
            return new Mount(Path.of(unescape(pre[4])), unescape(pre[3]), fstype.equals("cgroup2"), controllers);
        }

        /** The directory of a cgroup path under this mount, or null when the mount does not show it. */
        Path dirOf(String cgroupPath) {
            String rel;
            if (root.equals("/")) {
                rel = cgroupPath;
            } else if (cgroupPath.equals(root)) {
                rel = "/";
            } else if (cgroupPath.startsWith(root + "/")) {
                rel = cgroupPath.substring(root.length());
            } else {
                return null;
            }
            rel = rel.replaceFirst("^/+", "");
            return rel.isEmpty() ? mountPoint : mountPoint.resolve(rel);
        }

        /** mountinfo escapes space, tab, newline and backslash as octal. */
        private static String unescape(String s) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' && i + 3 < s.length()) {
                    try {
                        b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                        i += 3;
                        continue;
                    } catch (NumberFormatException ignored) {
                        // not an escape
                    }
                }
                b.append(c);
            }
            return b.toString();
        }
    }
}
