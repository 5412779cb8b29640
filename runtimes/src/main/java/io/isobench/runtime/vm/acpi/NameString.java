package io.isobench.runtime.vm.acpi;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An AML NameString (ACPI 6.5, 20.2.2 "Name Objects Encoding").
 *
 * <pre>
 * NameString  := RootChar NamePath | PrefixPath NamePath
 * PrefixPath  := Nothing | '^' PrefixPath
 * NamePath    := NameSeg | DualNamePath | MultiNamePath | NullName
 * DualNamePath  := 0x2E NameSeg NameSeg
 * MultiNamePath := 0x2F SegCount NameSeg(SegCount)
 * NullName    := 0x00
 * </pre>
 *
 * A NameSeg is exactly four characters, a lead [A-Z_] followed by [A-Z0-9_]; shorter
 * segments are padded with '_' (ASL "_SB" is the NameSeg "_SB_", 19.2.2).
 *
 * @param root          the path starts at the namespace root ('\')
 * @param parentPrefix  number of '^' (parent) prefixes; 0 when {@code root}
 * @param segments      the 4-character NameSegs, already padded
 */
public record NameString(boolean root, int parentPrefix, List<String> segments) {
    static final int ROOT_CHAR = 0x5C;       // '\'
    static final int PARENT_PREFIX = 0x5E;   // '^'
    static final int DUAL_NAME_PREFIX = 0x2E;
    static final int MULTI_NAME_PREFIX = 0x2F;
    static final int NULL_NAME = 0x00;

    private static final Pattern SEGMENT = Pattern.compile("[A-Z_][A-Z0-9_]{0,3}");

    public NameString {
        segments = List.copyOf(segments);
        if (root && parentPrefix != 0) {
            throw new IllegalArgumentException("a rooted name cannot also have '^' prefixes");
        }
        if (parentPrefix < 0) {
            throw new IllegalArgumentException("negative parent prefix count");
        }
        if (segments.size() > 255) {
            throw new IllegalArgumentException("a MultiNamePath holds at most 255 segments");
        }
        for (String s : segments) {
            if (s.length() != 4 || !SEGMENT.matcher(s).matches()) {
                throw new IllegalArgumentException("not a padded NameSeg: '" + s + "'");
            }
        }
    }

    /**
     * Parses ASL notation: {@code "\\_SB.COM1"}, {@code "^^FOO"}, {@code "_HID"},
     * {@code "\\"}. Segments are separated by '.', and padded with '_' to 4 characters.
     */
    public static NameString parse(String asl) {
        String rest = asl;
        boolean root = false;
        int parents = 0;
        if (rest.startsWith("\\")) {
            root = true;
            rest = rest.substring(1);
        } else {
            while (rest.startsWith("^")) {
                parents++;
                rest = rest.substring(1);
            }
        }
        List<String> segs = new ArrayList<>();
        if (!rest.isEmpty()) {
            for (String part : rest.split("\\.", -1)) {
                if (!SEGMENT.matcher(part).matches()) {
                    throw new IllegalArgumentException("bad name segment '" + part + "' in '" + asl + "'");
                }
                segs.add(pad(part));
            }
        }
        if (segs.isEmpty() && !root) {
            throw new IllegalArgumentException("empty name: '" + asl + "'");
        }
        return new NameString(root, parents, segs);
    }

    /** Pads a 1-4 character segment with trailing '_' to a NameSeg. */
    static String pad(String segment) {
        StringBuilder b = new StringBuilder(segment);
        while (b.length() < 4) {
            b.append('_');
        }
        return b.toString();
    }

    void encodeTo(ByteArrayOutputStream out) {
        if (root) {
            out.write(ROOT_CHAR);
        }
        for (int i = 0; i < parentPrefix; i++) {
            out.write(PARENT_PREFIX);
        }
        switch (segments.size()) {
            case 0 -> out.write(NULL_NAME);
            case 1 -> { }
            case 2 -> out.write(DUAL_NAME_PREFIX);
            default -> {
                out.write(MULTI_NAME_PREFIX);
                out.write(segments.size());
            }
        }
        for (String s : segments) {
            for (int i = 0; i < 4; i++) {
                out.write(s.charAt(i));
            }
        }
    }

    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encodeTo(out);
        return out.toByteArray();
    }
}
