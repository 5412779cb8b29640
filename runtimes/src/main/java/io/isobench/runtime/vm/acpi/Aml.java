package io.isobench.runtime.vm.acpi;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * One piece of AML (ACPI Machine Language, ACPI 6.5 chapter 20) that knows its own encoding.
 *
 * <p>We only need the handful of terms that describe static devices: data objects
 * (integers, strings, buffers, packages), Name/Scope/Device/Method and Return, EISA ids
 * and resource templates. Each is a record so that a tree of them is plain data, easy to
 * compare in tests; the static factories below read like the ASL they stand for.
 */
public sealed interface Aml
        permits AmlInteger, AmlString, AmlBuffer, AmlPackage, AmlName, AmlScope, AmlDevice, AmlMethod,
        AmlReturn, EisaId, ResourceTemplate {

    /** Appends this term's AML encoding. */
    void encodeTo(ByteArrayOutputStream out);

    /** This term's AML encoding. */
    default byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encodeTo(out);
        return out.toByteArray();
    }

    /** Encodes a list of terms back to back (a TermList, 20.2.1). */
    static byte[] encodeAll(List<? extends Aml> terms) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Aml t : terms) {
            t.encodeTo(out);
        }
        return out.toByteArray();
    }

    // ---- ASL-like factories ------------------------------------------------------------

    /** An integer constant; {@code value} is read as unsigned 64-bit. */
    static AmlInteger integer(long value) {
        return new AmlInteger(value);
    }

    static AmlString string(String value) {
        return new AmlString(value);
    }

    static AmlBuffer buffer(byte... data) {
        return new AmlBuffer(data);
    }

    static AmlPackage pkg(Aml... elements) {
        return new AmlPackage(List.of(elements));
    }

    /** {@code Name(name, value)}. */
    static AmlName name(String name, Aml value) {
        return new AmlName(NameString.parse(name), value);
    }

    /** {@code Scope(name) { terms }}. */
    static AmlScope scope(String name, List<? extends Aml> terms) {
        return new AmlScope(NameString.parse(name), List.copyOf(terms));
    }

    /** {@code Device(name) { terms }}. */
    static AmlDevice device(String name, List<? extends Aml> terms) {
        return new AmlDevice(NameString.parse(name), List.copyOf(terms));
    }

    /** {@code Method(name, argCount, Serialized|NotSerialized) { terms }} with SyncLevel 0. */
    static AmlMethod method(String name, int argCount, boolean serialized, List<? extends Aml> terms) {
        return new AmlMethod(NameString.parse(name), argCount, serialized, 0, List.copyOf(terms));
    }

    /** {@code Return(value)}. */
    static AmlReturn ret(Aml value) {
        return new AmlReturn(value);
    }

    /** {@code EISAID("PNP0501")}: a compressed 32-bit id, used for PNP-style _HIDs. */
    static EisaId eisaId(String id) {
        return new EisaId(id);
    }

    /** {@code ResourceTemplate() { descriptors }}. */
    static ResourceTemplate resources(ResourceDescriptor... descriptors) {
        return new ResourceTemplate(List.of(descriptors));
    }
}
