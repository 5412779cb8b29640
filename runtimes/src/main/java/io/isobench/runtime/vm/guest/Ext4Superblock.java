package io.isobench.runtime.vm.guest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The few superblock fields that tell whether a file is a whole ext4 image: the magic, the
 * block size and the block count, which must cover the file exactly. A cached root disk that
 * was truncated (a full disk, a copy cut short) or overwritten fails this before a VM boots
 * on it. Layout: the ext4 on-disk format, superblock at byte 1024, little-endian.
 */
record Ext4Superblock(int magic, long blockSize, long blocks) {
    static final int MAGIC = 0xEF53;
    private static final int OFFSET = 1024;
    private static final int INCOMPAT_64BIT = 0x80;

    /** Reads the superblock of {@code image}; a file too short to hold one reads as magic 0. */
    static Ext4Superblock read(Path image) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel c = FileChannel.open(image, StandardOpenOption.READ)) {
            while (b.hasRemaining() && c.read(b, OFFSET + b.position()) > 0) {
                // read until full or end of file
            }
        }
        if (b.hasRemaining()) {
            return new Ext4Superblock(0, 0, 0);
        }
        int magic = Short.toUnsignedInt(b.getShort(0x38));
        int logBlockSize = b.getInt(0x18);
        long blocks = Integer.toUnsignedLong(b.getInt(0x04));
        if ((b.getInt(0x60) & INCOMPAT_64BIT) != 0) {
            blocks |= Integer.toUnsignedLong(b.getInt(0x150)) << 32;
        }
        long blockSize = logBlockSize >= 0 && logBlockSize <= 6 ? 1024L << logBlockSize : 0;
        return new Ext4Superblock(magic, blockSize, blocks);
    }

    /** Null when this superblock describes a file of {@code fileBytes} exactly, else why not. */
    String mismatch(long fileBytes) {
        if (magic != MAGIC) {
            return "it has no ext4 superblock";
        }
        if (blockSize == 0) {
            return "its superblock names no valid block size";
        }
        long expected;
        try {
            expected = Math.multiplyExact(blocks, blockSize);
        } catch (ArithmeticException e) {
            return "its superblock's block count overflows";
        }
        return expected == fileBytes ? null
                : "it is " + fileBytes + " bytes but its file system spans " + expected;
    }
}
