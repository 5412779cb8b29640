package io.isobench.runtime.vm;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The budget of the monitor's property tests. In CI each property runs the fixed tries and
 * seed written on it, so a run is the same work on every machine and a failure reproduces.
 * The named soak raises the tries of every property at once:
 * {@code -Disobench.fuzzTries=N} (never lowers them), and {@code -Disobench.fuzzSeed=S}
 * (a number, or {@code random}) explores beyond the fixed seed.
 */
public final class FuzzBudget implements AroundPropertyHook {
    static final String TRIES = "isobench.fuzzTries";
    static final String SEED = "isobench.fuzzSeed";

    /** Added on a class, the hook must reach its properties (a hook's default is the class alone). */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String tries = System.getProperty(TRIES, "").strip();
        if (!tries.isEmpty()) {
            int soak = Integer.parseInt(tries);
            context.attributes().setTries(Math.max(soak, context.attributes().tries().orElse(0)));
        }
        String seed = System.getProperty(SEED, "").strip();
        if (seed.equals("random")) {
            context.attributes().setSeed(Long.toString(new java.util.Random().nextLong()));
        } else if (!seed.isEmpty()) {
            context.attributes().setSeed(seed);
        }
        return property.execute();
    }
}
