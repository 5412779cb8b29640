package io.isobench.runtime.launch;

import com.sun.jna.Memory;
import com.sun.jna.Native;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A NULL-terminated {@code char *[]} (argv, envp) in one native block: the pointer array, then
 * the strings. JNA's {@code StringArray} allocates one block per string, a malloc and a cleaner
 * each, which for a harness environment of ~30 variables was a measurable part of a start.
 */
final class NativeStrings {
    private NativeStrings() {
    }

    static Memory of(List<String> strings) {
        byte[][] bytes = new byte[strings.size()][];
        long total = (long) (strings.size() + 1) * Native.POINTER_SIZE;
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = strings.get(i).getBytes(StandardCharsets.UTF_8);
            total += bytes[i].length + 1;
        }
        Memory m = new Memory(total);
        long at = (long) (bytes.length + 1) * Native.POINTER_SIZE;
        for (int i = 0; i < bytes.length; i++) {
            m.setPointer((long) i * Native.POINTER_SIZE, m.share(at));
            m.write(at, bytes[i], 0, bytes[i].length);
            m.setByte(at + bytes[i].length, (byte) 0);
            at += bytes[i].length + 1;
        }
        m.setPointer((long) bytes.length * Native.POINTER_SIZE, null);
        return m;
    }
}
