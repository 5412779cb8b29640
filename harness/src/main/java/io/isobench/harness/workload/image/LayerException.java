package io.isobench.harness.workload.image;

/** A layer or image refused: the message is one sentence for the user. */
public final class LayerException extends IllegalArgumentException {
    public LayerException(String message) {
        super(message);
    }
}
