package io.sluice.queues.channel;

import io.sluice.queues.overflow.OverflowPolicy;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The consumer side: limits, polls, and a handler that throws (the message counts as delivered, is not handed over
 * again, and nothing behind it is lost).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DrainTest
{
    private static final int CAPACITY = 8;
    private static final int HIGH = 4;
    private static final int LOW = 2;

    private final Fixture fixture = new Fixture();

    private static final class Boom extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        Boom(final int value)
        {
            super("handler failed on " + value);
        }
    }

    @ParameterizedTest
    @MethodSource("io.sluice.queues.channel.Parameters#kindsAndPolicies")
    void shouldHandNoMoreThanTheLimit(final ChannelKind kind, final OverflowPolicy policy)
    {
        final Harness harness = fixture.channel(kind, policy, CAPACITY, HIGH, LOW);
        for (int i = 0; i < HIGH; i++)
        {
            assertEquals(OfferResult.ACCEPTED, harness.offer(i));
        }

        assertEquals(List.of(), harness.drain(0));
        assertEquals(List.of(0, 1), harness.drain(2));
        assertEquals(List.of(2), harness.drain(1));
        assertEquals(List.of(3), harness.drain(100));
        assertEquals(List.of(), harness.drain(100));
        assertEquals(HIGH, harness.counters().delivered());
    }

    @ParameterizedTest
    @EnumSource(value = ChannelKind.class, names = { "OBJECT_SPSC", "OBJECT_MPSC" })
    void shouldPollInOrderAndReturnNullWhenEmpty(final ChannelKind kind)
    {
        final ObjectChannel<Integer> channel = fixture.channel(kind, OverflowPolicy.SPILL, CAPACITY, HIGH, LOW)
            .objectChannel();
        assertNull(channel.poll());
        final Integer[] messages = new Integer[6];
        for (int i = 0; i < messages.length; i++)
        {
            messages[i] = 1000 + i;
            assertTrue(OfferResult.isOnItsWay(channel.offer(messages[i])));
        }

        for (final Integer message : messages)
        {
            assertSame(message, channel.poll(), "the very object offered, in order, from memory then spill");
        }
        assertNull(channel.poll());
        final ChannelCounters counters = channel.counters(new ChannelCounters());
        assertEquals(HIGH, counters.deliveredFromMemory());
        assertEquals(messages.length - HIGH, counters.deliveredFromSpill());
    }

    @ParameterizedTest
    @MethodSource("io.sluice.queues.channel.Parameters#kindsAndPolicies")
    void shouldCountMessageAsDeliveredWhenHandlerThrows(final ChannelKind kind, final OverflowPolicy policy)
    {
        final Harness harness = fixture.channel(kind, policy, CAPACITY, HIGH, LOW);
        final Ledger ledger = new Ledger();
        for (int i = 0; i < HIGH + 2; i++)
        {
            ledger.record(i, harness.offer(i));
        }
        final List<Integer> expected = new ArrayList<>();
        // under DROP_OLDEST the oldest ones were dropped to make room: they are not expected
        for (int i = (int)harness.counters().droppedOldest(); i < ledger.onItsWay.size(); i++)
        {
            expected.add(ledger.onItsWay.getInt(i));
        }
        final int failOn = expected.get(1);
        final int failOnSpilled = policy == OverflowPolicy.SPILL ? expected.get(expected.size() - 1) : -1;

        final List<Integer> seen = new ArrayList<>();
        final Boom boom = assertThrows(Boom.class, () -> harness.drain(100, (value) ->
        {
            seen.add(value);
            if (value == failOn)
            {
                throw new Boom(value);
            }
        }));
        assertTrue(boom.getMessage().endsWith(" " + failOn));
        assertEquals(expected.subList(0, 2), seen);
        assertEquals(2, harness.counters().delivered(), "the message whose handler threw was delivered");

        for (int round = 0; round < Harness.DRAIN_ALL_ROUNDS && seen.size() < expected.size(); round++)
        {
            try
            {
                harness.drain(100, (value) ->
                {
                    seen.add(value);
                    if (value == failOnSpilled)
                    {
                        throw new Boom(value);
                    }
                });
            }
            catch (final Boom ex)
            {
                assertEquals(failOnSpilled, seen.get(seen.size() - 1));
            }
        }

        assertEquals(expected, seen, "nothing handed over twice, nothing lost");
        final ChannelCounters counters = harness.counters();
        ledger.assertMatches(counters, seen.size(), kind + " " + policy);
        assertEquals(0, counters.depth());
    }
}
