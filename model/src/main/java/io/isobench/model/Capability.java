package io.isobench.model;

/** One line of the doctor table: a capability, whether it is usable, and what that means. */
public record Capability(String name, boolean ok, String value, String meaning) {
}
