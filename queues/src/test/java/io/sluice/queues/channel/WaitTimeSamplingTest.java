package io.sluice.queues.channel;

import io.sluice.queues.overflow.OverflowPolicy;
import org.agrona.collections.LongArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Wait-time sampling: the time from a sampled reservation to its delivery, one message in n, on every kind and
 * policy, with a clock the test moves.
 */
class WaitTimeSamplingTest
{
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.sluice.queues.channel.Parameters#kindsAndPolicies")
    void shouldTimeEverySampledMessageFromOfferToDelivery(final ChannelKind kind, final OverflowPolicy policy)
    {
        final Fixture fixture = new Fixture();
        final LongArrayList samples = new LongArrayList();
        final Harness channel = fixture.build(kind, fixture.builder(kind, policy).capacity(64).highWaterMark(64)
            .lowWaterMark(32).waitTimeSampling(4, samples::addLong));

        // message i is offered at START + i * 10; all 32 are delivered at START + 1000
        for (int i = 0; i < 32; i++)
        {
            assertEquals(OfferResult.ACCEPTED, channel.offer(i));
            fixture.clock.advance(10);
        }
        fixture.clock.advance(1000 - 320);
        final int[] taken = {0};
        while (taken[0] < 32)
        {
            final int before = taken[0];
            channel.drain(5, (value) -> taken[0]++);
            assertTrue(taken[0] > before, "drain delivered nothing");
        }

        // sampled: reservations 0, 4, 8, ... 28 -> waits 1000, 960, ... 720
        assertEquals(8, samples.size(), samples.toString());
        for (int s = 0; s < 8; s++)
        {
            assertEquals(1000 - 40L * s, samples.getLong(s), samples.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = ChannelKind.class, names = {"OBJECT_SPSC", "OBJECT_MPSC"})
    void shouldSampleSingleMessagePolls(final ChannelKind kind)
    {
        final Fixture fixture = new Fixture();
        final LongArrayList samples = new LongArrayList();
        final Harness channel = fixture.build(kind, fixture.builder(kind, OverflowPolicy.FAIL_FAST).capacity(8)
            .waitTimeSampling(2, samples::addLong));
        for (int round = 0; round < 10; round++)
        {
            channel.offer(round);
            fixture.clock.advance(7 + round);
            assertEquals(1, channel.pollOne((value) ->
            {
            }));
        }
        assertEquals(5, samples.size(), samples.toString());
        assertEquals(7, samples.getLong(0));
        assertEquals(9, samples.getLong(1));
        assertEquals(15, samples.getLong(4));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ChannelKind.class)
    void shouldNeverSampleWhenOff(final ChannelKind kind)
    {
        final Fixture fixture = new Fixture();
        final Harness channel = fixture.channel(kind, OverflowPolicy.FAIL_FAST, 16, 16, 8);
        for (int i = 0; i < 100; i++)
        {
            channel.offer(i);
            fixture.clock.advance(1);
            channel.drain(1, (value) ->
            {
            });
        }
        assertEquals(100, channel.channel().counters(new ChannelCounters()).delivered());
    }

    @Test
    void shouldGiveAnUpperBoundAfterDropOldestEvictions()
    {
        final Fixture fixture = new Fixture();
        final LongArrayList samples = new LongArrayList();
        final Harness channel = fixture.build(ChannelKind.OBJECT_SPSC, fixture.builder(ChannelKind.OBJECT_SPSC,
            OverflowPolicy.DROP_OLDEST).capacity(4).highWaterMark(4).lowWaterMark(2)
            .waitTimeSampling(1, samples::addLong));
        for (int i = 0; i < 6; i++)
        {
            channel.offer(i);
            fixture.clock.advance(100);
        }
        // 0 and 1 were evicted; 2..5 were offered at +200..+500 and are delivered at +600
        final int[] taken = {0};
        channel.drain(10, (value) -> taken[0]++);
        assertEquals(4, taken[0]);
        assertEquals(4, samples.size(), samples.toString());
        assertEquals(400, samples.getLong(0));
        assertEquals(100, samples.getLong(3));
    }

    @Test
    void shouldRejectBadSettingsNamingThem()
    {
        final ChannelBuilder<Integer> builder = ChannelBuilder.channel("c");
        final WaitTimeRecorder ignore = (nanos) ->
        {
        };
        final String allowed = " is not allowed; allowed 0 (off) or a power of two from 1 to 1048576";
        final IllegalArgumentException three =
            assertThrows(IllegalArgumentException.class, () -> builder.waitTimeSampling(3, ignore));
        assertEquals("channel 'c': waitTimeSampling=3" + allowed, three.getMessage());
        final IllegalArgumentException large =
            assertThrows(IllegalArgumentException.class, () -> builder.waitTimeSampling(1 << 21, ignore));
        assertEquals("channel 'c': waitTimeSampling=2097152" + allowed, large.getMessage());
        assertEquals("channel 'c': waitTimeRecorder=null is not allowed; allowed a recorder when waitTimeSampling=8",
            assertThrows(IllegalArgumentException.class, () -> builder.waitTimeSampling(8, null)).getMessage());
    }
}
