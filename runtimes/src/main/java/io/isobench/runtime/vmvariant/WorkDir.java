package io.isobench.runtime.vmvariant;

import io.isobench.runtime.FileTrees;
import io.isobench.runtime.OwnedTempDirs;
import io.isobench.runtime.RuntimeFailure;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A monitor's private directory for one trial (its console log, sockets, configuration file,
 * pid file), removed when the trial ends, also when it fails; a killed harness's are swept by
 * the next one ({@link OwnedTempDirs}).
 */
public final class WorkDir {
    /** What runs with the directory. */
    public interface Body<T> {
        T run(Path work) throws RuntimeFailure;
    }

    private WorkDir() {
    }

    /** @param monitor the monitor's name for the one sentence when the directory cannot be made */
    public static <T> T with(String monitor, Body<T> body) throws RuntimeFailure {
        Path work;
        try {
            work = OwnedTempDirs.create("isobench-vm-");
        } catch (IOException e) {
            throw new RuntimeFailure("cannot create a temporary directory for " + monitor + ": " + e.getMessage(), e);
        }
        try {
            return body.run(work);
        } finally {
            FileTrees.deleteQuietly(work);
        }
    }
}
