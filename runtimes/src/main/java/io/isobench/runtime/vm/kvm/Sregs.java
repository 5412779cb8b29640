package io.isobench.runtime.vm.kvm;

import com.sun.jna.Memory;

/**
 * A struct kvm_sregs buffer (segment registers, descriptor tables, control registers) for
 * KVM_GET/SET_SREGS. The usual pattern is read-modify-write: get the vCPU's reset state,
 * change what the boot protocol needs, set it back, so fields we do not care about keep
 * KVM's values.
 */
public final class Sregs {
    public enum SegmentRegister {
        CS(Layouts.Sregs.CS), DS(Layouts.Sregs.DS), ES(Layouts.Sregs.ES), FS(Layouts.Sregs.FS),
        GS(Layouts.Sregs.GS), SS(Layouts.Sregs.SS), TR(Layouts.Sregs.TR), LDT(Layouts.Sregs.LDT);

        final int offset;

        SegmentRegister(int offset) {
            this.offset = offset;
        }
    }

    public enum ControlRegister {
        CR0(Layouts.Sregs.CR0), CR2(Layouts.Sregs.CR2), CR3(Layouts.Sregs.CR3), CR4(Layouts.Sregs.CR4),
        CR8(Layouts.Sregs.CR8), EFER(Layouts.Sregs.EFER), APIC_BASE(Layouts.Sregs.APIC_BASE);

        final int offset;

        ControlRegister(int offset) {
            this.offset = offset;
        }
    }

    public enum Table {
        GDT(Layouts.Sregs.GDT), IDT(Layouts.Sregs.IDT);

        final int offset;

        Table(int offset) {
            this.offset = offset;
        }
    }

    /** struct kvm_dtable. */
    public record Dtable(long base, int limit) {
    }

    final Memory buffer = new Memory(Layouts.KVM_SREGS);

    public Sregs() {
        buffer.clear();
    }

    public long get(ControlRegister r) {
        return buffer.getLong(r.offset);
    }

    public Sregs set(ControlRegister r, long value) {
        buffer.setLong(r.offset, value);
        return this;
    }

    public Dtable get(Table t) {
        return new Dtable(buffer.getLong(t.offset + Layouts.Dtable.BASE),
                buffer.getShort(t.offset + Layouts.Dtable.LIMIT) & 0xFFFF);
    }

    public Sregs set(Table t, Dtable value) {
        buffer.setLong(t.offset + Layouts.Dtable.BASE, value.base());
        buffer.setShort(t.offset + Layouts.Dtable.LIMIT, (short) value.limit());
        return this;
    }

    public KvmSegment get(SegmentRegister r) {
        int o = r.offset;
        return new KvmSegment(buffer.getLong(o + Layouts.Segment.BASE),
                buffer.getInt(o + Layouts.Segment.LIMIT) & 0xFFFF_FFFFL,
                buffer.getShort(o + Layouts.Segment.SELECTOR) & 0xFFFF,
                u8(o + Layouts.Segment.TYPE), u8(o + Layouts.Segment.PRESENT) != 0,
                u8(o + Layouts.Segment.DPL), u8(o + Layouts.Segment.DB) != 0, u8(o + Layouts.Segment.S) != 0,
                u8(o + Layouts.Segment.L) != 0, u8(o + Layouts.Segment.G) != 0,
                u8(o + Layouts.Segment.AVL) != 0, u8(o + Layouts.Segment.UNUSABLE) != 0);
    }

    public Sregs set(SegmentRegister r, KvmSegment s) {
        int o = r.offset;
        buffer.setLong(o + Layouts.Segment.BASE, s.base());
        buffer.setInt(o + Layouts.Segment.LIMIT, (int) s.limit());
        buffer.setShort(o + Layouts.Segment.SELECTOR, (short) s.selector());
        buffer.setByte(o + Layouts.Segment.TYPE, (byte) s.type());
        buffer.setByte(o + Layouts.Segment.PRESENT, flag(s.present()));
        buffer.setByte(o + Layouts.Segment.DPL, (byte) s.dpl());
        buffer.setByte(o + Layouts.Segment.DB, flag(s.db()));
        buffer.setByte(o + Layouts.Segment.S, flag(s.s()));
        buffer.setByte(o + Layouts.Segment.L, flag(s.l()));
        buffer.setByte(o + Layouts.Segment.G, flag(s.g()));
        buffer.setByte(o + Layouts.Segment.AVL, flag(s.avl()));
        buffer.setByte(o + Layouts.Segment.UNUSABLE, flag(s.unusable()));
        return this;
    }

    private int u8(int offset) {
        return buffer.getByte(offset) & 0xFF;
    }

    private static byte flag(boolean b) {
        return (byte) (b ? 1 : 0);
    }
}
