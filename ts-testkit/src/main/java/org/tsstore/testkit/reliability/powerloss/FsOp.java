package org.tsstore.testkit.reliability.powerloss;

import java.util.Objects;

/**
 * One operation of an {@link FsLog}: a change to a file's content, a force of a file or a directory, or a
 * change to a directory's entries. Files and directories are named by <em>inode</em> numbers, so that a
 * write to a file that was renamed or deleted since it was opened still lands where the operating system
 * would put it; directory entries map names to inodes. Inode {@link FsLog#ROOT} is the simulated directory
 * itself.
 *
 * <p>What a power loss may keep of each kind is described by {@link PowerLossStates}.
 */
public sealed interface FsOp {

    /**
     * Bytes written to a file at an offset (the file grows if they reach past its end).
     *
     * @param inode the file
     * @param offset where the first byte goes
     * @param bytes what was written; not copied, never to be changed
     */
    record Write(int inode, long offset, byte[] bytes) implements FsOp {
        /**
         * Checks the arguments.
         *
         * @param inode the file
         * @param offset where the first byte goes, not negative
         * @param bytes what was written
         */
        public Write {
            Objects.requireNonNull(bytes, "bytes");
            if (offset < 0) {
                throw new IllegalArgumentException("negative offset " + offset);
            }
        }

        @Override
        public String toString() {
            return "write inode " + inode + " [" + offset + ", " + (offset + bytes.length) + ")";
        }
    }

    /**
     * A file cut to a shorter length.
     *
     * @param inode the file
     * @param size its new length
     */
    record Truncate(int inode, long size) implements FsOp {}

    /**
     * {@code fsync} or {@code fdatasync} of a file: its content so far is on the device. Its name is not:
     * that takes a {@link ForceDirectory} of the directory holding it.
     *
     * @param inode the file
     */
    record Force(int inode) implements FsOp {}

    /**
     * A new file or directory entered in a directory.
     *
     * @param directory the directory's inode
     * @param name the new entry's name
     * @param inode the new file's or directory's inode
     * @param isDirectory whether it is a directory
     */
    record Link(int directory, String name, int inode, boolean isDirectory) implements FsOp {}

    /**
     * A file renamed, replacing whatever the new name named before.
     *
     * @param fromDirectory the directory it leaves
     * @param fromName its old name
     * @param toDirectory the directory it enters (often the same)
     * @param toName its new name
     * @param inode the file
     */
    record Rename(int fromDirectory, String fromName, int toDirectory, String toName, int inode) implements FsOp {}

    /**
     * A file or an empty directory removed from a directory.
     *
     * @param directory the directory that held it
     * @param name its name
     * @param inode the file or directory removed
     */
    record Unlink(int directory, String name, int inode) implements FsOp {}

    /**
     * {@code fsync} of a directory: every change to its entries so far is on the device.
     *
     * @param directory the directory's inode
     */
    record ForceDirectory(int directory) implements FsOp {}
}
