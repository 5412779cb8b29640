package io.isobench.runtime.vm.acpi;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * {@code Device(name) {...}}: DeviceOp = ExtOpPrefix (0x5B) 0x82, then PkgLength NameString
 * TermList (ACPI 6.5, 20.2.5.2 DefDevice).
 */
public record AmlDevice(NameString name, List<Aml> terms) implements Aml {
    static final int EXT_OP_PREFIX = 0x5B;
    static final int DEVICE_OP = 0x82;

    public AmlDevice {
        terms = List.copyOf(terms);
    }

    @Override
    public void encodeTo(ByteArrayOutputStream out) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        name.encodeTo(body);
        body.writeBytes(Aml.encodeAll(terms));
        out.write(EXT_OP_PREFIX);
        out.write(DEVICE_OP);
        PkgLength.writeWithBody(out, body.toByteArray());
    }
}
