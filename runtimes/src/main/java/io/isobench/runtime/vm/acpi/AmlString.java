package io.isobench.runtime.vm.acpi;

import java.io.ByteArrayOutputStream;

/**
 * An AML string constant: StringPrefix (0x0D), ASCII characters 0x01-0x7F, NullChar
 * (ACPI 6.5, 20.2.3). A string _HID such as "LNRO0005" is encoded this way.
 */
public record AmlString(String value) implements Aml {
    static final int STRING_PREFIX = 0x0D;

    public AmlString {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x01 || c > 0x7F) {
                throw new IllegalArgumentException("AML strings are ASCII 0x01-0x7F; got 0x"
                        + Integer.toHexString(c) + " in \"" + value + "\"");
            }
        }
    }

    @Override
    public void encodeTo(ByteArrayOutputStream out) {
        out.write(STRING_PREFIX);
        for (int i = 0; i < value.length(); i++) {
            out.write(value.charAt(i));
        }
        out.write(0x00);
    }
}
