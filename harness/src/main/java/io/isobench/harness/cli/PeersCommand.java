package io.isobench.harness.cli;

import io.isobench.harness.peers.VmPeers;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.vm.calibration.KvmCalibration;
import io.isobench.runtime.vm.calibration.KvmCalibrator;
import io.isobench.runtime.vm.calibration.KvmKind;

import io.isobench.harness.peers.ContainerPeers;
import io.isobench.harness.peers.PeerRunner;
import io.isobench.harness.peers.PeerTable;
import io.isobench.harness.probe.RootProbe;
import io.isobench.runtime.cgroup.CgroupManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code isobench peers container|vm}: this host's start times of isobench's runtimes next to
 * the installed peers, measured in one run; {@code peers net}: the net workloads per link kind
 * ({@link io.isobench.harness.peers.NetPeers}). Each kind builds its list of peers; the runner,
 * the table and the JSON file are shared (see {@link io.isobench.harness.peers}).
 */
@Command(name = "peers", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures, in one run on this host, how long isobench's runtime takes to start and end a no-op "
                + "next to the peers that are installed (container: bwrap, unshare, runc, crun, bare exec; "
                + "vm: QEMU microvm with KVM, boot to init of the same kernel and initramfs), "
                + "and prints median, p90 and runs.")
public final class PeersCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KIND", description = "container, vm or net")
    String kind;

    @Option(names = "--runs", paramLabel = "N", description = "Measured runs per peer (default: 30; net: 3 rounds).")
    Integer runsGiven;

    int runs;

    @Option(names = "--quick", description = "net: the workloads' quick mode (1 s measured instead of 10 s).")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write {\"peers\":[{name, medianMs, p90Ms, runs}]} to FILE.")
    Path json;

    @Option(names = "--chart", paramLabel = "DIR", description = "net: also draw the table as bar charts, DIR/peers-net-*.svg and .png.")
    Path chart;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        runs = runsGiven != null ? runsGiven : "net".equals(kind) ? 3 : 30;
        if (runs < 1) {
            err.println("isobench: --runs must be at least 1, got " + runs);
            return 2;
        }
        if (!RootProbe.isRoot()) {
            err.println("isobench: peers needs root: isobench's runtimes create namespaces and cgroups (try sudo)");
            return 2;
        }
        PeerTable table;
        try {
            switch (kind) {
                case "container" -> {
                    try (ContainerPeers peers = ContainerPeers.create(CgroupManager.open())) {
                        table = new PeerRunner(System.err).measure(peers.peers(), runs, java.util.List.of());
                        table = new PeerTable(table.results(), table.skipped(), peers.notes());
                    }
                }
                case "vm" -> {
                    KvmCalibration kvm = KvmCalibrator.calibrate();
                    if (kvm.kind() != KvmKind.HARDWARE) {
                        err.println("isobench: peers vm needs hardware KVM: " + kvm.detail());
                        return 1;
                    }
                    try (VmPeers peers = VmPeers.create()) {
                        table = new PeerRunner(System.err).measure(peers.peers(), runs, java.util.List.of());
                        table = new PeerTable(table.results(), table.skipped(), peers.notes());
                    } catch (RuntimeFailure e) {
                        err.println("isobench: " + e.getMessage());
                        return 1;
                    }
                }
                case "net" -> {
                    // Not start times: the net workloads per link kind (see NetPeers); --runs = rounds.
                    var measured = new io.isobench.harness.peers.NetPeers(io.isobench.harness.image.ImageBuilder.standard()
                            .ensure(), CgroupManager.open(), quick, System.err).measure(runs, spec.commandLine().getOut());
                    if (chart != null) {
                        io.isobench.harness.peers.NetPeers.writeCharts(chart, measured, runs);
                    }
                    if (json != null) {
                        io.isobench.harness.peers.NetPeers.writeJson(json, measured, runs);
                    }
                    return 0;
                }
                default -> {
                    err.println("isobench: unknown peer kind '" + kind + "' (known: container, vm, net)");
                    return 2;
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            table.print(out);
            if (json != null) {
                table.writeJson(json);
            }
            return 0;
        } catch (IOException e) {
            err.println("isobench: " + e.getMessage());
            return 1;
        }
    }
}
