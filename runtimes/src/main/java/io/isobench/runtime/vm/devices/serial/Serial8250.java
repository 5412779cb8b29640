package io.isobench.runtime.vm.devices.serial;

import io.isobench.runtime.vm.devices.BusDevice;
import io.isobench.runtime.vm.devices.IrqLine;

import java.util.ArrayDeque;

/**
 * A 16550A-compatible UART (the "8250" of Linux's driver name) on eight I/O ports.
 * A byte written to THR goes into the host-side {@link TransmitBuffer} at once, in order,
 * and THR is empty again while that buffer has room for a FIFO load ({@value #TX_FIFO}
 * bytes), which is why the transmitter-empty interrupt (THRE) is re-armed after every write.
 * That interrupt matters: Linux's tty layer writes through it (the polled console path is
 * only used for printk), so without it a program's output in the guest would stall after
 * the first FIFO load. When the host stops taking output the buffer fills: THRE and TEMT
 * read clear and the interrupt waits until the buffer has room again, so the guest's writer
 * waits in the guest, never a vCPU on the host; a byte written regardless is dropped and
 * counted.
 *
 * <p>The interrupt output is level-sensitive and recomputed after every access: high while
 * an enabled source is pending (line status, received data, THR empty, modem status), in
 * the priority order IIR reports them. Host-side input ({@link #receive}) fills the
 * receive FIFO. Loopback mode (MCR bit 4) is emulated because Linux's probe may use it.
 */
public final class Serial8250 implements BusDevice {
    public static final int COM1_BASE = 0x3F8;
    public static final int COM1_IRQ = 4;
    public static final int COM2_BASE = 0x2F8;
    public static final int COM2_IRQ = 3;
    public static final int PORTS = 8;

    // Register offsets.
    static final int DATA = 0;  // RBR (read) / THR (write) / DLL when DLAB
    static final int IER = 1;   // DLM when DLAB
    static final int IIR = 2;   // FCR on write
    static final int LCR = 3;
    static final int MCR = 4;
    static final int LSR = 5;
    static final int MSR = 6;
    static final int SCR = 7;

    static final int IER_RDI = 0x01;
    static final int IER_THRI = 0x02;
    static final int IER_RLSI = 0x04;
    static final int IER_MSI = 0x08;
    static final int IIR_NO_INT = 0x01;
    static final int IIR_MSI = 0x00;
    static final int IIR_THRI = 0x02;
    static final int IIR_RDI = 0x04;
    static final int IIR_RLSI = 0x06;
    static final int IIR_FIFO_ENABLED = 0xC0;
    static final int FCR_FIFO_ENABLE = 0x01;
    static final int FCR_CLEAR_RCVR = 0x02;
    static final int LCR_DLAB = 0x80;
    static final int MCR_LOOP = 0x10;
    static final int LSR_DR = 0x01;
    static final int LSR_OE = 0x02;
    static final int LSR_THRE = 0x20;
    static final int LSR_TEMT = 0x40;
    /** Carrier detect, data set ready, clear to send: a cable with a live peer. */
    static final int MSR_DEFAULT = 0xB0;
    static final int RX_FIFO = 64;
    /** Bytes Linux writes per THRE interrupt to a 16550A without looking at LSR (its tx_loadsz). */
    static final int TX_FIFO = 16;

    private final String name;
    private final IrqLine irq;
    private final TransmitBuffer out;
    private final ArrayDeque<Byte> rx = new ArrayDeque<>();
    private int ier;
    private int lcr;
    private int mcr;
    private int scr;
    private int dll = 0x0C;  // 9600 baud, what firmware leaves behind
    private int dlm;
    private boolean fifo;
    private boolean threPending;
    private boolean overrun;
    private int msrDelta;
    private boolean irqLevel;

    /** @param out takes every byte the guest transmits, in order, towards the host */
    public Serial8250(String name, IrqLine irq, TransmitBuffer out) {
        this.name = name;
        this.irq = irq;
        this.out = out;
        out.onRoom(this::transmitterFree);
    }

    public String name() {
        return name;
    }

    @Override
    public synchronized long read(long offset, int size) {
        int value = switch ((int) offset) {
            case DATA -> (lcr & LCR_DLAB) != 0 ? dll : readRbr();
            case IER -> (lcr & LCR_DLAB) != 0 ? dlm : ier;
            case IIR -> readIir();
            case LCR -> lcr;
            case MCR -> mcr;
            case LSR -> readLsr();
            case MSR -> readMsr();
            case SCR -> scr;
            default -> 0xFF;  // only an access wider than one byte at the last port lands here
        };
        updateIrq();
        return value;
    }

