package io.sluice.persistence.deadletter;

import io.sluice.persistence.StoreDirectoryException;
import io.sluice.queues.channel.OfferResult;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import org.agrona.IoUtil;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A named, durable replay position in a dead-letter store: replays records, oldest first, into a
 * {@link ReplayTarget} and remembers in a mark file the sequence after the last record the target took, so a replay
 * that is interrupted (returned early, or its process killed) resumes there and replays nothing twice.
 * <p>
 * The mark is a memory-mapped file {@code replay-NAME.mark} in the store directory, advanced after each record the
 * target takes: it survives a crash of the process (SIGKILL), not a power loss. The one record that can be replayed
 * twice is one the target took just before a crash, before the mark moved; a target that must not see a repeat
 * deduplicates by {@link DeadLetterRecord#sequence()}.
 * <p>
 * The cursor is locked (an OS file lock on the mark file) while open: two replays with the same name, in this or
 * another process, cannot interleave. Cursors with different names replay independently. A back-pressured target
 * is waited for with an {@link IdleStrategy} up to a deadline, never skipped; {@link #replayAvailable} does not wait
 * at all, for a duty cycle ({@link DeadLetterReplayAgent}).
 * <p>
 * <b>Note:</b> not thread-safe: one thread replays.
 */
public final class ReplayCursor implements AutoCloseable
{
    /** Prefix of a mark file's name. */
    public static final String MARK_PREFIX = "replay-";
    /** Suffix of a mark file's name. */
    public static final String MARK_SUFFIX = ".mark";

    static final int MARK_MAGIC = 0x014D4C53; // "SLM" and format 1
    static final int MARK_LENGTH = 16;
    static final int MARK_MAGIC_OFFSET = 0;
    static final int MARK_NEXT_SEQUENCE_OFFSET = 8;
    /** Records {@link #replayAvailable} reads at most per call while it looks for the mark. */
    static final int POSITION_SCAN_BATCH = 4096;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final DeadLetterReader reader;
    private final Path markFile;
    private final String name;
    private final FileChannel channel;
    private final FileLock lock;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer mark;
    private final DeadLetterRecord record = new DeadLetterRecord();
    private ExcerptTailer tailer;
    private boolean positioned;
    private boolean scanning;
    private long replayed;
    private boolean closed;

    private ReplayCursor(
        final DeadLetterReader reader,
        final Path markFile,
        final String name,
        final FileChannel channel,
        final FileLock lock,
        final MappedByteBuffer mapped)
    {
        this.reader = reader;
        this.markFile = markFile;
        this.name = name;
        this.channel = channel;
        this.lock = lock;
        this.mapped = mapped;
        this.mark = new UnsafeBuffer(mapped);
    }

    static ReplayCursor open(final DeadLetterReader reader, final String name)
    {
        return lock(reader, reader.path(), name, true);
    }

    static ReplayCursor lockForPurge(final Path path, final String name)
    {
        return lock(null, path, name, false);
    }

    /**
     * Names of the cursors that have a mark in a store directory.
     *
     * @param path the store directory.
     * @return the names, sorted.
     * @throws StoreDirectoryException if the directory cannot be listed.
     */
    public static List<String> names(final Path path)
    {
        final List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(path))
        {
            files.map(p -> p.getFileName().toString())
                .filter(f -> f.startsWith(MARK_PREFIX) && f.endsWith(MARK_SUFFIX))
                .map(f -> f.substring(MARK_PREFIX.length(), f.length() - MARK_SUFFIX.length()))
                .filter(n -> NAME.matcher(n).matches())
                .sorted()
                .forEach(names::add);
        }
        catch (final IOException ex)
        {
            throw new StoreDirectoryException(path, "cannot be listed", ex);
        }
        return names;
    }

    /**
     * Read a cursor's mark without opening the cursor (no lock), for listings.
     *
     * @param path the store directory.
     * @param name of the cursor.
     * @return the sequence of the next record it would replay, or -1 if its mark is missing or unreadable.
     */
    public static long peekNextSequence(final Path path, final String name)
    {
        try
        {
            final byte[] bytes = Files.readAllBytes(path.resolve(MARK_PREFIX + name + MARK_SUFFIX));
            if (bytes.length != MARK_LENGTH)
            {
                return -1;
            }
            final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
            return buffer.getInt(MARK_MAGIC_OFFSET) == MARK_MAGIC ? buffer.getLong(MARK_NEXT_SEQUENCE_OFFSET) : -1;
        }
        catch (final IOException ex)
        {
            return -1;
        }
    }

    /**
     * Check a cursor name before it is used in a file name.
     *
     * @throws IllegalArgumentException naming the name and what is allowed.
     */
    static void checkName(final String name)
    {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches())
        {
            throw new IllegalArgumentException("replay cursor name '" + name + "' is not allowed; allowed: 1 to 64 " +
                "letters, digits, '-', '_' or '.'");
        }
    }

    private static ReplayCursor lock(
        final DeadLetterReader reader, final Path path, final String name, final boolean create)
    {
        checkName(name);
        final Path file = path.resolve(MARK_PREFIX + name + MARK_SUFFIX);
        final boolean existed = Files.exists(file);
        if (!existed && !create)
        {
            throw new StoreDirectoryException(path, "has no replay cursor '" + name + "'");
        }
        final FileChannel channel;
        try
        {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        }
        catch (final IOException ex)
        {
            throw new StoreDirectoryException(path, "cannot open the mark of replay cursor '" + name + "'", ex);
        }
        FileLock lock;
        try
        {
            lock = channel.tryLock();
        }
        catch (final OverlappingFileLockException ex)
        {
            lock = null;
        }
        catch (final IOException ex)
        {
            closeQuietly(channel);
            throw new StoreDirectoryException(path, "cannot lock the mark of replay cursor '" + name + "'", ex);
        }
        if (null == lock)
        {
            closeQuietly(channel);
            throw new StoreDirectoryException(path, "replay cursor '" + name + "' is in use by another replay " +
                "(in this or another live process); wait for it to finish or use another cursor name");
        }
        try
        {
            final long size = channel.size();
            if (size != 0 && size != MARK_LENGTH)
            {
                throw new StoreDirectoryException(path, "the mark of replay cursor '" + name + "' (" +
                    file.getFileName() + ") has " + size + " bytes, not " + MARK_LENGTH + ": it is corrupt; " +
                    "delete it to replay from the start");
            }
            final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, MARK_LENGTH);
            final UnsafeBuffer buffer = new UnsafeBuffer(mapped);
            if (size == 0)
            {
                buffer.putLong(MARK_NEXT_SEQUENCE_OFFSET, 0);
                buffer.putIntVolatile(MARK_MAGIC_OFFSET, MARK_MAGIC);
            }
            else if (buffer.getInt(MARK_MAGIC_OFFSET) != MARK_MAGIC)
            {
                IoUtil.unmap(mapped);
                throw new StoreDirectoryException(path, "the mark of replay cursor '" + name + "' (" +
                    file.getFileName() + ") is not a Sluice replay mark: it is corrupt; delete it to replay from " +
                    "the start");
            }
            return new ReplayCursor(reader, file, name, channel, lock, mapped);
        }
        catch (final IOException ex)
        {
            closeQuietly(channel);
            throw new StoreDirectoryException(path, "cannot map the mark of replay cursor '" + name + "'", ex);
        }
        catch (final RuntimeException ex)
        {
            closeQuietly(channel);
            throw ex;
        }
    }

    /**
     * The cursor's name.
     *
     * @return the name given when opened.
     */
    public String name()
    {
        return name;
    }

    /**
     * The durable mark: the sequence of the next record to replay (every earlier one was taken by a target).
     *
     * @return the sequence, 0 for a new cursor.
     */
    public long nextSequence()
    {
        return mark.getLongVolatile(MARK_NEXT_SEQUENCE_OFFSET);
    }

    /**
     * Records still to replay from the mark, as the store holds them now.
     *
     * @return the count, 0 when caught up.
     */
    public long remaining()
    {
        final long last = reader.lastSequence();
        if (last < 0)
        {
            return 0;
        }
        final long from = Math.max(nextSequence(), reader.firstSequence());
        return Math.max(0, last - from + 1);
    }

    /**
     * Move the mark, e.g. to 0 to replay everything again.
     *
     * @param nextSequence the sequence of the next record to replay, at least 0.
     * @throws IllegalArgumentException if negative.
     */
    public void seek(final long nextSequence)
    {
        if (nextSequence < 0)
        {
            throw new IllegalArgumentException("replay cursor '" + name + "': nextSequence=" + nextSequence +
                " is not allowed; allowed 0.." + Long.MAX_VALUE);
        }
        checkOpen();
        storeMark(nextSequence);
        positioned = false;
        scanning = false;
    }

    /**
     * Replay records from the mark into a target, oldest first, advancing the mark after each record it takes.
     * While the target answers {@link OfferResult#BACK_PRESSURED}, wait with the idle strategy and offer the same
     * record again, up to the timeout for that record.
     *
     * @param target     to offer each record to.
     * @param idle       how to wait while the target is back-pressured.
     * @param timeout    how long one record may wait for a back-pressured target before the call returns
     *                   {@link ReplayOutcome#TIMED_OUT}.
     * @param unit       of the timeout.
     * @param maxRecords records replayed at most by this call.
     * @return why the call returned; {@link #replayed()} says how many records the target took.
     */
    public ReplayOutcome replay(
        final ReplayTarget target,
        final IdleStrategy idle,
        final long timeout,
        final TimeUnit unit,
        final long maxRecords)
    {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(idle, "idle");
        checkOpen();
        replayed = 0;
        if (!position())
        {
            return ReplayOutcome.CAUGHT_UP;
        }
        final long timeoutNs = unit.toNanos(timeout);
        final DeadLetterRecord record = this.record;
        while (replayed < maxRecords)
        {
            if (!reader.readNext(tailer, record))
            {
                return ReplayOutcome.CAUGHT_UP;
            }
            final ReplayOutcome refused = offer(target, record, idle, timeoutNs);
            if (null != refused)
            {
                // read it again next time: the tailer has moved past it
                tailer.moveToIndex(record.index());
                return refused;
            }
            storeMark(record.sequence() + 1);
            replayed++;
        }
        return ReplayOutcome.LIMIT_REACHED;
    }

    /**
     * Replay what the target takes now, without waiting: offer records from the mark, oldest first, advancing the mark
     * after each record the target takes, and return at the first record it does not take, at the end of the store,
     * or after {@code maxRecords} records. For a duty cycle: call it again on a later cycle to go on.
     * <p>
     * The first call after the cursor is opened or {@link #seek moved} finds the mark by reading the records before
     * it (see the class comment); it reads at most {@value #POSITION_SCAN_BATCH} of them per call, and returns
     * {@link ReplayOutcome#LIMIT_REACHED} with {@link #replayed()} 0 while it has not found the mark yet, so no call
     * takes long however many records precede the mark.
     *
     * @param target     to offer each record to.
     * @param maxRecords records replayed at most by this call, at least 0.
     * @return {@link ReplayOutcome#CAUGHT_UP} at the end of the store, {@link ReplayOutcome#LIMIT_REACHED} after
     *         {@code maxRecords} records (or a part of the scan for the mark), {@link ReplayOutcome#BACK_PRESSURED}
     *         when the target answered {@link OfferResult#BACK_PRESSURED} (that record is offered first next time),
     *         {@link ReplayOutcome#TARGET_CLOSED} or {@link ReplayOutcome#TARGET_REFUSED} when it refused a record
     *         otherwise; {@link #replayed()} says how many records the target took.
     * @throws IllegalArgumentException if {@code maxRecords} is negative.
     */
    public ReplayOutcome replayAvailable(final ReplayTarget target, final long maxRecords)
    {
        Objects.requireNonNull(target, "target");
        if (maxRecords < 0)
        {
            throw new IllegalArgumentException("replay cursor '" + name + "': maxRecords=" + maxRecords +
                " is not allowed; allowed 0.." + Long.MAX_VALUE);
        }
        checkOpen();
        replayed = 0;
        if (null == tailer)
        {
            tailer = reader.newTailer();
            if (null == tailer)
            {
                return ReplayOutcome.CAUGHT_UP;
            }
        }
        if (!positioned && !scanSome(POSITION_SCAN_BATCH))
        {
            return ReplayOutcome.LIMIT_REACHED;
        }
        final DeadLetterRecord record = this.record;
        while (replayed < maxRecords)
        {
            if (!reader.readNext(tailer, record))
            {
                return ReplayOutcome.CAUGHT_UP;
            }
            final int result = target.offer(record);
            if (result <= 0)
            {
                // read it again next time: the tailer has moved past it
                tailer.moveToIndex(record.index());
                if (result == OfferResult.BACK_PRESSURED)
                {
                    return ReplayOutcome.BACK_PRESSURED;
                }
                return result == OfferResult.CLOSED ? ReplayOutcome.TARGET_CLOSED : ReplayOutcome.TARGET_REFUSED;
            }
            storeMark(record.sequence() + 1);
            replayed++;
        }
        return ReplayOutcome.LIMIT_REACHED;
    }

    /**
     * Records the target took in the last {@link #replay replay} or {@link #replayAvailable replayAvailable} call.
     *
     * @return the count.
     */
    public long replayed()
    {
        return replayed;
    }

    /**
     * Release the cursor; its mark stays for the next replay. Idempotent.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (null != tailer)
        {
            tailer.close();
            tailer = null;
        }
        IoUtil.unmap(mapped);
        try
        {
            lock.release();
        }
        catch (final IOException ignore)
        {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }

    /**
     * For purge: delete the mark file while still holding its lock, then release.
     */
    void deleteAndClose()
    {
        try
        {
            Files.deleteIfExists(markFile);
        }
        catch (final IOException ex)
        {
            throw new StoreDirectoryException(markFile.getParent(), "cannot delete " + markFile.getFileName(), ex);
        }
        finally
        {
            close();
        }
    }

    private ReplayOutcome offer(
        final ReplayTarget target, final DeadLetterRecord record, final IdleStrategy idle, final long timeoutNs)
    {
        idle.reset();
        long deadline = 0;
        while (true)
        {
            final int result = target.offer(record);
            if (result > 0)
            {
                return null;
            }
            if (result == OfferResult.CLOSED)
            {
                return ReplayOutcome.TARGET_CLOSED;
            }
            if (result != OfferResult.BACK_PRESSURED)
            {
                return ReplayOutcome.TARGET_REFUSED;
            }
            final long now = System.nanoTime();
            if (deadline == 0)
            {
                deadline = now + timeoutNs;
            }
            else if (now - deadline >= 0)
            {
                return ReplayOutcome.TIMED_OUT;
            }
            idle.idle();
        }
    }

    /**
     * Put the tailer on the first record at or after the mark.
     *
     * @return false if nothing has been written yet.
     */
    private boolean position()
    {
        if (null == tailer)
        {
            tailer = reader.newTailer();
            if (null == tailer)
            {
                return false;
            }
            positioned = false;
        }
        if (!positioned)
        {
            scanSome(Long.MAX_VALUE);
        }
        return true;
    }

    /**
     * Go on scanning for the first record at or after the mark, from the start of the queue on the first call.
     *
     * @param maxScan records read at most by this call.
     * @return true once the tailer is on that record (or at the end of the queue).
     */
    private boolean scanSome(final long maxScan)
    {
        if (!scanning)
        {
            tailer.direction(TailerDirection.FORWARD).toStart();
            scanning = true;
        }
        final long next = nextSequence();
        // a linear scan, O(records before the mark): replay is a tool's path, and it keeps the mark a plain
        // sequence that stays valid whatever Chronicle's roll cycle
        for (long scanned = 0; scanned < maxScan; scanned++)
        {
            if (!reader.readNext(tailer, record))
            {
                return positionedHere();
            }
            if (record.sequence() >= next)
            {
                tailer.moveToIndex(record.index());
                return positionedHere();
            }
        }
        return false;
    }

    private boolean positionedHere()
    {
        positioned = true;
        scanning = false;
        return true;
    }

    private void storeMark(final long nextSequence)
    {
        // ordered: the mapped page is what survives the process, no reader on another thread needs more
        mark.putLongOrdered(MARK_NEXT_SEQUENCE_OFFSET, nextSequence);
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("replay cursor '" + name + "' is closed");
        }
    }

    private static void closeQuietly(final FileChannel channel)
    {
        try
        {
            channel.close();
        }
        catch (final IOException ignore)
        {
            // nothing more to release
        }
    }
}
