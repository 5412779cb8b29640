package io.isobench.runtime.vm.devices.virtio.net;

/** A packet the device will not pass on, with the counter it goes under. */
final class Dropped extends Exception {
    private final DropReason reason;

    Dropped(DropReason reason, String detail) {
        super(reason + ": " + detail, null, false, false); // no stack trace: this is a counted, expected event
        this.reason = reason;
    }

    DropReason reason() {
        return reason;
    }
}
