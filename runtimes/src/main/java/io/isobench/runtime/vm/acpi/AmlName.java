package io.isobench.runtime.vm.acpi;

import java.io.ByteArrayOutputStream;

/** {@code Name(name, value)}: NameOp (0x08) NameString DataRefObject (ACPI 6.5, 20.2.5.1). */
public record AmlName(NameString name, Aml value) implements Aml {
    static final int NAME_OP = 0x08;

    @Override
    public void encodeTo(ByteArrayOutputStream out) {
        out.write(NAME_OP);
        name.encodeTo(out);
        value.encodeTo(out);
    }
}
