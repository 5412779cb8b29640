package io.isobench.harness.cli;

import io.isobench.harness.Main;
import io.isobench.model.Results;
import io.isobench.model.ResultsJson;
import io.isobench.model.RunConfig;
import io.isobench.model.Status;
import io.isobench.model.Trial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code isobench run} with the vm runtime on a host whose KVM is emulated, as on the machines
 * isobench is developed and tested on (PVM, see DESIGN.md): the run goes on without the VM,
 * and every result file says the VM was unavailable and why, in the words of the KVM
 * calibration (the sentence {@code doctor} shows). Asked for alone, the vm runtime is refused
 * with that one sentence. Runs the real CLI as root with the real image and calibration.
 */
class RunVmUnavailableTest {

    @Test
    void vmIsRecordedUnavailableWithTheCalibrationsReasonWhileBareRuns(@TempDir Path tmp) throws Exception {
        String doctor = doctor();
        String doctorReason = says(doctor, "runtime vm");
        assertTrue(says(doctor, "kvm").startsWith("KVM is emulated"),
                "this test expects a host whose KVM is emulated (PVM, as DESIGN.md describes):\n" + doctor);

        Path out = tmp.resolve("out");
        RunCommandTest.Cli r = RunCommandTest.cli("run", "--runtimes", "bare,vm", "--workloads", "startup.noop", "--quick",
                "--trials", "1", "--warmups", "0", "--seed", "7", "--out", out.toString());
        assertEquals(0, r.code(), r.err());

        Results results = ResultsJson.read(out.resolve("results.json"));
        assertEquals(List.of("bare"), results.config().runtimes());
        assertEquals(1, results.config().unavailable().size(), results.config().unavailable().toString());
        RunConfig.UnavailableRuntime vm = results.config().unavailable().get(0);
        assertEquals("vm", vm.runtime());
        String reason = vm.reason();
        // The same sentence as doctor's; only the measured loop speed differs between two calibrations.
        assertEquals(withoutNumbers(doctorReason), withoutNumbers(reason));
        assertTrue(reason.contains("the VM runtime is unavailable here"), reason);
        // ... and says what to do instead: the exact rig command (issue 16, a newcomer's path).
        assertTrue(reason.contains("scripts/kvm-rig ./isobench run --runtimes vm"), reason);
        assertTrue(doctorReason.contains("scripts/kvm-rig ./isobench run --runtimes vm"), doctorReason);

        // One ok bare trial; one vm entry per workload carrying the status and the reason.
        Trial bare = only(results.trials(), "bare");
        assertEquals(Status.OK, bare.status(), bare.reason());
        assertTrue(bare.timeline().totalMs() > 0, bare.toString());
        Trial unavailable = only(results.trials(), "vm");
        assertEquals(Status.UNAVAILABLE, unavailable.status());
        assertEquals(reason, unavailable.reason());
        assertEquals("startup.noop", unavailable.workload());
        assertEquals(results.trials(), ResultsJson.readTrials(out.resolve("trials.jsonl")));
        assertTrue(r.err().contains("runtime vm is unavailable, the run goes on without it: " + reason), r.err());

        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("vm unavailable: " + reason), md);
        String summary = md.lines().filter(l -> l.startsWith("| startup.noop | totalMs (ms) |")).findFirst().orElseThrow();
        assertTrue(summary.endsWith(" | unavailable | – |"), "the summary's vm cell does not say unavailable: " + summary);
        assertTrue(md.contains("runtime vm unavailable: " + reason), "no warning about the left-out vm trial:\n" + md);

        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<td>unavailable</td><td>vm: " + htmlEscaped(reason) + "</td>"),
                "report.html's configuration does not give the vm's reason");
        assertTrue(html.contains("<td class=\"num\">unavailable</td>"), "report.html's summary does not say the vm is unavailable");
        assertTrue(html.contains("<td>vm</td><td>startup.noop</td><td class=\"num\">1</td><td>unavailable</td>"),
                "report.html does not list the vm trial as left out");
    }

    @Test
    void vmAloneIsRefusedWithOneSentenceAndNoOutputDirectory(@TempDir Path tmp) {
        Path out = tmp.resolve("a").resolve("b");
        RunCommandTest.expectError("runtime vm is unavailable on this host: KVM is emulated", "run", "--runtimes", "vm",
                "--workloads", "startup.noop", "--quick", "--trials", "1", "--warmups", "0", "--out", out.toString());
        assertFalse(Files.exists(tmp.resolve("a")), "a refused run left its output directory behind");
    }

    private static Trial only(List<Trial> trials, String runtime) {
        List<Trial> of = trials.stream().filter(t -> t.runtime().equals(runtime)).toList();
        assertEquals(1, of.size(), runtime + " trials: " + of);
        return of.get(0);
    }

    /** What {@code isobench doctor} prints. */
    static String doctor() {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("doctor");
        } finally {
            System.setOut(saved);
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        return text;
    }

    /** The explanation column of one of doctor's lines (columns are separated by two or more blanks). */
    private static String says(String text, String capability) {
        String line = text.lines().filter(l -> l.matches("(ok|MISS)\\s+" + capability + "\\s{2,}.*")).findFirst()
                .orElseThrow(() -> new AssertionError("doctor has no line for " + capability + ":\n" + text));
        String[] columns = line.split("\\s{2,}");
        return columns[columns.length - 1];
    }

    private static String withoutNumbers(String s) {
        return s.replaceAll("\\d+(\\.\\d+)?", "N");
    }

    private static String htmlEscaped(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
