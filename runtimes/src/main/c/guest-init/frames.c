/*
 * The workload's output travels on COM2 (/dev/ttyS1) in frames, so that kernel messages
 * (which go to COM1 only) can never mix into it and stdout and stderr stay apart:
 *   1 byte stream (1 stdout, 2 stderr), 2 bytes length little-endian (0..4096), data.
 * A frame with length 0 ends its stream. Decoded on the host by ConsoleFrames.java.
 */
#include "guest_init.h"

#include <errno.h>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

int open_frame_port(const char *tty)
{
    int fd = open(tty, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct termios t;
    if (tcgetattr(fd, &t) != 0) {
        close(fd);
        return -1;
    }
    /* Raw: no \n -> \r\n, no flow-control bytes, no echo; the frames are binary. */
    cfmakeraw(&t);
    cfsetispeed(&t, B115200);
    cfsetospeed(&t, B115200);
    t.c_cflag |= CLOCAL;
    if (tcsetattr(fd, TCSANOW, &t) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static void write_all(int fd, const unsigned char *p, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            fail(STAGE_FORWARD, "cannot write to COM2: %m");
        }
        p += n;
        len -= (size_t)n;
    }
}

void write_frame(int port, int stream, const void *data, size_t len)
{
    unsigned char frame[3 + FRAME_MAX_DATA];
    const unsigned char *src = data;
    do {
        size_t chunk = len > FRAME_MAX_DATA ? FRAME_MAX_DATA : len;
        frame[0] = (unsigned char)stream;
        frame[1] = (unsigned char)(chunk & 0xff);
        frame[2] = (unsigned char)(chunk >> 8);
        for (size_t i = 0; i < chunk; i++)
            frame[3 + i] = src[i];
        write_all(port, frame, 3 + chunk);
        src += chunk;
        len -= chunk;
    } while (len > 0);
}

/* Returns once every byte has left the UART, i.e. the monitor has seen it. */
void drain_port(int port)
{
    while (tcdrain(port) != 0 && errno == EINTR)
        ;
}
