package io.isobench.runtime.vm.kvm;

/** struct kvm_segment: a segment register's selector and hidden part, as KVM holds it. */
public record KvmSegment(long base, long limit, int selector, int type, boolean present, int dpl,
                         boolean db, boolean s, boolean l, boolean g, boolean avl, boolean unusable) {
}
