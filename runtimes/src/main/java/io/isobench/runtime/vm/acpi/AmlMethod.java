package io.isobench.runtime.vm.acpi;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * {@code Method(name, argCount, Serialized|NotSerialized, syncLevel) {...}}:
 * MethodOp (0x14) PkgLength NameString MethodFlags TermList (ACPI 6.5, 20.2.5.2 DefMethod).
 * MethodFlags: bits 0-2 ArgCount (0-7), bit 3 SerializeFlag, bits 4-7 SyncLevel (0-15).
 */
public record AmlMethod(NameString name, int argCount, boolean serialized, int syncLevel, List<Aml> terms)
        implements Aml {
    static final int METHOD_OP = 0x14;

    public AmlMethod {
        terms = List.copyOf(terms);
        if (argCount < 0 || argCount > 7) {
            throw new IllegalArgumentException("a method takes 0..7 arguments, got " + argCount);
        }
        if (syncLevel < 0 || syncLevel > 15) {
            throw new IllegalArgumentException("SyncLevel is 0..15, got " + syncLevel);
        }
    }

    int flags() {
        return argCount | (serialized ? 1 << 3 : 0) | (syncLevel << 4);
    }

    @Override
    public void encodeTo(ByteArrayOutputStream out) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        name.encodeTo(body);
        body.write(flags());
        body.writeBytes(Aml.encodeAll(terms));
        out.write(METHOD_OP);
        PkgLength.writeWithBody(out, body.toByteArray());
    }
}
