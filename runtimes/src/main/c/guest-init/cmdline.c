/*
 * The kernel command line parameters guest-init reads from /proc/cmdline (the kernel does
 * not pass parameters with a dot to init, so /proc/cmdline is the only way in). Written on
 * the host by KernelCommandLine.java:
 *   isobench.cmd=B64      argv, NUL-joined, base64url without padding (required)
 *   isobench.env=B64      extra KEY=VALUE entries, NUL-joined, base64url (optional)
 *   isobench.cwd=B64      working directory, base64url (optional, default /)
 *   isobench.scratch=DEV  block device to mount ext4 at /scratch (optional)
 *   isobench.root=DEV     read-only ext4 root disk to switch to (optional; default: the initramfs)
 *   isobench.net=A.B.C.D/P  eth0's IPv4 address and prefix length (optional; the VM has a
 *                           virtio-net link to the run's far end; no route but the link's own)
 * base64url keeps spaces, quotes and any byte in the argv out of the kernel's own parser.
 */
#include "guest_init.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

static int b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}

long base64url_decode(const char *in, size_t len, unsigned char *out)
{
    unsigned long acc = 0;
    int bits = 0;
    long n = 0;
    if (len % 4 == 1)
        return -1; /* no valid encoding leaves a single character */
    for (size_t i = 0; i < len; i++) {
        int v = b64_value((unsigned char)in[i]);
        if (v < 0)
            return -1;
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[n++] = (unsigned char)(acc >> bits);
            acc &= (1UL << bits) - 1;
        }
    }
    return n;
}

/* Decodes the base64url value into a malloc'd buffer, NUL-terminated; *len = decoded length. */
static char *decode_value(const char *name, const char *value, size_t vlen, size_t *len)
{
    char *buf = malloc(vlen + 2);
    if (!buf)
        fail(STAGE_CMDLINE, "out of memory decoding %s", name);
    long n = base64url_decode(value, vlen, (unsigned char *)buf);
    if (n < 0)
        fail(STAGE_CMDLINE, "%s is not valid base64url", name);
    buf[n] = '\0';
    buf[n + 1] = '\0';
    *len = (size_t)n;
    return buf;
}

/* Splits a NUL-joined list into a NULL-terminated array. An empty buffer gives an empty list. */
static char **split_nul(char *buf, size_t len)
{
    size_t count = 0;
    if (len > 0) {
        count = 1;
        for (size_t i = 0; i < len; i++)
            if (buf[i] == '\0')
                count++;
    }
    char **list = calloc(count + 1, sizeof(char *));
    if (!list)
        fail(STAGE_CMDLINE, "out of memory splitting the command line");
    char *p = buf;
    for (size_t i = 0; i < count; i++) {
        list[i] = p;
        p += strlen(p) + 1;
    }
    return list;
}

/* A.B.C.D/P, checked here so that a bad value fails at stage 3 with the value in the message. */
static void parse_net(const char *value, size_t vlen, struct request *out)
{
    char *text = strndup(value, vlen);
    char *slash = text ? strchr(text, '/') : NULL;
    struct in_addr ignored;
    if (!slash)
        fail(STAGE_CMDLINE, "isobench.net=%.*s is not ADDRESS/PREFIX", (int)vlen, value);
    *slash = '\0';
    char *end;
    long prefix = strtol(slash + 1, &end, 10);
    if (inet_pton(AF_INET, text, &ignored) != 1 || *end != '\0' || end == slash + 1 || prefix < 1 || prefix > 32)
        fail(STAGE_CMDLINE, "isobench.net=%.*s is not an IPv4 ADDRESS/PREFIX", (int)vlen, value);
    out->net_address = text;
    out->net_prefix = (int)prefix;
}

void parse_cmdline(const char *cmdline, struct request *out)
{
    memset(out, 0, sizeof(*out));
    static char *empty[] = {NULL};
    out->env = empty;
    const char *p = cmdline;
    while (*p) {
        while (*p == ' ' || *p == '\n' || *p == '\t')
            p++;
        const char *end = p;
        while (*end && *end != ' ' && *end != '\n' && *end != '\t')
            end++;
        size_t wlen = (size_t)(end - p);
        const char *eq = memchr(p, '=', wlen);
        if (eq && wlen > 9 && strncmp(p, "isobench.", 9) == 0) {
            size_t klen = (size_t)(eq - p);
            const char *v = eq + 1;
            size_t vlen = (size_t)(end - v);
            size_t len;
            if (klen == 12 && strncmp(p, "isobench.cmd", 12) == 0) {
                char *buf = decode_value("isobench.cmd", v, vlen, &len);
                out->argv = split_nul(buf, len);
            } else if (klen == 12 && strncmp(p, "isobench.env", 12) == 0) {
                char *buf = decode_value("isobench.env", v, vlen, &len);
                out->env = split_nul(buf, len);
            } else if (klen == 12 && strncmp(p, "isobench.cwd", 12) == 0) {
                out->cwd = decode_value("isobench.cwd", v, vlen, &len);
            } else if (klen == 16 && strncmp(p, "isobench.scratch", 16) == 0) {
                out->scratch = strndup(v, vlen);
            } else if (klen == 13 && strncmp(p, "isobench.root", 13) == 0) {
                out->root = strndup(v, vlen);
            } else if (klen == 12 && strncmp(p, "isobench.net", 12) == 0) {
                parse_net(v, vlen, out);
            }
        }
        p = end;
    }
    if (!out->argv || !out->argv[0] || !out->argv[0][0])
        fail(STAGE_CMDLINE, "the kernel command line has no isobench.cmd (or an empty one)");
    for (char **e = out->env; *e; e++)
        if (!strchr(*e, '='))
            fail(STAGE_CMDLINE, "isobench.env entry '%s' has no '='", *e);
}
