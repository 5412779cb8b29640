package io.isobench.runtime.vm.acpi;

import java.io.ByteArrayOutputStream;

/**
 * An AML buffer: BufferOp (0x11) PkgLength BufferSize ByteList (ACPI 6.5, 20.2.5.4).
 * BufferSize is a TermArg; we write it as an integer constant equal to the data length,
 * so the buffer is exactly as long as its initializer.
 */
public record AmlBuffer(byte[] data) implements Aml {
    static final int BUFFER_OP = 0x11;

    public AmlBuffer {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public void encodeTo(ByteArrayOutputStream out) {
        encode(out, data);
    }

    static void encode(ByteArrayOutputStream out, byte[] data) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        new AmlInteger(data.length).encodeTo(body);
        body.writeBytes(data);
        out.write(BUFFER_OP);
        PkgLength.writeWithBody(out, body.toByteArray());
    }
}
