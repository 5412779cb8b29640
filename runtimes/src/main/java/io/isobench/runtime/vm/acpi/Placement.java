package io.isobench.runtime.vm.acpi;

/**
 * One table and where it goes: the VMM copies {@code bytes} to guest-physical
 * {@code guestAddress}.
 *
 * @param signature "RSD PTR " for the RSDP, else the table's 4-character signature
 */
public record Placement(String signature, long guestAddress, byte[] bytes) {
    public Placement {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /** First address after this table. */
    public long end() {
        return guestAddress + bytes.length;
    }

    @Override
    public String toString() {
        return String.format("Placement[%s @0x%x, %d bytes]", signature, guestAddress, bytes.length);
    }
}
