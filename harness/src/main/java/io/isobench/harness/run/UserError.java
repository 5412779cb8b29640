package io.isobench.harness.run;

/** Bad input or an unusable host: the message is one sentence for the user, no stack trace. */
public class UserError extends Exception {
    public UserError(String message) {
        super(message);
    }
}
