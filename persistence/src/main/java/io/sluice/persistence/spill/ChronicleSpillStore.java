package io.sluice.persistence.spill;

import io.sluice.persistence.codec.Codec;
import io.sluice.queues.overflow.SpillStore;

import java.nio.file.Path;

/**
 * A durable {@link SpillStore} on Chronicle Queue for object channels: spilled messages are encoded with a
 * {@link Codec} and appended to a queue in the store's directory; the channel takes them back in order once memory
 * is drained; the consumer's position is acknowledged durably as messages are delivered, and a store reopened on the
 * same directory after a crash delivers everything spilled and not acknowledged, before anything new.
 * <p>
 * <b>What survives what:</b> every message whose {@code offer} returned {@code SPILLED} is in the queue's
 * memory-mapped file before {@code offer} returns, so it survives the process dying (SIGKILL included): the kernel
 * holds the pages. It survives power loss only with {@link SpillOptions#syncOnAppend(boolean)}. After a restart the
 * store redelivers every spilled message not yet acknowledged; with {@code ackEvery(n)} that can include up to
 * {@code n} messages already delivered before the crash, which a dedup window on the consumer removes.
 * <p>
 * Open with {@link SpillOptions#objectStore(Codec)}; one store per channel; close it after the channel.
 * <p>
 * <b>Note:</b> {@link #append(Object)} may be called from several producer threads; {@link #poll()},
 * {@link #delivered(int)} and {@link #acknowledge()} only from the channel's consumer thread.
 *
 * @param <E> type of the messages.
 */
public final class ChronicleSpillStore<E> implements SpillStore<E>, AutoCloseable
{
    private final SpillQueue queue;
    private final Codec<E> codec;

    ChronicleSpillStore(final SpillQueue queue, final Codec<E> codec)
    {
        this.queue = queue;
        this.codec = codec;
    }

    /**
     * {@inheritDoc}
     *
     * @return false if the store is past its pending limits.
     */
    @Override
    public boolean append(final E message)
    {
        return queue.appendObject(codec, message);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public E poll()
    {
        return queue.pollObject(codec);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public long recovered()
    {
        return queue.recovered();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void delivered(final int count)
    {
        queue.delivered(count);
    }

    /**
     * This store typed for a graph edge, whose channel builder is typed {@code Object}
     * ({@code builder.edge(...).policy(SPILL).spillStore(store.forEdge())}). The edge must carry only {@code E}: the
     * codec sees every message spilled.
     *
     * @return this store.
     */
    @SuppressWarnings("unchecked")
    public SpillStore<Object> forEdge()
    {
        return (SpillStore<Object>)(SpillStore<?>)this;
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

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "ChronicleSpillStore{directory=" + queue.path() + ", codec=" + codec.name() + '}';
    }
}
