package io.isobench.runtime.vm.devices.marker;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarkerPortTest {
    @Test
    void codesAreTheProtocolNumbers() {
        assertEquals(1, MarkerCode.INIT_REACHED.code());
        assertEquals(2, MarkerCode.SETUP_DONE.code());
        assertEquals(3, MarkerCode.WORKLOAD_STARTED.code());
        assertEquals(4, MarkerCode.WORKLOAD_EXITED.code());
        assertEquals(5, MarkerCode.WORKLOAD_KILLED.code());
        assertEquals(0xEE, MarkerCode.INIT_FAILED.code());
        assertNull(MarkerCode.of(0));
    }

    @Test
    void twoByteWritesBecomeTimestampedMarkersInOrder() {
        List<Marker> told = new ArrayList<>();
        MarkerPort port = new MarkerPort(told::add);
        long before = System.nanoTime();
        port.write(0, 1, 1);
        port.write(0, 1, 0);
        port.write(0, 1, 3);
        port.write(0, 1, 0);
        port.write(0, 1, 4);
        port.write(0, 1, 3);
        port.write(0, 1, 0xEE);
        port.write(0, 1, 0x0102);  // only the low byte of a byte write counts
        long after = System.nanoTime();

        List<Marker> m = port.markers();
        assertEquals(told, m);
        assertEquals(List.of(MarkerCode.INIT_REACHED, MarkerCode.WORKLOAD_STARTED, MarkerCode.WORKLOAD_EXITED,
                MarkerCode.INIT_FAILED), m.stream().map(Marker::code).toList());
        assertEquals(3, m.get(2).argument());
        assertEquals(2, m.get(3).argument());
        for (int i = 0; i < m.size(); i++) {
            assertTrue(m.get(i).nanoTime() >= before && m.get(i).nanoTime() <= after);
            assertTrue(i == 0 || m.get(i).nanoTime() >= m.get(i - 1).nanoTime());
        }
        assertEquals(0, port.malformed());
    }

    @Test
    void unknownCodesAndWideWritesAreCountedAndDoNotDesynchronize() {
        MarkerPort port = new MarkerPort();
        port.write(0, 1, 0x77);   // unknown code: dropped
        port.write(0, 2, 0x0401); // 16-bit write: not the protocol
        port.write(0, 1, 4);
        port.write(0, 1, 0);
        assertEquals(2, port.malformed());
        assertEquals(List.of(MarkerCode.WORKLOAD_EXITED), port.markers().stream().map(Marker::code).toList());
        assertEquals(0, port.markers().get(0).argument());
    }
}
