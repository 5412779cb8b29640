package io.isobench.runtime.vm.boot;

/** The kernel file is not something this monitor can boot; the message says why in one sentence. */
public class KernelFormatException extends Exception {
    public KernelFormatException(String message) {
        super(message);
    }
}
