package io.isobench.runtime.container;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link ContainerPolicy} is the launcher's policy as data (for OCI bundles): it must say
 * exactly what the C code does. Read from the sources the launcher is built from.
 */
class ContainerPolicyTest {
    private static final Path C = Path.of("src/main/c/launcher");

    @Test
    void capabilitiesAreThoseCapsCKeeps() throws IOException {
        assertEquals(ContainerPolicy.CAPABILITIES, tokens(block(C.resolve("caps.c"), "static const int kept[]"), "CAP_[A-Z_]+"));
    }

    @Test
    void deniedSyscallsAreThoseOfTheSeccompGenerator() throws IOException {
        assertEquals(ContainerPolicy.DENIED_SYSCALLS,
                tokens(block(C.resolve("gen/seccomp_gen.c"), "} denied[]"), "\\{\"([a-z0-9_]+)\""));
    }

    @Test
    void cloneFlagsAndIoctlsAreThoseOfTheSeccompGenerator() throws IOException {
        Path gen = C.resolve("gen/seccomp_gen.c");
        List<String> flags = tokens(block(gen, "namespace_flags[]"), "CLONE_[A-Z]+");
        assertEquals(List.of("CLONE_NEWNS", "CLONE_NEWUTS", "CLONE_NEWIPC", "CLONE_NEWUSER", "CLONE_NEWPID", "CLONE_NEWNET",
                "CLONE_NEWCGROUP"), flags, "seccomp_gen.c's flags changed: update ContainerPolicy.NAMESPACE_FLAGS");
        // <linux/sched.h> values of those names, in that order.
        assertEquals(List.of(0x00020000L, 0x04000000L, 0x08000000L, 0x10000000L, 0x20000000L, 0x40000000L, 0x02000000L),
                ContainerPolicy.NAMESPACE_FLAGS);
        assertEquals(List.of("TIOCSTI", "TIOCLINUX"), tokens(block(gen, "denied_ioctls[]"), "TIOC[A-Z]+"));
        assertEquals(List.of(0x5412L, 0x541CL), ContainerPolicy.DENIED_IOCTLS); // <asm-generic/ioctls.h>
    }

    @Test
    void maskedAndReadOnlyPathsAreThoseOfMountsC() throws IOException {
        Path mounts = C.resolve("mounts.c");
        assertEquals(ContainerPolicy.MASKED_PATHS, tokens(block(mounts, "static const char *masked[]"), "\"(/[^\"]+)\""));
        assertEquals(ContainerPolicy.READ_ONLY_PATHS, tokens(block(mounts, "static const char *read_only[]"), "\"(/[^\"]+)\""));
    }

    @Test
    void namespacesAreTheContainerRuntimes() {
        List<String> procNames = ContainerPolicy.OCI_NAMESPACES.stream()
                .map(n -> switch (n) {
                    case "mount" -> "mnt";
                    case "network" -> "net";
                    default -> n;
                }).toList();
        assertEquals(ContainerRuntime.NAMESPACES, procNames);
    }

    /** The initializer of the array declared by {@code declaration}: from its '{' to the matching '};'. */
    private static String block(Path source, String declaration) throws IOException {
        String text = Files.readString(source);
        int at = text.indexOf(declaration);
        if (at < 0) {
            throw new AssertionError(source + " has no '" + declaration + "' any more: update ContainerPolicyTest");
        }
        int open = text.indexOf('{', at + declaration.length());
        int end = text.indexOf("};", open);
        return text.substring(open + 1, end);
    }

    private static List<String> tokens(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.groupCount() > 0 ? m.group(1) : m.group());
        }
        return out;
    }
}
