package io.sluice.persistence.deadletter;

import io.sluice.persistence.codec.Codec;
import io.sluice.queues.channel.BinaryChannel;
import io.sluice.queues.channel.ObjectChannel;

/**
 * {@link ReplayTarget}s over Sluice channels: replay dead letters into an edge of a running graph in this process.
 * Both use the channel's {@code tryOffer}, which never applies the overflow policy, so a replayed record is never
 * dropped, shed or spilled by the channel: a full channel answers {@code BACK_PRESSURED} and the cursor waits.
 */
public final class ReplayTargets
{
    private ReplayTargets()
    {
    }

    /**
     * Replay an object store's records into an object channel, decoding each payload with the store's codec.
     * <p>
     * <b>Note:</b> a single producer: use it from the replaying thread only, and on an SPSC channel only when no
     * other thread produces into it.
     *
     * @param source  the reader of the store, to check that the codec is the store's.
     * @param channel to offer into.
     * @param codec   the store's codec.
     * @param <T>     type of the messages.
     * @return the target.
     * @throws io.sluice.persistence.StoreDirectoryException if the codec is not the store's.
     */
    public static <T> ReplayTarget objectChannel(
        final DeadLetterReader source, final ObjectChannel<? super T> channel, final Codec<T> codec)
    {
        source.requireCodec(codec);
        return new ReplayTarget()
        {
            // a record refused with BACK_PRESSURED is offered again: decode it once
            private long decodedSequence = -1;
            private T decoded;

            @Override
            public int offer(final DeadLetterRecord record)
            {
                if (record.sequence() != decodedSequence || null == decoded)
                {
                    decoded = codec.decode(record.payloadBuffer(), record.payloadOffset(), record.payloadLength());
                    decodedSequence = record.sequence();
                }
                final int result = channel.tryOffer(decoded);
                if (result > 0)
                {
                    decoded = null;
                }
                return result;
            }
        };
    }

    /**
     * Replay a binary store's records, bytes and type id as they were, into a binary channel.
     *
     * @param channel to offer into.
     * @return the target.
     * @throws IllegalArgumentException from the channel if a record's type id is 0 (an object store's record) or its
     *                                  length exceeds the channel's maximum message length.
     */
    public static ReplayTarget binaryChannel(final BinaryChannel channel)
    {
        return (record) -> channel.tryOffer(
            record.typeId(), record.payloadBuffer(), record.payloadOffset(), record.payloadLength());
    }
}
