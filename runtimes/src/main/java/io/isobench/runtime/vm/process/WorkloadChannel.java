package io.isobench.runtime.vm.process;

import io.isobench.runtime.vm.guest.ConsoleFrames;

import java.io.IOException;
import java.io.OutputStream;

/**
 * COM2 as the VM's output sink: bytes from the UART go into the frame decoder. A guest
 * that breaks the framing must not take the serial device down with an exception, so the
 * first problem is kept (and reported by {@link VmmMain}) and later bytes are dropped.
 */
final class WorkloadChannel extends OutputStream {
    private final ConsoleFrames frames;
    private String problem;

    WorkloadChannel(ConsoleFrames frames) {
        this.frames = frames;
    }

    @Override
    public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        if (problem != null) {
            return;
        }
        try {
            frames.feed(b, off, len);
        } catch (IOException e) {
            problem = "the workload's output channel broke: " + e.getMessage();
        }
    }

    /** Ends the channel after the VM stopped: incomplete output becomes the problem. */
    synchronized void finish() {
        if (problem == null) {
            try {
                frames.finish();
            } catch (IOException e) {
                problem = e.getMessage();
            }
        }
    }

    /** The first thing that went wrong, or null. */
    synchronized String problem() {
        return problem;
    }
}
