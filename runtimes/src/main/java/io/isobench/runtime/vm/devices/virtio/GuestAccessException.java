package io.isobench.runtime.vm.devices.virtio;

/** A guest-supplied address range that is not inside guest memory. */
public class GuestAccessException extends RuntimeException {
    public GuestAccessException(String message) {
        super(message);
    }
}
