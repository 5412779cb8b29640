package io.isobench.runtime.vm.devices.serial;

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
    private final List<Boolean> irq = new ArrayList<>();
    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
    private Serial8250 uart;

    @BeforeEach
    void setUp() {
        uart = new Serial8250("com1", irq::add, sink);
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
    void bytesWrittenToThrReachTheSinkInOrder() {
        for (byte b : "hello\n".getBytes(StandardCharsets.US_ASCII)) {
            assertTrue((in(LSR) & LSR_THRE) != 0, "transmitter always ready");
            out(DATA, b);
        }
        assertEquals("hello\n", sink.toString(StandardCharsets.US_ASCII));
        assertEquals(6, uart.transmitted());
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
    void aFailingSinkLosesBytesButNeverThrowsIntoTheVcpu() {
        Serial8250 broken = new Serial8250("com2", level -> { }, new java.io.OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("pipe closed");
            }
        });
        broken.write(DATA, 1, 'x');
        assertEquals(1, broken.lostBytes());
        assertEquals(0, broken.transmitted());
    }
}
