package io.sluice.persistence.spill;

import io.sluice.persistence.codec.Codec;
import io.sluice.queues.overflow.SpillStore;


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
public final class ChronicleSpillStore<E> extends AbstractChronicleSpillStore implements SpillStore<E>
{
    private final Codec<E> codec;

    ChronicleSpillStore(final SpillQueue queue, final Codec<E> codec)
    {
        super(queue);
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
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "ChronicleSpillStore{directory=" + queue.path() + ", codec=" + codec.name() + '}';
    }
}
