package io.sluice.persistence.codec;

import org.agrona.BitUtil;
import org.agrona.DirectBuffer;

import java.util.function.Supplier;

/**
 * A codec for a mutable, fixed-layout message type that decodes without allocation: it fills instances from a ring
 * it allocated up front, as the Disruptor preallocates its entries.
 * <p>
 * <b>The contract this buys speed with:</b> a decoded message is overwritten {@code poolSize} decodes later. The
 * consumer must be finished with each message (or have copied it) before that many more come out of the store:
 * for a sink that handles each message before taking the next, any pool size works; for a stage that forwards the
 * message on, the pool must exceed everything that can be in flight behind it. When unsure, use a codec that
 * allocates.
 *
 * @param <T> the mutable message type.
 */
public abstract class RecyclingCodec<T> implements Codec<T>
{
    private final Object[] pool;
    private final int mask;
    private int next;

    /**
     * Allocate the ring.
     *
     * @param poolSize number of instances, a power of two, at least 1.
     * @param factory  creates each instance once.
     */
    protected RecyclingCodec(final int poolSize, final Supplier<T> factory)
    {
        if (poolSize < 1 || !BitUtil.isPowerOfTwo(poolSize))
        {
            throw new IllegalArgumentException(
                "poolSize=" + poolSize + " is not allowed; allowed a power of two from 1 to 2^30");
        }
        pool = new Object[poolSize];
        for (int i = 0; i < poolSize; i++)
        {
            pool[i] = factory.get();
        }
        mask = poolSize - 1;
    }

    /**
     * Fill a recycled instance from the bytes.
     *
     * @param into   the instance to overwrite.
     * @param buffer holding the bytes, valid only during the call.
     * @param offset at which the message starts.
     * @param length of the message in bytes.
     */
    protected abstract void decodeInto(T into, DirectBuffer buffer, int offset, int length);

    /**
     * {@inheritDoc}
     * <p>
     * Called only on the consumer's thread.
     */
    @Override
    @SuppressWarnings("unchecked")
    public final T decode(final DirectBuffer buffer, final int offset, final int length)
    {
        final T into = (T)pool[next++ & mask];
        decodeInto(into, buffer, offset, length);
        return into;
    }
}
