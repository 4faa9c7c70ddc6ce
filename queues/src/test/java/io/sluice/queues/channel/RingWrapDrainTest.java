package io.sluice.queues.channel;

import io.sluice.queues.overflow.OverflowPolicy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A ring channel's drain delivers whenever a message is waiting, also when the ring's head sits on the padding
 * record before the wrap (Agrona reads one contiguous block per call), so a consumer that idles on a zero work
 * count never idles with work waiting.
 */
class RingWrapDrainTest
{
    @ParameterizedTest
    @EnumSource(value = ChannelKind.class, names = { "BINARY_SPSC", "BINARY_MPSC" })
    void shouldDeliverWheneverAMessageIsWaitingAcrossWraps(final ChannelKind kind)
    {
        final BinaryChannel channel = ChannelBuilder.channel("wrap").kind(kind).capacity(4).maxMessageLength(40)
            .policy(OverflowPolicy.FAIL_FAST).buildBinaryChannel();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[40]);
        final SplittableRandom random = new SplittableRandom(3);
        final ChannelCounters counters = new ChannelCounters();
        long next = 0;
        long expected = 0;
        for (int round = 0; round < 20_000; round++)
        {
            final int offers = random.nextInt(0, 4);
            for (int i = 0; i < offers; i++)
            {
                buffer.putLong(0, next);
                if (channel.offer(1, buffer, 0, 8 + random.nextInt(0, 33)) == OfferResult.ACCEPTED)
                {
                    next++;
                }
            }
            final boolean waiting = channel.counters(counters).depth() > 0;
            final long[] seen = {expected};
            final int delivered = channel.drain((t, b, o, l) -> assertEquals(seen[0]++, b.getLong(o)),
                random.nextInt(1, 3));
            expected = seen[0];
            if (waiting)
            {
                assertTrue(delivered > 0, "round " + round + ": drain delivered nothing with messages waiting");
            }
        }
        assertTrue(channel.counters(counters).isConserved());
    }
}
