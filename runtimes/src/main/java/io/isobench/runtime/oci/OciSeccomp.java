package io.isobench.runtime.oci;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isobench.runtime.container.ContainerPolicy;

/**
 * isobench's seccomp rules ({@link ContainerPolicy}, built by the launcher's
 * gen/seccomp_gen.c) as an OCI {@code linux.seccomp} profile, which runc hands to the same
 * libseccomp: allow by default; the deny list with EPERM; {@code clone} with any namespace
 * flag EPERM (one rule per flag, since the conditions of one rule are ANDed); {@code clone3}
 * ENOSYS; {@code ioctl} TIOCSTI and TIOCLINUX EPERM on the low 32 bits of the request. Same
 * three x86-64 ABIs. One difference the OCI format cannot express: isobench kills a process
 * that calls through another architecture; runc's default for an unlisted one is to allow.
 */
public final class OciSeccomp {
    static final int EPERM = 1;
    static final int ENOSYS = 38;

    private OciSeccomp() {
    }

    public static ObjectNode profile() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode p = json.objectNode();
        p.put("defaultAction", "SCMP_ACT_ALLOW");
        p.putArray("architectures").add("SCMP_ARCH_X86_64").add("SCMP_ARCH_X86").add("SCMP_ARCH_X32");
        ArrayNode rules = p.putArray("syscalls");
        ObjectNode denied = rules.addObject();
        ArrayNode names = denied.putArray("names");
        ContainerPolicy.DENIED_SYSCALLS.forEach(names::add);
        errno(denied, EPERM);
        for (long flag : ContainerPolicy.NAMESPACE_FLAGS) {
            ObjectNode clone = rules.addObject();
            clone.putArray("names").add("clone");
            errno(clone, EPERM);
            clone.putArray("args").add(arg(0, flag, flag));
        }
        ObjectNode clone3 = rules.addObject();
        clone3.putArray("names").add("clone3");
        errno(clone3, ENOSYS);
        for (long request : ContainerPolicy.DENIED_IOCTLS) {
            ObjectNode ioctl = rules.addObject();
            ioctl.putArray("names").add("ioctl");
            errno(ioctl, EPERM);
            // OCI SCMP_CMP_MASKED_EQ: (arg & value) == valueTwo.
            ioctl.putArray("args").add(arg(1, 0xffffffffL, request));
        }
        return p;
    }

    private static void errno(ObjectNode rule, int errno) {
        rule.put("action", "SCMP_ACT_ERRNO");
        rule.put("errnoRet", errno);
    }

    /** An OCI argument condition: {@code (arg[index] & mask) == value}. */
    private static ObjectNode arg(int index, long mask, long value) {
        ObjectNode a = JsonNodeFactory.instance.objectNode();
        a.put("index", index);
        a.put("value", mask);
        a.put("valueTwo", value);
        a.put("op", "SCMP_CMP_MASKED_EQ");
        return a;
    }
}
