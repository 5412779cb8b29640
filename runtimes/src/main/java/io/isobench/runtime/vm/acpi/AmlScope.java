package io.isobench.runtime.vm.acpi;

import java.io.ByteArrayOutputStream;
import java.util.List;

/** {@code Scope(name) {...}}: ScopeOp (0x10) PkgLength NameString TermList (ACPI 6.5, 20.2.5.1). */
public record AmlScope(NameString name, List<Aml> terms) implements Aml {
    static final int SCOPE_OP = 0x10;

    public AmlScope {
        terms = List.copyOf(terms);
    }

    @Override
    public void encodeTo(ByteArrayOutputStream out) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        name.encodeTo(body);
        body.writeBytes(Aml.encodeAll(terms));
        out.write(SCOPE_OP);
        PkgLength.writeWithBody(out, body.toByteArray());
    }
}
