package io.sluice.persistence.spill;

import io.sluice.queues.overflow.BinarySpillStore;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.MessageHandler;


/**
 * A durable {@link BinarySpillStore} on Chronicle Queue for binary channels: spilled messages (type id and raw bytes)
 * are appended to a queue in the store's directory; the channel takes them back in order once memory
 * is drained; the consumer's position is acknowledged durably as messages are delivered, and a store reopened on the
 * same directory after a crash delivers everything spilled and not acknowledged, before anything new.
 * <p>
 * <b>What survives what:</b> every message whose {@code offer} returned {@code SPILLED} is in the queue's
 * memory-mapped file before {@code offer} returns, so it survives the process dying (SIGKILL included): the kernel
 * holds the pages. It survives power loss only with {@link SpillOptions#syncOnAppend(boolean)}. After a restart the
 * store redelivers every spilled message not yet acknowledged; with {@code ackEvery(n)} that can include up to
 * {@code n} messages already delivered before the crash, which a dedup window on the consumer removes.
 * <p>
 * Open with {@link SpillOptions#binaryStore()}; one store per channel; close it after the channel.
 * <p>
 * <b>Note:</b> {@link #append(int, DirectBuffer, int, int)} may be called from several producer threads;
 * {@link #read(MessageHandler, int)},
 * {@link #delivered(int)} and {@link #acknowledge()} only from the channel's consumer thread.
 */
public final class ChronicleBinarySpillStore extends AbstractChronicleSpillStore implements BinarySpillStore
{
    ChronicleBinarySpillStore(final SpillQueue queue)
    {
        super(queue);
    }

    /**
     * {@inheritDoc}
     *
     * @return false if the store is past its pending limits.
     */
    @Override
    public boolean append(final int typeId, final DirectBuffer buffer, final int offset, final int length)
    {
        return queue.appendBinary(typeId, buffer, offset, length);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int read(final MessageHandler handler, final int limit)
    {
        return queue.readBinary(handler, limit);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "ChronicleBinarySpillStore{directory=" + queue.path() + '}';
    }
}