    @Override
    public synchronized void write(long offset, int size, long longValue) {
        int value = (int) (longValue & 0xFF);
        switch ((int) offset) {
            case DATA -> {
                if ((lcr & LCR_DLAB) != 0) {
                    dll = value;
                } else {
                    transmit(value);
                }
            }
            case IER -> {
                if ((lcr & LCR_DLAB) != 0) {
                    dlm = value;
                } else {
                    // Enabling THRI while THR is empty raises THRE at once (16550 behaviour).
                    if ((value & IER_THRI) != 0 && (ier & IER_THRI) == 0) {
                        threPending = thrEmpty();
                    }
                    ier = value & 0x0F;  // bits 4-7 are reserved and read as 0
                }
            }
            case IIR -> {
                fifo = (value & FCR_FIFO_ENABLE) != 0;
                if ((value & FCR_CLEAR_RCVR) != 0) {
                    rx.clear();
                }
            }
            case LCR -> lcr = value;
            case MCR -> {
                int changed = (mcr ^ value) & 0x0F;
                mcr = value & 0x1F;
                if ((mcr & MCR_LOOP) != 0) {
                    // In loopback the modem outputs feed the modem inputs: remember the deltas.
                    msrDelta |= loopbackDeltas(changed);
                }
            }
            case SCR -> scr = value;
            default -> {
                // LSR and MSR are read-only.
            }
        }
        updateIrq();
    }

    /** Host-side input: queues bytes for the guest to read (dropped, with overrun, when the FIFO is full). */
    public synchronized void receive(byte[] bytes) {
        for (byte b : bytes) {
            enqueue(b);
        }
        updateIrq();
    }

    /** Where the transmitted bytes go, with their counts. */
    public TransmitBuffer output() {
        return out;
    }

    private void transmit(int value) {
        if ((mcr & MCR_LOOP) != 0) {
            enqueue((byte) value);
            threPending = true;
        } else {
            out.offer((byte) value);  // a full buffer drops and counts the byte
            // Writing THR cleared the old THRE interrupt; THR is empty again while the host has room.
            threPending = out.room(TX_FIFO);
        }
    }

    /** THR can take a FIFO load: always in loopback, else while the host-side buffer has room. */
    private boolean thrEmpty() {
        return (mcr & MCR_LOOP) != 0 || out.room(TX_FIFO);
    }

    /** The host took output and the buffer has room again: THR is empty (draining thread). */
    private synchronized void transmitterFree() {
        threPending = true;
        updateIrq();
    }

    private void enqueue(byte b) {
        if (rx.size() >= RX_FIFO) {
            overrun = true;
        } else {
            rx.add(b);
        }
    }

    private int readRbr() {
        Byte b = rx.poll();
        return b == null ? 0 : b & 0xFF;
    }

    private int readIir() {
        int iir = pendingSource();
        if (iir == IIR_THRI) {
            threPending = false;  // reading IIR acknowledges THRE when it is the source shown
        }
        return iir | (fifo ? IIR_FIFO_ENABLED : 0);
    }

    private int readLsr() {
        // TEMT follows THRE: the "shift register" is the host side, which takes bytes in chunks.
        int lsr = (thrEmpty() ? LSR_THRE | LSR_TEMT : 0) | (rx.isEmpty() ? 0 : LSR_DR) | (overrun ? LSR_OE : 0);
        overrun = false;  // error bits clear on read
        return lsr;
    }

    private int readMsr() {
        int status;
        if ((mcr & MCR_LOOP) != 0) {
            // DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD.
            status = (mcr & 0x01) << 5 | (mcr & 0x02) << 3 | (mcr & 0x04) << 4 | (mcr & 0x08) << 4;
        } else {
            status = MSR_DEFAULT;
        }
        int value = status | msrDelta;
        msrDelta = 0;
        return value;
    }

    private static int loopbackDeltas(int changedMcrBits) {
        int delta = 0;
        if ((changedMcrBits & 0x02) != 0) {
            delta |= 0x01;  // DCTS
        }
        if ((changedMcrBits & 0x01) != 0) {
            delta |= 0x02;  // DDSR
        }
        if ((changedMcrBits & 0x08) != 0) {
            delta |= 0x08;  // DDCD
        }
        return delta;
    }

    private int pendingSource() {
        if ((ier & IER_RLSI) != 0 && overrun) {
            return IIR_RLSI;
        }
        if ((ier & IER_RDI) != 0 && !rx.isEmpty()) {
            return IIR_RDI;
        }
        if ((ier & IER_THRI) != 0 && threPending) {
            return IIR_THRI;
        }
        if ((ier & IER_MSI) != 0 && msrDelta != 0) {
            return IIR_MSI;
        }
        return IIR_NO_INT;
    }

    private void updateIrq() {
        boolean level = pendingSource() != IIR_NO_INT;
        if (level != irqLevel) {
            irqLevel = level;
            irq.set(level);
        }
    }
}
