package io.isobench.runtime.vm.acpi;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * {@code ResourceTemplate() {...}} (ACPI 6.5, 19.6.118): a Buffer holding resource
 * descriptors closed by an End Tag (6.4.2.9): small item 0x79 followed by a checksum byte.
 *
 * <p>The spec lets the checksum be zero ("assumed valid"), which is what iasl emits; we
 * write the real value, so that the bytes of the template, End Tag included, sum to zero.
 * OSPM accepts both; a real checksum additionally catches a template corrupted in guest
 * memory by anyone who checks.
 */
public record ResourceTemplate(List<ResourceDescriptor> descriptors) implements Aml {
    static final int END_TAG = 0x79;

    public ResourceTemplate {
        descriptors = List.copyOf(descriptors);
    }

    /** The descriptor bytes including the End Tag and its checksum (the buffer's contents). */
    public byte[] templateBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ResourceDescriptor d : descriptors) {
            d.encodeTo(out);
        }
        out.write(END_TAG);
        out.write(0);
        byte[] bytes = out.toByteArray();
        bytes[bytes.length - 1] = Checksum.compute(bytes);
        return bytes;
    }

    @Override
    public void encodeTo(ByteArrayOutputStream out) {
        AmlBuffer.encode(out, templateBytes());
    }
}
