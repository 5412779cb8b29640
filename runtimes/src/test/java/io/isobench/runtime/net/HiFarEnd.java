package io.isobench.runtime.net;

import io.isobench.runtime.cgroup.CgroupManager;

import java.nio.file.Path;
import java.util.List;

/** The net tests' far end: a real one whose server is busybox's nc answering "hi" to every connection. */
final class HiFarEnd {
    private HiFarEnd() {
    }

    static FarEnd open(CgroupManager cgroups, Path busyboxRoot) throws Exception {
        return FarEnd.open(cgroups.create("test-far-end"), busyboxRoot, List.of("bin/sh", "-c",
                "echo '" + FarEnd.LISTENING + "'; exec bin/busybox nc -ll -p " + FarEnd.SERVER_PORT + " -e bin/echo hi"));
    }
}
