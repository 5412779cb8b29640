package io.isobench.runtime.vm.devices;

/**
 * A level-sensitive interrupt output of a legacy device, wired to one input (GSI) of the
 * in-kernel PIC/IOAPIC. The device drives it high while it wants service and low when not.
 */
@FunctionalInterface
public interface IrqLine {
    void set(boolean high);
}
