package io.isobench.model.density;

/**
 * The figures at N measured again after KSM settled ({@code density --ksm on}): KSM was
 * switched on for the measurement, guest RAM was marked mergeable, and the figures were
 * taken once KSM had scanned everything twice and stopped finding more to merge.
 *
 * @param runBefore           /sys/kernel/mm/ksm/run before isobench touched it (restored after)
 * @param settleSeconds       how long KSM took to settle
 * @param settled             false when it was still merging at the bound (the figures are then a lower bound of the saving)
 * @param pagesShared         KSM pages in use (each stands for several identical pages)
 * @param pagesSharing        pages those stand for beyond the first: what KSM saved, in pages
 * @param hostAtNBytes        host memory in use at N, after KSM
 * @param perInstanceBytes    (hostAtN - before) / N, after KSM
 * @param pssPerInstanceBytes mean PSS of an instance's processes, after KSM
 * @param vmPerInstance       the VM split after KSM (null for other runtimes)
 */
public record KsmMeasurement(String runBefore, double settleSeconds, boolean settled, long pagesShared,
                             long pagesSharing, long hostAtNBytes, Long perInstanceBytes, Long pssPerInstanceBytes,
                             VmMemory vmPerInstance) {
}
