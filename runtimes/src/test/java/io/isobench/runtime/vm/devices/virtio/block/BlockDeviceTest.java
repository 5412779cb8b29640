package io.isobench.runtime.vm.devices.virtio.block;

import io.isobench.runtime.vm.memory.Bytes;
import io.isobench.runtime.vm.devices.virtio.ArrayMemory;
import io.isobench.runtime.vm.devices.virtio.MmioTransport;
import io.isobench.runtime.vm.devices.virtio.TestDriver;
import io.isobench.runtime.vm.devices.virtio.TestDriver.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BlockDeviceTest {
    static final long HEADER = 0x8000, STATUS = 0x8100, DATA = TestDriver.DATA;
    static final int DISK = 1 << 20;

    @TempDir
    Path dir;
    Path disk;
    BlockBackend backend;
    BlockDevice device;
    ArrayMemory memory;
    TestDriver driver;

    @BeforeEach
    void setUp() throws IOException {
        disk = dir.resolve("disk.img");
        Files.write(disk, new byte[DISK]);
        start(false, false);
    }

    void start(boolean readOnly, boolean direct) throws IOException {
        if (backend != null) {
            backend.close();
        }
        backend = BlockBackend.open(disk, readOnly, direct);
        device = new BlockDevice(backend, "isobench-scratch");
        memory = new ArrayMemory(0x200000);
        var transport = new MmioTransport(device, memory, () -> { });
        driver = new TestDriver(memory, transport, 16);
        driver.initialize();
    }

    @AfterEach
    void tearDown() throws IOException {
        backend.close();
    }

    /** Submits header | data... | status and returns the status byte (0 ok, 1 ioerr, 2 unsupp). */
    int request(int type, long sector, List<Buffer> data) {
        byte[] header = new byte[16];
        Bytes.putU32(header, 0, type);
        Bytes.putU64(header, 8, sector);
        memory.write(HEADER, header, 0, 16);
        memory.bytes[(int) STATUS] = (byte) 0xAA;
        var chain = new java.util.ArrayList<Buffer>();
        chain.add(new Buffer(HEADER, 16, false));
        chain.addAll(data);
        chain.add(new Buffer(STATUS, 1, true));
        driver.submit(chain);
        assertEquals(1, driver.takeUsed().size(), "every request comes back through the used ring");
        return memory.bytes[(int) STATUS];
    }

    @Test
    void writeFlushReadRoundTripMatchesTheFileByChecksum() throws Exception {
        byte[] payload = new byte[64 * 1024];
        new Random(7).nextBytes(payload);
        memory.write(DATA, payload, 0, payload.length);
        // Scatter the write over two descriptors of different sizes, as the block layer does.
        assertEquals(0, request(1, 8, List.of(new Buffer(DATA, 4096, false),
                new Buffer(DATA + 4096, payload.length - 4096, false))));
        assertEquals(0, request(4, 0, List.of()));
        byte[] file = Files.readAllBytes(disk);
        assertArrayEquals(sha256(payload), sha256(Arrays.copyOfRange(file, 8 * 512, 8 * 512 + payload.length)));

        Arrays.fill(memory.bytes, (int) DATA, (int) DATA + payload.length, (byte) 0);
        assertEquals(0, request(0, 8, List.of(new Buffer(DATA, payload.length, true))));
        assertArrayEquals(payload, Arrays.copyOfRange(memory.bytes, (int) DATA, (int) DATA + payload.length));
        assertEquals(payload.length, device.counters().bytesWritten());
        assertEquals(payload.length, device.counters().bytesRead());
        assertEquals(1, device.counters().flushes());
    }

    @Test
    void worksWithODirectOnTheHost() throws Exception {
        start(false, true);
        byte[] payload = new byte[8192];
        new Random(3).nextBytes(payload);
        memory.write(DATA, payload, 0, payload.length);
        assertEquals(0, request(1, 16, List.of(new Buffer(DATA, payload.length, false))));
        assertEquals(0, request(4, 0, List.of()));
        assertArrayEquals(payload, Arrays.copyOfRange(Files.readAllBytes(disk), 16 * 512, 16 * 512 + 8192));
    }

    @Test
    void getIdReturnsTheSerial() {
        assertEquals(0, request(8, 0, List.of(new Buffer(DATA, 20, true))));
        assertEquals("isobench-scratch", new String(memory.bytes, (int) DATA, 16, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void eachBadRequestIsANamedErrorWithAnErrorStatus() throws IOException {
        assertEquals(1, request(0, DISK / 512, List.of(new Buffer(DATA, 512, true))));
        assertEquals(1, device.counters().errors(RequestError.OUT_OF_RANGE));
        // Sector so large that sector * 512 overflows 64 bits.
        assertEquals(1, request(0, Long.MAX_VALUE / 256, List.of(new Buffer(DATA, 512, true))));
        assertEquals(2, device.counters().errors(RequestError.OUT_OF_RANGE));
        assertEquals(1, request(0, 0, List.of(new Buffer(DATA, 100, true))));
        assertEquals(1, device.counters().errors(RequestError.DATA_NOT_SECTOR_MULTIPLE));
        assertEquals(1, request(0, 0, List.of(new Buffer(DATA, 512, false))));
        assertEquals(1, device.counters().errors(RequestError.WRONG_DATA_DIRECTION));
        assertEquals(2, request(99, 0, List.of()));
        assertEquals(1, device.counters().errors(RequestError.UNSUPPORTED_TYPE));
        assertEquals(1, request(0, 0, List.of(new Buffer(0x7fff_ffff_0000L, 512, true))));
        assertEquals(1, device.counters().errors(RequestError.GUEST_MEMORY));
        assertEquals(1, request(0, 0, List.of(new Buffer(DATA, 64L << 20, true))));
        assertEquals(1, device.counters().errors(RequestError.DATA_TOO_LARGE));

        start(true, false);
        assertEquals(1, request(1, 0, List.of(new Buffer(DATA, 512, false))));
        assertEquals(1, device.counters().errors(RequestError.READ_ONLY));
        assertEquals(0, request(4, 0, List.of()), "flush on a read-only disk is fine");
    }

    @Test
    void writableHeaderOrShortChainFailsWithoutTouchingTheDisk() throws IOException {
        // A header the device could write: refused with a status.
        memory.bytes[(int) STATUS] = 0;
        driver.submit(List.of(new Buffer(HEADER, 16, true), new Buffer(STATUS, 1, true)));
        assertEquals(1, driver.takeUsed().size());
        assertEquals(1, memory.bytes[(int) STATUS]);
        assertEquals(1, device.counters().errors(RequestError.BAD_HEADER));
        // A single descriptor: nowhere to put a status, still returned to the driver.
        driver.submit(List.of(new Buffer(HEADER, 16, false)));
        var used = driver.takeUsed();
        assertEquals(1, used.size());
        assertEquals(0, used.get(0)[1]);
        assertEquals(1, device.counters().errors(RequestError.CHAIN_TOO_SHORT));
        assertArrayEquals(new byte[DISK], Files.readAllBytes(disk));
    }

    @Test
    void diskImagesMustBeWholeSectors() throws IOException {
        Path odd = dir.resolve("odd.img");
        Files.write(odd, new byte[1000]);
        var e = assertThrows(IOException.class, () -> BlockBackend.open(odd, false, false));
        assertEquals("disk image " + odd + " is 1000 bytes, not a non-zero multiple of 512", e.getMessage());
    }

    static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }
}
