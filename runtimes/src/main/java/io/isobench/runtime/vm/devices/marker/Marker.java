package io.isobench.runtime.vm.devices.marker;

/**
 * One marker as the host saw it.
 *
 * @param nanoTime {@link System#nanoTime()} when the code byte arrived (the event itself;
 *                 the argument byte follows within microseconds)
 */
public record Marker(MarkerCode code, int argument, long nanoTime) {
}
