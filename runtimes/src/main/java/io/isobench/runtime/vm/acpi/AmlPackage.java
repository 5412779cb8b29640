package io.isobench.runtime.vm.acpi;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * An AML package: PackageOp (0x12) PkgLength NumElements PackageElementList
 * (ACPI 6.5, 20.2.5.4 DefPackage). NumElements is a single byte, so at most 255 elements.
 * (An _S5_ sleep-state object, if we ever need one, is {@code Name(_S5_, Package(){5, 0})}.)
 */
public record AmlPackage(List<Aml> elements) implements Aml {
    static final int PACKAGE_OP = 0x12;

    public AmlPackage {
        elements = List.copyOf(elements);
        if (elements.size() > 255) {
            throw new IllegalArgumentException("a Package holds at most 255 elements, got " + elements.size());
        }
    }

    @Override
    public void encodeTo(ByteArrayOutputStream out) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(elements.size());
        body.writeBytes(Aml.encodeAll(elements));
        out.write(PACKAGE_OP);
        PkgLength.writeWithBody(out, body.toByteArray());
    }
}
