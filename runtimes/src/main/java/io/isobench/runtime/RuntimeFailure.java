package io.isobench.runtime;

/**
 * The runtime could not start or run the instance (as opposed to the command failing).
 * The message is one sentence meant for the user.
 */
public class RuntimeFailure extends Exception {
    public RuntimeFailure(String message) {
        super(message);
    }

    public RuntimeFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
