package io.isobench.runtime.vm.devices.serial;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.isobench.runtime.vm.devices.serial.Serial8250.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Register behaviour as Linux's 8250 driver relies on it. */
class Serial8250Test {
    private final List<Boolean> irq = java.util.Collections.synchronizedList(new ArrayList<>());
    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
    private TransmitBuffer output;
    private Serial8250 uart;

    @BeforeEach
    void setUp() {
        output = new TransmitBuffer("com1", sink, TransmitBuffer.CAPACITY);
        uart = new Serial8250("com1", irq::add, output);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        output.finish(0);
    }

    private int in(int reg) {
        return (int) uart.read(reg, 1);
    }

    private void out(int reg, int value) {
        uart.write(reg, 1, value);
    }

    private boolean level() {
        return !irq.isEmpty() && irq.get(irq.size() - 1);
    }

    @Test
    void bytesWrittenToThrReachTheSinkInOrder() throws InterruptedException {
        for (byte b : "hello\n".getBytes(StandardCharsets.US_ASCII)) {
            assertTrue((in(LSR) & LSR_THRE) != 0, "transmitter always ready");
            out(DATA, b);
        }
        assertEquals(new TransmitBuffer.Counts(6, 0, 0, 0), output.finish(5_000));
        assertEquals("hello\n", sink.toString(StandardCharsets.US_ASCII));
        assertTrue(irq.isEmpty(), "no interrupt while IER is 0 (polled console)");
    }

    @Test
    void enablingThriRaisesTheLineAndReadingIirAcknowledgesIt() {
        out(IER, IER_THRI);
        assertTrue(level(), "THRE interrupt as soon as it is enabled with THR empty");
        assertEquals(IIR_THRI, in(IIR) & 0x0F);
        assertFalse(level(), "reading IIR with THRE shown clears it");
        assertEquals(IIR_NO_INT, in(IIR) & 0x0F);
        out(DATA, 'x');
        assertTrue(level(), "after a THR write THR is empty again: the next THRE interrupt");
        out(IER, 0);
        assertFalse(level());
        out(IER, IER_THRI);
        assertTrue(level(), "re-enabling THRI (as the console write path does) raises it again");
    }

    @Test
    void dlabSwitchesDataAndIerToTheDivisorLatch() {
        out(LCR, LCR_DLAB | 0x03);
        out(DATA, 0x01);
        out(IER, 0x00);
        assertEquals(0x01, in(DATA));
        assertEquals(0x00, in(IER));
        assertEquals(0, sink.size(), "divisor writes are not data");
        out(LCR, 0x03);
        out(IER, 0xFF);
        assertEquals(0x0F, in(IER), "reserved IER bits read as zero (the driver's XScale probe tests bit 6)");
        assertEquals(0x03, in(LCR));
    }

    @Test
    void fifoControlShowsAs16550aInIir() {
        out(IIR, FCR_FIFO_ENABLE);
        assertEquals(IIR_FIFO_ENABLED | IIR_NO_INT, in(IIR));
        out(IIR, 0);
        assertEquals(IIR_NO_INT, in(IIR));
    }

    @Test
    void hostInputIsReadFromRbrWithDataReadyAndItsInterrupt() {
        out(IER, IER_RDI);
        uart.receive("ab".getBytes(StandardCharsets.US_ASCII));
        assertTrue(level());
        assertEquals(IIR_RDI, in(IIR) & 0x0F);
        assertEquals(LSR_DR, in(LSR) & LSR_DR);
        assertEquals('a', in(DATA));
        assertEquals('b', in(DATA));
        assertEquals(0, in(LSR) & LSR_DR);
        assertFalse(level());
    }

    @Test
    void overrunIsReportedOnceInLsr() {
        uart.receive(new byte[RX_FIFO + 1]);
        assertEquals(LSR_OE, in(LSR) & LSR_OE);
        assertEquals(0, in(LSR) & LSR_OE);
    }

    @Test
    void loopbackFeedsThrIntoRbrAndMcrIntoMsr() {
        out(MCR, MCR_LOOP | 0x0A);  // the driver's loopback probe: RTS and OUT2
        assertEquals(0x90, in(MSR) & 0xF0, "CTS and DCD follow RTS and OUT2");
        out(DATA, 0x5A);
        assertEquals(0x5A, in(DATA));
        assertEquals(0, sink.size(), "loopback bytes never leave the UART");
        out(MCR, 0x0B);
        assertEquals(MSR_DEFAULT, in(MSR) & 0xF0, "outside loopback a live modem is shown");
    }

    @Test
    void scratchRegisterHoldsItsValue() {
        out(SCR, 0xA5);
        assertEquals(0xA5, in(SCR));
    }

    @Test
    void aFailingSinkLosesBytesButNeverThrowsIntoTheVcpu() throws InterruptedException {
        TransmitBuffer failing = new TransmitBuffer("com2", new java.io.OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("pipe closed");
            }
        }, TransmitBuffer.CAPACITY);
        Serial8250 broken = new Serial8250("com2", level -> { }, failing);
        broken.write(DATA, 1, 'x');
        assertEquals(new TransmitBuffer.Counts(0, 0, 1, 0), failing.finish(5_000));
    }

    /**
     * A host that stops reading (a real pipe nobody reads): the vCPU's writes never wait, the
     * transmitter shows busy once the buffer is full, later bytes are dropped and counted, and
     * the THRE interrupt comes back when the host reads again.
     */
    @Test
    void aHostThatStopsReadingFillsTheBufferNotTheVcpu() throws Exception {
        java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
        try (java.nio.channels.Pipe.SourceChannel reader = pipe.source();
             java.io.OutputStream unread = java.nio.channels.Channels.newOutputStream(pipe.sink())) {
            TransmitBuffer buffer = new TransmitBuffer("com2", unread, TransmitBuffer.CAPACITY);
            List<Boolean> levels = java.util.Collections.synchronizedList(new ArrayList<>());
            Serial8250 port = new Serial8250("com2", levels::add, buffer);
            port.write(IER, 1, IER_THRI);
            long written = 0;
            long t0 = System.nanoTime();
            while ((port.read(LSR, 1) & LSR_THRE) != 0) {
                assertTrue(written < 16L << 20, "THRE never cleared after " + written + " bytes");
                port.write(DATA, 1, 'x');
                written++;
            }
            for (int i = 0; i < 1000; i++) {
                port.write(DATA, 1, 'y');  // a guest ignoring flow control
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 10_000, "writing to a UART whose host does not read took " + ms + " ms");
            assertEquals(0, port.read(LSR, 1) & (LSR_THRE | LSR_TEMT), "a full transmitter shows busy");
            assertTrue(buffer.counts().dropped() >= 1000 - TX_FIFO, "dropped " + buffer.counts());
            port.read(IIR, 1);
            levels.clear();
            java.nio.ByteBuffer drain = java.nio.ByteBuffer.allocate(1 << 20);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!levels.contains(true) && System.nanoTime() < deadline) {
                drain.clear();
                reader.read(drain);
            }
            assertTrue(levels.contains(true), "no THRE interrupt after the host read again");
            assertEquals(IIR_THRI, port.read(IIR, 1) & 0x0F);
            buffer.finish(0);
        }
    }
}
