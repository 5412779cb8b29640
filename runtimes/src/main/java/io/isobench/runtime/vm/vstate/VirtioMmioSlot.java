package io.isobench.runtime.vm.vstate;

import io.isobench.runtime.vm.acpi.VirtioMmioDevice;
import io.isobench.runtime.vm.devices.BusDevice;
import io.isobench.runtime.vm.devices.virtio.MmioTransport;
import io.isobench.runtime.vm.devices.virtio.VirtioDevice;
import io.isobench.runtime.vm.kvm.EventFd;

/**
 * One virtio device on a virtio-mmio window of a VM, wired so that neither direction
 * costs a vCPU a trip to us:
 * <ul>
 *   <li>the driver's queue notification (a 4-byte write to QueueNotify) is an ioeventfd:
 *       KVM signals it in the kernel and the vCPU continues; a device thread waits on it
 *       and processes the queue, so the guest never waits for host I/O on a vCPU;</li>
 *   <li>the device's "used buffer" interrupt is an irqfd on the window's GSI in the
 *       in-kernel IOAPIC: raising it is one eventfd write from the device thread.</li>
 * </ul>
 * Register reads and writes other than notifications go through the MMIO bus as usual (a
 * notification written with another width also arrives that way and is ignored).
 * Close it before the VM: its thread touches guest memory.
 */
public final class VirtioMmioSlot implements AutoCloseable {
    private final MmioTransport transport;
    private final EventFd notify;
    private final EventFd interrupt;
    private final Thread worker;
    private volatile boolean closing;
    private volatile Throwable failure;

    private VirtioMmioSlot(MmioTransport transport, EventFd notify, EventFd interrupt, String name) {
        this.transport = transport;
        this.notify = notify;
        this.interrupt = interrupt;
        this.worker = new Thread(this::serve, "virtio-" + name);
        this.worker.setDaemon(true);
    }

    /**
     * Puts {@code device} at {@code window} (its base, size and GSI, as the DSDT describes
     * it) and starts its thread. Call before the vCPUs run.
     */
    public static VirtioMmioSlot attach(VirtualMachine vm, VirtioDevice device, VirtioMmioDevice window, String name) {
        EventFd notify = EventFd.create();
        EventFd interrupt = null;
        try {
            interrupt = EventFd.create();
            EventFd irq = interrupt;
            MmioTransport transport = new MmioTransport(device, vm.memory(), irq::signal);
            VirtioMmioSlot slot = new VirtioMmioSlot(transport, notify, interrupt, name);
            vm.fd().registerIrqfd(interrupt.fd(), window.irq());
            vm.fd().registerIoeventfd(notify.fd(), window.base() + MmioTransport.queueNotifyOffset(), 4);
            vm.mmio().claim(window.base(), window.size(), name, new BusDevice() {
                @Override
                public long read(long offset, int size) {
                    return transport.read(offset, size);
                }

                @Override
                public void write(long offset, int size, long value) {
                    transport.write(offset, size, value);
                }
            });
            slot.worker.start();
            return slot;
        } catch (RuntimeException e) {
            notify.close();
            if (interrupt != null) {
                interrupt.close();
            }
            throw e;
        }
    }

    private void serve() {
        try {
            while (true) {
                notify.await();
                if (closing) {
                    return;
                }
                // The eventfd does not say which queue (no datamatch): look at all of them. The
                // transport ignores a notification before the driver is ready.
                for (int q = 0; q < transport.device().queueCount(); q++) {
                    transport.notifyQueue(q);
                }
            }
        } catch (Throwable t) {
            if (!closing) {
                failure = t;
            }
        }
    }

    public MmioTransport transport() {
        return transport;
    }

    /** What stopped the device thread early, or null. */
    public Throwable failure() {
        return failure;
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        notify.signal();
        worker.join(5000);
        notify.close();
        interrupt.close();
    }
}
