package io.isobench.runtime.vm.vstate;

import io.isobench.runtime.vm.boot.RamLayout;
import io.isobench.runtime.vm.console.ReadyLineRestamp;
import io.isobench.runtime.vm.devices.marker.Marker;
import io.isobench.runtime.vm.devices.marker.MarkerCode;
import io.isobench.runtime.vm.devices.serial.TransmitBuffer;
import io.isobench.runtime.vm.guest.ConsoleFrames;
import io.isobench.runtime.vm.kvm.Sregs;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static io.isobench.runtime.vm.vstate.VmChecks.CODE;
import static io.isobench.runtime.vm.vstate.VmChecks.check;

/**
 * Tiny hostile guests against the monitor (issue 16): a serial flood, a host that stops
 * reading, a triple fault, an exit storm on addresses nobody claims, a guest that never
 * signals ready. Each must end the VM with one sentence that says how it ended and where the
 * vCPUs were, and never take the JVM down. Run in-process (HostileGuestTest, this host's KVM)
 * and in the nested rig through {@link VmChecks#main} (KvmRigTest).
 */
final class HostileGuestChecks {
    /** KiB flooded into each of COM1 and COM2 by {@link #serialFlood}; the soak sets 102400 (100 MiB each). */
    static final String FLOOD_KIB = "isobench.floodKiB";
    private static final int WARM_UP_KIB = 256;
    private static final long BUF1 = 0x3000;
    private static final long BUF2 = 0x5000;
    private static final int PAGE = 4096;
    /** A COM2 frame of exactly one page: stream 1, length 4093, data; so it goes out in 16-byte pieces. */
    private static final int FRAME_DATA = PAGE - 3;

    private HostileGuestChecks() {
    }

    record Run(VmResult result, long runMillis) {
        /** What a user is told: how the VM ended, then where each vCPU was. */
        String sentence() {
            StringBuilder b = new StringBuilder(result.reason() + ": " + result.detail());
            result.vcpus().forEach(v -> b.append("; ").append(v.describe(a -> null)));
            return b.toString();
        }
    }

