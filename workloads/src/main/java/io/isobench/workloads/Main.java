package io.isobench.workloads;

import java.util.List;

/**
 * {@code java -jar workloads.jar <id> [--quick] [--forks N]}: runs one workload of the
 * {@link Catalog} and prints the {@link WorkloadOutput} protocol on stdout. Everything else
 * (JMH's progress, diagnostics) goes to stderr. Exit 0 = measured, 1 = the workload failed,
 * 2 = bad arguments or environment.
 *
 * <p>This class must stay tiny and free of JMH references: {@code startup.jvm-hello} is
 * this main printing its ready line and returning, so its cost is the JVM's start alone.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // First thing, before any class of ours beyond this one is loaded.
        System.out.println(WorkloadOutput.readyLine(System.nanoTime()));
        if (args.length >= 1 && args[0].equals("startup.jvm-hello")) {
            return;
        }
        if (args.length >= 1 && args[0].equals("startup.idle-jvm")) {
            idle(); // isobench density: ready, then nothing until killed
        }
        // Network workloads time sockets themselves (JMH's iterations do not fit a server on
        // the far side); the server is this jar too, started once per run in the far end.
        if (args.length >= 1 && args[0].equals("net-server")) {
            System.exit(io.isobench.workloads.net.NetServer.main(args));
        }
        if (args.length >= 1 && args[0].startsWith("net.")) {
            System.exit(io.isobench.workloads.net.NetClient.main(args, System.getenv()));
        }
        System.exit(JmhDriver.main(List.of(args)));
    }

    /** Waits forever without a thread of its own or a timer: what an idle JVM instance costs. */
    private static void idle() {
        Object never = new Object();
        synchronized (never) {
            while (true) {
                try {
                    never.wait();
                } catch (InterruptedException e) {
                    // nobody interrupts us; keep waiting
                }
            }
        }
    }
}
