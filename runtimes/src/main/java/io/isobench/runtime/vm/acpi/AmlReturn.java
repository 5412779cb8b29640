package io.isobench.runtime.vm.acpi;

import java.io.ByteArrayOutputStream;

/** {@code Return(value)}: ReturnOp (0xA4) ArgObject (ACPI 6.5, 20.2.5.3 DefReturn). */
public record AmlReturn(Aml value) implements Aml {
    static final int RETURN_OP = 0xA4;

    @Override
    public void encodeTo(ByteArrayOutputStream out) {
        out.write(RETURN_OP);
        value.encodeTo(out);
    }
}
