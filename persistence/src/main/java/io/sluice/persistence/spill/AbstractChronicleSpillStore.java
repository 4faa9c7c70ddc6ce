package io.sluice.persistence.spill;

import java.nio.file.Path;

/**
 * What the object and binary Chronicle spill stores share: the queue under them, the consumer's acknowledgement,
 * recovery, and the counts a monitor or tool reads. See {@link ChronicleSpillStore} for what survives what.
 * <p>
 * <b>Note:</b> {@link #delivered(int)} and {@link #acknowledge()} only from the channel's consumer thread; the counts
 * from any thread.
 */
public abstract class AbstractChronicleSpillStore implements AutoCloseable
{
    final SpillQueue queue;

    AbstractChronicleSpillStore(final SpillQueue queue)
    {
        this.queue = queue;
    }

    /**
     * Messages the store held, unacknowledged, when it was opened: the channel delivers them before anything new.
     *
     * @return messages recovered at open.
     */
    public long recovered()
    {
        return queue.recovered();
    }

    /**
     * Consumer: the channel handed {@code count} more messages from this store to its consumer; advances the
     * acknowledged position as configured ({@link SpillOptions#ackEvery(int)}, or only on {@link #acknowledge()}).
     *
     * @param count messages handed on, at least 1.
     */
    public void delivered(final int count)
    {
        queue.delivered(count);
    }

    /**
     * Consumer: make the position durable now, so nothing delivered so far is delivered again after a restart. Needed
     * only with {@link SpillOptions#manualAck(boolean)}; otherwise the store acknowledges as configured.
     */
    public void acknowledge()
    {
        queue.acknowledge();
    }

    /**
     * Messages in the store not yet taken by the consumer (recovered plus appended minus taken).
     *
     * @return a snapshot, from any thread.
     */
    public long pendingMessages()
    {
        return queue.pendingMessages();
    }

    /**
     * Payload bytes in the store not yet taken by the consumer.
     *
     * @return a snapshot, from any thread.
     */
    public long pendingBytes()
    {
        return queue.pendingBytes();
    }

    /**
     * Appends refused because the store was past a pending limit.
     *
     * @return a count, from any thread.
     */
    public long refused()
    {
        return queue.refused();
    }

    /**
     * Messages appended since the store was opened.
     *
     * @return a count, from any thread.
     */
    public long appended()
    {
        return queue.appended();
    }

    /**
     * The Chronicle index of the last acknowledged message, 0 if none.
     *
     * @return the durable position.
     */
    public long acknowledgedIndex()
    {
        return queue.acknowledgedIndex();
    }

    /**
     * Roll-cycle files deleted because every message in them was acknowledged.
     *
     * @return a count, consumer thread.
     */
    public long cyclesDeleted()
    {
        return queue.cyclesDeleted();
    }

    /**
     * The store's directory.
     *
     * @return its path.
     */
    public Path directory()
    {
        return queue.path();
    }

    /**
     * Acknowledge what has been delivered (unless acknowledgement is manual), close the queue and release the
     * directory. Messages still pending stay on disk for the next open.
     */
    @Override
    public void close()
    {
        queue.close();
    }
}
