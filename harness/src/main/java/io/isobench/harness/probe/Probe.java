package io.isobench.harness.probe;

import io.isobench.model.Capability;

import java.util.List;

/**
 * One group of host facts for {@code isobench doctor} and the host section of every
 * results file. Must be quick and never hang; a fact it cannot establish is a capability
 * that is not ok, with a meaning the user can act on.
 */
public interface Probe {
    List<Capability> probe();
}
