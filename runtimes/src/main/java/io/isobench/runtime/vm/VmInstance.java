package io.isobench.runtime.vm;

import io.isobench.runtime.Instance;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.cgroup.Cgroup;
import io.isobench.runtime.vm.memory.GuestMemoryMap;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A long-lived microVM: the monitor's launcher instance, plus the guest memory map the monitor
 * writes into its work directory once the VM exists ({@link GuestMemoryMap}).
 */
final class VmInstance implements Instance {
    private final Instance monitor;
    private final Path work;

    VmInstance(Instance monitor, Path work) {
        this.monitor = monitor;
        this.work = work;
    }

    @Override
    public Optional<GuestMemoryMap> guestMemory() {
        try {
            return Optional.of(GuestMemoryMap.read(work.resolve(GuestMemoryMap.FILE)));
        } catch (IOException notYet) {
            return Optional.empty();
        }
    }

    @Override
    public long spawnNs() {
        return monitor.spawnNs();
    }

    @Override
    public long awaitReady(Duration timeout) throws RuntimeFailure {
        return monitor.awaitReady(timeout);
    }

    @Override
    public long pid() {
        return monitor.pid();
    }

    @Override
    public List<Path> hostPaths() {
        return monitor.hostPaths();
    }

    @Override
    public Cgroup cgroup() {
        return monitor.cgroup();
    }

    @Override
    public long stop() {
        return monitor.stop();
    }
}
