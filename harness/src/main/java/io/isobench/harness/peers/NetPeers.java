package io.isobench.harness.peers;

import io.isobench.harness.image.Image;
import io.isobench.harness.run.WorkloadReport;
import io.isobench.model.Metric;
import io.isobench.runtime.Execution;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Limits;
import io.isobench.runtime.Runtime;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.Stdio;
import io.isobench.runtime.bare.BareRuntime;
import io.isobench.runtime.cgroup.Cgroup;
import io.isobench.runtime.cgroup.CgroupManager;
import io.isobench.runtime.container.ContainerRuntime;
import io.isobench.runtime.net.BridgeNat;
import io.isobench.runtime.net.FarEnd;
import io.isobench.runtime.net.NetAttachment;
import io.isobench.runtime.vm.VmRuntime;
import io.isobench.runtime.vm.calibration.KvmCalibrator;
import io.isobench.workloads.Catalog;
import io.isobench.workloads.Length;
import io.isobench.workloads.Workload;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code isobench peers net}: the net workloads' figures per link kind, measured in one run
 * against one far end, so only the link differs:
 * <ul>
 *   <li>loopback: the client inside the far end itself (bare runtime entered into the far
 *       end's namespace with nsenter), over its {@code lo};</li>
 *   <li>bare veth, container veth, container with {@code net=host}, container with
 *       {@code net=bridge-nat} (Docker's default): as in {@code isobench run};</li>
 *   <li>vm virtio-net: isobench's microVM over its virtio-net device and a tap living in the
 *       far end, as in {@code isobench run} (each figure is one VM boot).</li>
 * </ul>
 * The kinds run in turn within each round, so drift spreads evenly; medians are printed.
 * A kind this host cannot run is listed as unavailable with its one-sentence reason, in the
 * table and the JSON: bridge-nat without nft; the VM without hardware KVM (the development
 * machines: there the VM row is measured inside the nested rig, docs/kvm-rig.md) or without
 * /dev/net/tun; and any kind whose runtime fails to set it up (a {@link RuntimeFailure}, e.g.
 * bridge-nat on a kernel without the bridge driver), found out when it is first run. A
 * workload that runs and fails is still an error of the whole command.
 */
public final class NetPeers {
    /** One link kind: how to run a net workload over it. */
    private record Link(String name, Runtime runtime, Map<String, String> options, boolean loopback) {
    }

    private static final String BRIDGE_NAT = "container bridge-nat";
    private static final String VM = "vm virtio-net";
    /** A VM's net trial boots a guest first: minutes in the nested rig, where TCG emulates everything. */
    private static final Duration VM_TIMEOUT = Duration.ofMinutes(10);
    private static final List<String> COLUMNS = List.of("net.tcp-stream:throughput", "net.tcp-rr:p50", "net.tcp-rr:p99",
            "net.tcp-crr:rate");

    private final Image image;
    private final CgroupManager cgroups;
    private final boolean quick;
    private final PrintStream log;

    public NetPeers(Image image, CgroupManager cgroups, boolean quick, PrintStream log) {
        this.image = image;
        this.cgroups = cgroups;
        this.quick = quick;
        this.log = log;
    }

    /** Measures and prints the table; returns the medians and the kinds left out with their reasons. */
    public Table measure(int rounds, PrintWriter out) throws IOException {
        String reason = FarEnd.unavailableReason();
        if (reason != null) {
            throw new IOException(reason);
        }
        List<Link> links = new ArrayList<>(List.of(new Link("loopback (far end's lo)", new BareRuntime(), Map.of(), true),
                new Link("bare veth", new BareRuntime(), Map.of(), false),
                new Link("container veth", new ContainerRuntime(), Map.of(), false),
                new Link("container net=host (veth)", new ContainerRuntime(), Map.of("net", "host"), false)));
        Map<String, String> unavailable = new LinkedHashMap<>();
        String natReason = BridgeNat.unavailableReason();
        if (natReason == null) {
            links.add(new Link(BRIDGE_NAT, new ContainerRuntime(), Map.of("net", "bridge-nat"), false));
        } else {
            unavailable.put(BRIDGE_NAT, natReason);
        }
        VmRuntime vm = new VmRuntime(KvmCalibrator::calibrate);
        String vmReason = vmUnavailableReason(vm);
        if (vmReason == null) {
            links.add(new Link(VM, vm, Map.of(), false));
        } else {
            unavailable.put(VM, vmReason);
        }
        Map<String, Map<String, List<Double>>> samples = new LinkedHashMap<>();
        List<Workload> workloads = Catalog.select(List.of("net"));
        try (FarEnd farEnd = FarEnd.open(cgroups.create("peers-far-end"), image.root(), Catalog.netServerCommand())) {
            for (int round = 1; round <= rounds; round++) {
                for (Link link : links) {
                    if (unavailable.containsKey(link.name())) {
                        continue;
                    }
                    try {
                        for (Workload w : workloads) {
                            for (Metric m : runOnce(farEnd, link, w)) {
                                samples.computeIfAbsent(link.name(), k -> new LinkedHashMap<>())
                                        .computeIfAbsent(w.id() + ":" + m.name(), k -> new ArrayList<>()).add(m.value());
                            }
                        }
                    } catch (LinkUnavailable e) {
                        // The runtime could not make this kind's link here (e.g. a kernel without the
                        // bridge driver, as the nested rig's L2): that row is unavailable, the others go on.
                        log.println("isobench: peers net: " + link.name() + " is unavailable: " + e.getMessage());
                        unavailable.put(link.name(), e.getMessage());
                        samples.remove(link.name());
                        continue;
                    }
                    log.println("isobench: peers net: round " + round + " " + link.name() + " done");
                }
            }
        }
        Map<String, Map<String, Double>> medians = new LinkedHashMap<>();
        samples.forEach((link, byColumn) -> {
            Map<String, Double> row = new LinkedHashMap<>();
            byColumn.forEach((col, values) -> row.put(col, median(values)));
            medians.put(link, row);
        });
        print(medians, rounds, unavailable, out);
        return new Table(medians, unavailable, samples);
    }

    /**
     * The medians per link (link → column → value), the kinds not measured here (link → why),
     * and every round's value (link → column → values), which the charts' spread comes from.
     */
    public record Table(Map<String, Map<String, Double>> medians, Map<String, String> unavailable,
                        Map<String, Map<String, List<Double>>> samples) {
    }

    /** The table as bar charts ({@code io.isobench.reports.charts.LinkKindCharts}): DIR/NAME.svg and .png. */
    public static List<java.nio.file.Path> writeCharts(java.nio.file.Path dir, Table table, int rounds) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        List<java.nio.file.Path> written = new ArrayList<>();
        for (var chart : io.isobench.reports.charts.LinkKindCharts.render(table.samples(), rounds)) {
            written.addAll(chart.writeTo(dir));
        }
        return written;
    }

    /** Why this host cannot run the VM row (the runtime's own sentence), or null. */
    private static String vmUnavailableReason(VmRuntime vm) {
        io.isobench.runtime.Availability a = vm.availability();
        if (!a.available()) {
            return "the VM runtime is unavailable: " + a.reason();
        }
        a = vm.networkAvailability();
        return a.available() ? null : a.reason();
    }

    private List<Metric> runOnce(FarEnd farEnd, Link link, Workload w) throws IOException {
        Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/bin:/bin", "HOME", "/root", "LANG", "C"));
        NetAttachment net = null;
        List<String> command = new ArrayList<>();
        if (link.loopback()) {
            env.put(NetAttachment.PEER_ENV, "127.0.0.1");
            env.put(NetAttachment.LINK_ENV, "loopback");
            command.addAll(List.of("/usr/bin/nsenter", "--net=" + farEnd.path(), "--"));
            command.add(image.root().resolve(w.command(quick ? Length.QUICK : Length.NORMAL).get(0)).toString());
            command.addAll(w.command(quick ? Length.QUICK : Length.NORMAL).subList(1, w.command(quick ? Length.QUICK : Length.NORMAL).size()));
        } else {
            net = farEnd.attach();
            env.put(NetAttachment.PEER_ENV, net.farAddress());
            command.addAll(w.command(quick ? Length.QUICK : Length.NORMAL));
        }
        try (Cgroup cgroup = cgroups.create("peers-net-" + w.id())) {
            Execution e = link.runtime().execute(new Launch(image.root(), command, env, Limits.NONE, cgroup, null,
                    link.runtime() instanceof VmRuntime ? VM_TIMEOUT : Duration.ofMinutes(2), Stdio.CAPTURE, link.options(), net));
            if (e.timedOut() || e.exitCode() != 0) {
                throw new IOException(w.id() + " over " + link.name() + " failed (exit " + e.exitCode() + "): "
                        + e.stderr().strip());
            }
            return WorkloadReport.parse(e.stdout()).metrics();
        } catch (RuntimeFailure e) {
            throw new LinkUnavailable(w.id() + " over " + link.name() + ": " + e.getMessage(), e);
        }
    }

    /** The runtime refused or could not set up the run over this link kind (not a workload's failure). */
    private static final class LinkUnavailable extends IOException {
        LinkUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** {"links":[{"name", "figures": {"net.tcp-rr:p50": ..}}], "unavailable":[{"name", "reason"}], "rounds": N}. */
    public static void writeJson(java.nio.file.Path file, Table table, int rounds) throws IOException {
        Map<String, Map<String, Double>> medians = table.medians();
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
        var root = mapper.createObjectNode();
        var links = root.putArray("links");
        medians.forEach((link, row) -> {
            var figures = links.addObject().put("name", link).putObject("figures");
            row.forEach(figures::put);
        });
        var unavailable = root.putArray("unavailable");
        table.unavailable().forEach((link, reason) -> unavailable.addObject().put("name", link).put("reason", reason));
        root.put("rounds", rounds);
        java.nio.file.Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            java.nio.file.Files.createDirectories(parent);
        }
        java.nio.file.Files.writeString(file, mapper.writeValueAsString(root) + "\n");
    }

    static double median(List<Double> values) {
        List<Double> s = values.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static void print(Map<String, Map<String, Double>> medians, int rounds, Map<String, String> unavailable,
                              PrintWriter out) {
        out.printf(Locale.ROOT, "%-28s %14s %12s %12s %14s%n", "link", "stream Gbit/s", "rr p50 us", "rr p99 us",
                "crr conn/s");
        medians.forEach((link, row) -> {
            out.printf(Locale.ROOT, "%-28s", link);
            for (String col : COLUMNS) {
                Optional<Double> v = Optional.ofNullable(row.get(col));
                out.printf(Locale.ROOT, col.endsWith("throughput") ? " %14.2f" : col.endsWith("rate") ? " %14.0f" : " %12.1f",
                        v.orElse(Double.NaN));
            }
            out.println();
        });
        unavailable.forEach((link, reason) -> out.printf(Locale.ROOT, "%-28s %s%n", link, "unavailable: " + reason));
        out.println("medians of " + rounds + " round(s); the kinds alternate within each round");
        out.flush();
    }
}
