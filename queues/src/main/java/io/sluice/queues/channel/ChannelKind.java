package io.sluice.queues.channel;

/**
 * The four kinds of channel. Every kind has exactly one consumer thread.
 */
public enum ChannelKind
{
    /**
     * Object messages, one producer thread; backed by JCTools {@code SpscArrayQueue} ({@code SpmcArrayQueue} under
     * {@code DROP_OLDEST}, so the producer may evict the oldest message under the queue's own protocol).
     */
    OBJECT_SPSC(false, false),

    /**
     * Object messages, any number of producer threads; backed by JCTools {@code MpscArrayQueue}
     * ({@code MpmcArrayQueue} under {@code DROP_OLDEST}).
     */
    OBJECT_MPSC(false, true),

    /**
     * Binary messages {@code (typeId, buffer, offset, length)}, one producer thread; backed by Agrona
     * {@code OneToOneRingBuffer} with zero-copy claim/commit (a pool of fixed-size slots under {@code DROP_OLDEST}).
     */
    BINARY_SPSC(true, false),

    /**
     * Binary messages, any number of producer threads; backed by Agrona {@code ManyToOneRingBuffer} (a pool of
     * fixed-size slots under {@code DROP_OLDEST}).
     */
    BINARY_MPSC(true, true);

    private final boolean binary;
    private final boolean multiProducer;

    ChannelKind(final boolean binary, final boolean multiProducer)
    {
        this.binary = binary;
        this.multiProducer = multiProducer;
    }

    /**
     * Whether messages are bytes rather than objects.
     *
     * @return true for the binary kinds.
     */
    public boolean isBinary()
    {
        return binary;
    }

    /**
     * Whether several threads may offer at once.
     *
     * @return true for the MPSC kinds.
     */
    public boolean isMultiProducer()
    {
        return multiProducer;
    }
}