    static Run run(byte[] code, Duration timeout, OutputStream com1, OutputStream com2, Consumer<Marker> markers,
                   long unclaimedLimit, VmChecks.VmSetup setup) throws Exception {
        VmConfig config = new VmConfig(1, RamLayout.of(RamLayout.MIN_BYTES), com1, com2, markers, unclaimedLimit);
        try (VirtualMachine vm = VirtualMachine.create(config)) {
            vm.memory().write(CODE, code, 0, code.length);
            FlatProtectedMode.enter(vm.vcpu(0), CODE);
            setup.accept(vm);
            long t0 = System.nanoTime();
            VmResult r = vm.run(timeout);
            return new Run(r, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** The sentence is one line that names the reason and, for a failed VM, where vCPU 0 was. */
    static void oneSentence(Run run, StopReason expected, String mentions) {
        String s = run.sentence();
        check(run.result().reason() == expected, "expected " + expected + ", got " + s);
        check(!s.contains("\n") && s.contains(mentions), "not one sentence naming '" + mentions + "': " + s);
        check(s.contains("vCPU 0 ") && s.contains(" at 0x") && s.contains("last exit"), "no vCPU state in: " + s);
    }

    /**
     * Floods {@code mib} MiB into COM1 (rep outsb, ignoring flow control) and as many into COM2
     * (guest-init frames, 16 bytes per THRE as Linux's driver writes, the whole stdout one line
     * that starts like a ready line) to a host that reads everything. The monitor's RSS may not
     * grow by 1 % between the flood's first page and its end, COM2's bytes all arrive in order,
     * and the VM ends with the guest's reset.
     */
    static String serialFlood(int kib) throws Exception {
        // The same paths once first, as a real monitor has run them booting the kernel, so the
        // measured run compiles nothing new.
        serialFloodOnce(Math.min(kib, WARM_UP_KIB), false);
        return serialFloodOnce(kib, true);
    }

    private static String serialFloodOnce(int kib, boolean measured) throws Exception {
        int pages = kib / 4;
        Code c = new Code();
        c.movEbx(pages);
        int outer = c.here();
        c.movEsi(BUF1).movEcx(PAGE).movDx(0x3F8).repOutsb();
        c.movEsi(BUF2).movEbp(PAGE / 16);
        int piece = c.here();
        c.waitForThre(0x2F8).movDx(0x2F8).movEcx(16).repOutsb();
        c.decEbp().jnz(piece);
        c.movDx(0x600).movAl(MarkerCode.INIT_REACHED.code()).outDxAl().movAl(0).outDxAl();  // first page out: RSS mark
        c.decEbx().jnz(outer);
        c.waitForThre(0x2F8).outb(0x2F8, 1, 0, 0, 2, 0, 0);  // end of stdout and stderr
        c.outb(0x600, MarkerCode.WORKLOAD_EXITED.code(), 0).reset();

        byte[] text = new byte[PAGE];
        for (int i = 0; i < PAGE; i++) {
            text[i] = (byte) ((i + 1) % 64 == 0 ? '\n' : 'a' + i % 26);
        }
        byte[] frame = new byte[PAGE];
        frame[0] = ConsoleFrames.STDOUT;
        frame[1] = (byte) (FRAME_DATA & 0xFF);
        frame[2] = (byte) (FRAME_DATA >> 8);
        Arrays.fill(frame, 3, PAGE, (byte) 'x');  // no newline: stdout is one endless line...
        byte[] ready = "@@isobench ready ".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ready, 0, frame, 3, ready.length);  // ...that starts like the ready line

        AtomicLong stdoutBytes = new AtomicLong();
        long[] rssAtStart = {0};
        try (OutputStream nul1 = new FileOutputStream("/dev/null"); OutputStream nul2 = new FileOutputStream("/dev/null");
             OutputStream nul3 = new FileOutputStream("/dev/null")) {
            OutputStream stdout = new ReadyLineRestamp(counting(nul2, stdoutBytes), System::nanoTime);
            ConsoleFrames frames = new ConsoleFrames(stdout, nul3);
            OutputStream com2 = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    frames.feed(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    frames.feed(b, off, len);
                }
            };
            Run run = run(c.toBytes(), Duration.ofMinutes(30), nul1, com2, m -> {
                if (m.code() == MarkerCode.INIT_REACHED && rssAtStart[0] == 0) {
                    rssAtStart[0] = rss();
                }
            }, VmConfig.UNCLAIMED_LIMIT, vm -> {
                vm.memory().write(BUF1, text, 0, PAGE);
                // The guest repeats one frame; its data always starts like the ready line (one line).
                vm.memory().write(BUF2, frame, 0, PAGE);
            });
            long rssAtEnd = rss();
            VmResult r = run.result();
            check(r.reason() == StopReason.RESET, "the flooded VM did not end with its reset: " + run.sentence());
            long bytes = (long) pages * PAGE;
            check(r.serialCount("COM1.delivered") + r.serialCount("COM1.dropped") == bytes && r.serialCount("COM1.lost") == 0,
                    "COM1: " + bytes + " bytes written, " + r.serial());
            check(r.serialCount("COM2.delivered") == bytes + 6 && r.serialCount("COM2.dropped") == 0,
                    "COM2 with flow control must lose nothing: " + bytes + " + 6 bytes written, " + r.serial());
            check(stdoutBytes.get() == (long) pages * FRAME_DATA, "stdout got " + stdoutBytes + " of "
                    + (long) pages * FRAME_DATA + " bytes");
            // A marker per page: the first 64 are kept, the rest only counted.
            check(r.markers().size() == Math.min(64, pages + 1) && r.exitCount("markers_dropped") == Math.max(0, pages + 1 - 64),
                    "markers kept " + r.markers().size() + ", exits " + r.exits());
            if (!measured) {
                return "";
            }
            long growth = rssAtEnd - rssAtStart[0];
            check(rssAtStart[0] > 0 && growth < rssAtStart[0] / 100, String.format(
                    "RSS grew by %d KiB (from %d KiB at the flood's first page) while %d KiB went through each UART",
                    growth / 1024, rssAtStart[0] / 1024, kib));
            double seconds = run.runMillis() / 1000.0;
            return String.format("%d KiB per UART in %.1f s (%.0f KiB/s per UART), RSS %d KiB -> %d KiB, COM1 dropped %d",
                    kib, seconds, kib / seconds, rssAtStart[0] / 1024, rssAtEnd / 1024, r.serialCount("COM1.dropped"));
        }
    }

    private static OutputStream counting(OutputStream out, AtomicLong count) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                count.incrementAndGet();
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                count.addAndGet(len);
            }
        };
    }

    /**
     * The host stopped reading COM2 (a real pipe, filled and never read): the guest writes 80 KiB
     * regardless (more than the 64 KiB ring and the 4 KiB chunk in the draining thread's hands),
     * reads COM2's LSR (THR must show busy), writes that byte to COM1, and resets. The vCPU never
     * waits for the host, so the VM reaches its reset; what did not fit is counted, and the VM's
     * end waits at most {@link TransmitBuffer#QUIET_LIMIT_MILLIS} for the host.
     */
    static String hostStopsReading() throws Exception {
        int pages = 20;
        Code c = new Code().movEbx(pages);
        int loop = c.here();
        c.movEsi(BUF1).movEcx(PAGE).movDx(0x2F8).repOutsb().decEbx().jnz(loop);
        c.movDx(0x2FD).inAlDx().movDx(0x3F8).outDxAl();
        c.outb(0x600, MarkerCode.WORKLOAD_EXITED.code(), 0).reset();
        ByteArrayOutputStream com1 = new ByteArrayOutputStream();
        Pipe pipe = Pipe.open();
        try (Pipe.SourceChannel nobodyReads = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            fill(sink);  // the reader stopped with its pipe full: the first byte already finds no room
            OutputStream unread = Channels.newOutputStream(sink);
            long[] stopToEnd = {0};
            Run run = run(c.toBytes(), Duration.ofSeconds(120), com1, unread, m -> { }, VmConfig.UNCLAIMED_LIMIT,
                    vm -> vm.memory().write(BUF1, new byte[PAGE], 0, PAGE));
            VmResult r = run.result();
            stopToEnd[0] = run.runMillis() - (r.stopNanos() - r.startNanos()) / 1_000_000;
            check(r.reason() == StopReason.RESET, "a host that stops reading stopped the guest: " + run.sentence());
            byte[] lsr = com1.toByteArray();
            check(lsr.length == 1 && (lsr[0] & 0x20) == 0, "COM2's LSR after the flood should show THR busy, got "
                    + Arrays.toString(lsr));
            long written = (long) pages * PAGE;
            check(r.serialCount("COM2.dropped") > 0 && r.serialCount("COM2.undelivered") > 0
                            && r.serialCount("COM2.delivered") + r.serialCount("COM2.dropped") + r.serialCount("COM2.undelivered")
                            == written, "COM2 counts do not add up to " + written + ": " + r.serial());
            check(stopToEnd[0] < TransmitBuffer.QUIET_LIMIT_MILLIS + 2_000, "the VM's end waited " + stopToEnd[0]
                    + " ms for a host that does not read (bound " + TransmitBuffer.QUIET_LIMIT_MILLIS + " ms)");
            return String.format("VM ran %d ms, end waited %d ms; COM2 delivered %d, dropped %d, undelivered %d",
                    (r.stopNanos() - r.startNanos()) / 1_000_000, stopToEnd[0], r.serialCount("COM2.delivered"),
                    r.serialCount("COM2.dropped"), r.serialCount("COM2.undelivered"));
        }
    }

    private static void fill(Pipe.SinkChannel sink) throws IOException {
        sink.configureBlocking(false);
        java.nio.ByteBuffer page = java.nio.ByteBuffer.allocate(PAGE);
        long total = 0;
        int n;
        do {
            page.clear();
            n = sink.write(page);
            total += n;
        } while (n > 0 && total < 16L << 20);
        check(total < 16L << 20, "the pipe took 16 MiB without blocking");
        sink.configureBlocking(true);
    }

    /** ud2 with an empty IDT: a triple fault, told as one sentence with the vCPU's state. */
    static String tripleFault() throws Exception {
        Run run = run(new Code().ud2().toBytes(), Duration.ofSeconds(20), OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream(), m -> { }, VmConfig.UNCLAIMED_LIMIT, vm -> {
                    Sregs s = vm.vcpu(0).getSregs();
                    vm.vcpu(0).setSregs(s.set(Sregs.Table.IDT, new Sregs.Dtable(0, 0)));
                });
        oneSentence(run, StopReason.TRIPLE_FAULT, "triple-faulted");
        check(run.result().exitCount("shutdown") == 1, "exits " + run.result().exits());
        return run.sentence();
    }

    /**
     * Unclaimed MMIO reads and port reads in an endless loop: the monitor ends the storm at its
     * limit (a short one here) with a sentence naming the last access, long before the timeout.
     */
    static String unclaimedStorm(long limit) throws Exception {
        Code c = new Code();
        int loop = c.here();
        c.movEaxMem(0xE000_0000L).movDx(0x3E8).inAlDx().jmp(loop);
        Run run = run(c.toBytes(), Duration.ofSeconds(300), OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream(), m -> { }, limit, vm -> { });
        oneSentence(run, StopReason.ERROR, "exit storm");
        long unclaimed = run.result().exitCount("mmio_unclaimed") + run.result().exitCount("pio_unclaimed");
        check(unclaimed >= limit && unclaimed <= limit + 2, "unclaimed accesses " + unclaimed + " for a limit of " + limit);
        return run.sentence() + String.format(" (%d ms)", run.runMillis());
    }

    /** A guest that spins and never signals ready: the timeout ends it and says where it spins. */
    static String neverReady() throws Exception {
        Run run = run(new Code().spinForever().toBytes(), Duration.ofSeconds(2), OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream(), m -> { }, VmConfig.UNCLAIMED_LIMIT, vm -> { });
        oneSentence(run, StopReason.TIMEOUT, "did not stop within");
        check(run.result().markers().isEmpty(), "markers from a silent guest: " + run.result().markers());
        return run.sentence();
    }

    /** VmRSS of this JVM. */
    static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read /proc/self/status", e);
        }
        throw new AssertionError("no VmRSS in /proc/self/status");
    }

    static int floodKiB(int ciDefault) {
        return Integer.getInteger(FLOOD_KIB, ciDefault);
    }
}
