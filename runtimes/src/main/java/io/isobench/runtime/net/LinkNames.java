package io.isobench.runtime.net;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Interface name stems unique per harness process: {@code isb<pid in base 36>-<counter in
 * base 36>}, at most 12 characters (3 + 5 + 1 + 3; Linux allows 15, a runtime appends a
 * one-letter side: {@code h} host, {@code f} far end). Other isobench processes on the host
 * use other pids, so their names never collide with ours; the counter wraps after 46656 links,
 * long after the first ones were removed.
 */
public final class LinkNames {
    static final Pattern STEM = Pattern.compile("isb([0-9a-z]{1,5})-([0-9a-z]{1,3})[a-z]?");
    private static final int WRAP = 36 * 36 * 36;

    private final String prefix;
    private final AtomicInteger counter = new AtomicInteger();

    public LinkNames(long pid) {
        this.prefix = "isb" + Long.toString(pid, 36) + "-";
        if (prefix.length() > 9) {
            throw new IllegalArgumentException("pid " + pid + " is too large for a link name");
        }
    }

    /** For this process. */
    public static LinkNames forThisProcess() {
        return new LinkNames(ProcessHandle.current().pid());
    }

    /** {@code isb<pid36>-}: every name of this process starts so. */
    public String prefix() {
        return prefix;
    }

    public String next() {
        return prefix + Integer.toString(counter.getAndIncrement() % WRAP, 36);
    }

    /** The pid encoded in an isobench link name, or -1 when it is not one. */
    public static long ownerPid(String ifname) {
        Matcher m = STEM.matcher(ifname);
        return m.matches() ? Long.parseLong(m.group(1), 36) : -1;
    }
}
