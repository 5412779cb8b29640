package io.isobench.runtime.vm.devices.i8042;

import io.isobench.runtime.vm.devices.BusDevice;

/**
 * Just enough of the PC keyboard controller for a guest to reset the machine: Linux's
 * {@code reboot=k} path (and its fallback when ACPI reset is absent) waits until the input
 * buffer is empty (status bit 1 clear) and writes command 0xFE, "pulse the reset line", to
 * port 0x64. That ends the VM with reason "reset". The command byte and self-test answer a
 * probing driver plausibly; there is no keyboard behind it.
 */
public final class I8042 {
    public static final int DATA_PORT = 0x60;
    public static final int COMMAND_PORT = 0x64;

    static final int CMD_READ_CONTROL = 0x20;
    static final int CMD_WRITE_CONTROL = 0x60;
    static final int CMD_SELF_TEST = 0xAA;
    static final int CMD_RESET_CPU = 0xFE;
    static final int SELF_TEST_OK = 0x55;
    static final int STATUS_OUTPUT_FULL = 0x01;
    static final int STATUS_SYSTEM_FLAG = 0x04;

    private final Runnable onReset;
    private int control = 0x01 | 0x04;  // keyboard interrupt enabled, system flag (POST passed)
    private int output = -1;
    private boolean expectControlByte;
    private long resets;

    /** @param onReset called (on a vCPU thread, must not block) when the guest asks for a reset */
    public I8042(Runnable onReset) {
        this.onReset = onReset;
    }

    /** Port 0x60. */
    public BusDevice dataPort() {
        return new BusDevice() {
            @Override
            public long read(long offset, int size) {
                return readData();
            }

            @Override
            public void write(long offset, int size, long value) {
                writeData((int) (value & 0xFF));
            }
        };
    }

    /** Port 0x64. */
    public BusDevice commandPort() {
        return new BusDevice() {
            @Override
            public long read(long offset, int size) {
                return status();
            }

            @Override
            public void write(long offset, int size, long value) {
                command((int) (value & 0xFF));
            }
        };
    }

    public synchronized long resets() {
        return resets;
    }

    synchronized int status() {
        return STATUS_SYSTEM_FLAG | (output >= 0 ? STATUS_OUTPUT_FULL : 0);  // input buffer always empty
    }

    synchronized int readData() {
        int value = output >= 0 ? output : 0;
        output = -1;
        return value;
    }

    synchronized void writeData(int value) {
        if (expectControlByte) {
            control = value;
            expectControlByte = false;
        }
        // Bytes for the keyboard itself go nowhere: there is none.
    }

    void command(int command) {
        boolean reset = false;
        synchronized (this) {
            switch (command) {
                case CMD_READ_CONTROL -> output = control;
                case CMD_WRITE_CONTROL -> expectControlByte = true;
                case CMD_SELF_TEST -> output = SELF_TEST_OK;
                case CMD_RESET_CPU -> {
                    resets++;
                    reset = true;
                }
                default -> {
                    // Port/LED/A20 commands: nothing to emulate.
                }
            }
        }
        if (reset) {
            onReset.run();
        }
    }
}
