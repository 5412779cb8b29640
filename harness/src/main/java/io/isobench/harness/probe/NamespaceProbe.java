package io.isobench.harness.probe;

import io.isobench.model.Capability;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Whether each namespace kind can really be created here: util-linux {@code unshare}
 * creates it in a child that then exits (a kernel may list a kind in /proc/self/ns and
 * still refuse it, e.g. under seccomp or a user-namespace sysctl).
 */
public final class NamespaceProbe implements Probe {
    /** kind → unshare option; pid needs --fork, since the caller itself cannot enter it. */
    private static final List<String[]> KINDS = List.of(
            new String[]{"mount", "--mount"}, new String[]{"uts", "--uts"}, new String[]{"ipc", "--ipc"},
            new String[]{"network", "--net"}, new String[]{"pid", "--pid --fork"}, new String[]{"cgroup", "--cgroup"},
            new String[]{"user", "--user"}, new String[]{"time", "--time"});

    @Override
    public List<Capability> probe() {
        List<String> ok = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        String error = null;
        for (String[] kind : KINDS) {
            List<String> cmd = new ArrayList<>(List.of("unshare"));
            cmd.addAll(List.of(kind[1].split(" ")));
            cmd.add("true");
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes()).strip();
                if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    ok.add(kind[0]);
                } else {
                    p.destroyForcibly();
                    failed.add(kind[0] + (out.isEmpty() ? "" : " (" + out.lines().findFirst().orElse("") + ")"));
                }
            } catch (IOException e) {
                error = "cannot run util-linux unshare to test them: " + e.getMessage();
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = "interrupted";
                break;
            }
        }
        if (error != null) {
            return List.of(new Capability("namespaces", false, "unknown", error));
        }
        // The container runtime needs mount, uts, ipc, network, pid and cgroup; user and time are extras.
        boolean containerOk = ok.containsAll(List.of("mount", "uts", "ipc", "network", "pid", "cgroup"));
        return List.of(new Capability("namespaces", containerOk, String.join(",", ok),
                failed.isEmpty() ? "every kind can be created: the container runtime can isolate fully"
                        : "cannot create " + String.join(", ", failed)
                        + (containerOk ? "" : ": the container runtime is unavailable")));
    }
}
