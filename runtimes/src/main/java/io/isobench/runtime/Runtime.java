package io.isobench.runtime;

/**
 * One way to run a workload: bare metal, container or VM. The harness creates the trial's
 * cgroup, hands it over in the {@link Launch}, and reads resources from it afterwards; a
 * runtime only has to start a fresh instance inside that cgroup, run the command to its
 * end and report what it saw on its own clock.
 */
public interface Runtime {

    /** {@code bare}, {@code container} or {@code vm}: the value of the {@code runtime} field. */
    String name();

    /**
     * Whether this runtime can run on this host. Must be quick (well under a second) and
     * never hang; the reason is one sentence a user can act on.
     */
    Availability availability();

    /**
     * Runs {@code launch.command()} in a fresh instance of this runtime, to completion or
     * until the launch's timeout. A command that exits non-zero is a normal
     * {@link Execution}; a runtime that could not even start throws.
     */
    Execution execute(Launch launch) throws RuntimeFailure;

    /**
     * Whether this runtime can give an instance its link to the run's far end (the net
     * workloads); quick, one sentence when not. The harness has already checked what every
     * runtime needs (the far end itself); this is what only this runtime needs (the VM: a tap).
     */
    default Availability networkAvailability() {
        return Availability.yes();
    }
}
