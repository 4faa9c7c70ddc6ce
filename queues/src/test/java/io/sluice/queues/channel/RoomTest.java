package io.sluice.queues.channel;

import io.sluice.queues.overflow.OverflowPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * room(): what offers accept now without the policy, across the hysteresis, credits, spilling and close.
 */
class RoomTest
{
    private static final int CAPACITY = 10;
    private static final int HIGH = 6;
    private static final int LOW = 2;

    private final Fixture fixture = new Fixture();

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldShrinkToZeroAtHighWaterMarkAndReopenOnlyAtLowWaterMark(final ChannelKind kind)
    {
        final Harness harness = fixture.build(kind, fixture.builder(kind, OverflowPolicy.FAIL_FAST)
            .capacity(CAPACITY).highWaterMark(HIGH).lowWaterMark(LOW));
        final Channel channel = harness.channel();

        for (int i = 0; i < HIGH; i++)
        {
            assertEquals(HIGH - i, channel.room(), "room at depth " + i);
            assertEquals(OfferResult.ACCEPTED, harness.offer(i));
        }
        assertEquals(0, channel.room(), "room at the high water mark");

        harness.drainToDepth(LOW + 1);
        assertEquals(0, channel.room(), "still unwritable above the low water mark");
        harness.drainToDepth(LOW);
        assertEquals(HIGH - LOW, channel.room(), "writable again at the low water mark");

        channel.close();
        assertEquals(0, channel.room(), "no room once closed");
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldBeBoundedByManualCredits(final ChannelKind kind)
    {
        final Harness harness = fixture.build(kind, fixture.builder(kind, OverflowPolicy.FAIL_FAST)
            .capacity(CAPACITY).highWaterMark(HIGH).lowWaterMark(LOW).creditMode(CreditMode.MANUAL)
            .initialCredits(0));
        final Channel channel = harness.channel();

        assertEquals(0, channel.room(), "no credit, no room");
        channel.request(3);
        assertEquals(3, channel.room(), "credits below the high water mark bound the room");
        assertEquals(OfferResult.ACCEPTED, harness.offer(0));
        assertEquals(2, channel.room());
    }

    @Test
    void shouldBeZeroWhileSpilling()
    {
        final ChannelKind kind = ChannelKind.OBJECT_SPSC;
        final Harness harness = fixture.build(kind, fixture.builder(kind, OverflowPolicy.SPILL)
            .capacity(CAPACITY).highWaterMark(HIGH).lowWaterMark(LOW));
        final Channel channel = harness.channel();
        for (int i = 0; i <= HIGH; i++)
        {
            harness.offer(i);
        }
        assertEquals(1, harness.counters().spilled(), "the offer past the high water mark spilled");
        harness.drainToDepth(0);
        assertEquals(0, channel.room(), "a spilled message is pending: new messages must queue behind it");
    }
}
