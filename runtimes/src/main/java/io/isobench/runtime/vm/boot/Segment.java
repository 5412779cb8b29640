package io.isobench.runtime.vm.boot;

/**
 * One segment as the vCPU's hidden segment registers hold it (the fields of KVM's
 * {@code struct kvm_segment}) and, encoded by {@link #descriptor()}, as a GDT entry. One
 * definition serves both, so the registers set through KVM_SET_SREGS and the GDT the guest
 * may reload from can never disagree.
 *
 * @param limit byte-granular limit as KVM wants it (0xFFFFFFFF for a flat 4 GiB segment);
 *              the descriptor stores it in 4 KiB units when {@code g} is set
 */
public record Segment(long base, long limit, int selector, int type, boolean present, int dpl,
                      boolean db, boolean s, boolean l, boolean g, boolean avl) {

    /** The 8-byte descriptor (for a system segment like a 64-bit TSS, the low half of 16). */
    public long descriptor() {
        long lim = g ? limit >>> 12 : limit;
        long d = lim & 0xFFFFL;
        d |= (base & 0xFF_FFFFL) << 16;
        d |= (long) (type & 0xF) << 40;
        d |= (s ? 1L : 0) << 44;
        d |= (long) (dpl & 3) << 45;
        d |= (present ? 1L : 0) << 47;
        d |= ((lim >>> 16) & 0xFL) << 48;
        d |= (avl ? 1L : 0) << 52;
        d |= (l ? 1L : 0) << 53;
        d |= (db ? 1L : 0) << 54;
        d |= (g ? 1L : 0) << 55;
        d |= ((base >>> 24) & 0xFFL) << 56;
        return d;
    }
}
