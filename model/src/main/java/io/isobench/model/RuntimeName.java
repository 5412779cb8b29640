package io.isobench.model;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A runtime's name as used in {@code --runtimes} and in results: {@code KIND} for isobench's
 * own runtimes ({@code bare}, {@code container}, {@code vm}) or {@code KIND:IMPLEMENTATION}
 * for a runtime people deploy, run by the same harness as a variant of that kind
 * ({@code container:runc}, {@code container:crun}; {@code vm:qemu} slots in the same way).
 *
 * @param kind           {@code bare}, {@code container} or {@code vm}
 * @param implementation the deployed runtime ({@code runc}), or null for isobench's own
 */
public record RuntimeName(String kind, String implementation) {
    public static final List<String> KINDS = List.of("bare", "container", "vm");
    private static final Pattern IMPLEMENTATION = Pattern.compile("[a-z0-9][a-z0-9-]*");

    public RuntimeName {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("runtime kind '" + kind + "' is not one of " + String.join(", ", KINDS));
        }
        if (implementation != null && !IMPLEMENTATION.matcher(implementation).matches()) {
            throw new IllegalArgumentException("runtime implementation '" + implementation
                    + "' must be lower-case letters, digits and dashes");
        }
        if (implementation != null && kind.equals("bare")) {
            throw new IllegalArgumentException("bare has no implementations: it is the host itself");
        }
    }

    /** @throws IllegalArgumentException one sentence naming what is wrong with {@code name} */
    public static RuntimeName parse(String name) {
        int colon = name.indexOf(':');
        if (colon < 0) {
            return new RuntimeName(name, null);
        }
        if (name.indexOf(':', colon + 1) >= 0 || colon == name.length() - 1) {
            throw new IllegalArgumentException("runtime '" + name + "' is not KIND or KIND:IMPLEMENTATION");
        }
        return new RuntimeName(name.substring(0, colon), name.substring(colon + 1));
    }

    /** Whether this is isobench's own runtime of its kind (no implementation named). */
    public boolean own() {
        return implementation == null;
    }

    /** The isobench runtime of the same kind: {@code container} for {@code container:runc}. */
    public RuntimeName ownOfKind() {
        return new RuntimeName(kind, null);
    }

    @Override
    public String toString() {
        return implementation == null ? kind : kind + ":" + implementation;
    }
}
