package io.isobench.runtime;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finding an installed program (runc, bwrap, qemu-system-x86_64, ...), as a shell would, plus the sbin directories root uses. */
public final class Programs {
    private Programs() {
    }

    /** The program's path: absolute as given, else the first executable of that name on PATH or in an sbin directory; null when none. */
    public static Path find(String program) {
        if (program.startsWith("/")) {
            return Files.isExecutable(Path.of(program)) ? Path.of(program) : null;
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
        for (String d : (path + ":/usr/local/sbin:/usr/sbin:/sbin").split(":")) {
            Path p = Path.of(d.isEmpty() ? "." : d, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
