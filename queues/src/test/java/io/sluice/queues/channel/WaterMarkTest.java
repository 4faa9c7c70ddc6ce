package io.sluice.queues.channel;

import io.sluice.queues.overflow.OverflowPolicy;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * High and low water marks: the hysteresis, isWritable, the writability listener and the unwritable counters.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WaterMarkTest
{
    private static final int CAPACITY = 10;
    private static final int HIGH = 6;
    private static final int LOW = 2;

    private final Fixture fixture = new Fixture();
    private final ListenerRecorder listener = new ListenerRecorder();

    private Harness channel(final ChannelKind kind, final OverflowPolicy policy)
    {
        final Harness harness = fixture.build(kind, fixture.builder(kind, policy)
            .capacity(CAPACITY).highWaterMark(HIGH).lowWaterMark(LOW).writabilityListener(listener));
        listener.expect(harness.channel());
        return harness;
    }

    private static void drainTo(final Harness harness, final int depth)
    {
        harness.drainToDepth(depth);
        assertEquals(depth, harness.channel().depth());
    }

    private static int fill(final Harness harness, final int from)
    {
        return harness.fillWhileWritable(from);
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldTurnUnwritableExactlyAtHighWaterMark(final ChannelKind kind)
    {
        final Harness harness = channel(kind, OverflowPolicy.FAIL_FAST);
        final Channel channel = harness.channel();

        for (int i = 0; i < HIGH; i++)
        {
            assertTrue(channel.isWritable(), "writable at depth " + i);
            assertEquals(OfferResult.ACCEPTED, harness.offer(i));
        }
        assertEquals(List.of(), listener.states(), "no transition below the high water mark");

        assertFalse(channel.isWritable(), "unwritable at depth " + HIGH);
        assertEquals(List.of(false), listener.states());
        assertEquals(List.of(Thread.currentThread()), listener.threads());
        final ChannelCounters counters = harness.counters();
        assertFalse(counters.writable());
        assertEquals(1, counters.unwritableCount());

        assertEquals(OfferResult.REJECTED, harness.offer(HIGH));
        assertFalse(channel.isWritable());
        assertEquals(List.of(false), listener.states(), "one call per transition");
        assertEquals(1, harness.counters().unwritableCount());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldTurnUnwritableOnTheOfferPastTheHighWaterMark(final ChannelKind kind)
    {
        final Harness harness = channel(kind, OverflowPolicy.DROP_NEWEST);
        for (int i = 0; i < HIGH; i++)
        {
            assertEquals(OfferResult.ACCEPTED, harness.offer(i));
        }

        assertEquals(OfferResult.DROPPED_NEWEST, harness.offer(HIGH));

        assertEquals(List.of(false), listener.states());
        assertEquals(1, harness.counters().unwritableCount());
        assertFalse(harness.counters().writable());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldTurnWritableAgainExactlyAtLowWaterMark(final ChannelKind kind)
    {
        final Harness harness = channel(kind, OverflowPolicy.FAIL_FAST);
        final Channel channel = harness.channel();
        fill(harness, 0);
        assertEquals(HIGH, channel.depth());

        for (int depth = HIGH - 1; depth > LOW; depth--)
        {
            assertEquals(1, harness.drain(1).size());
            assertEquals(depth, channel.depth());
            assertFalse(channel.isWritable(), "still unwritable at depth " + depth + " (hysteresis)");
            assertEquals(OfferResult.REJECTED, harness.offer(100 + depth), "below high but above low");
            assertEquals(OfferResult.BACK_PRESSURED, harness.tryOffer(100 + depth));
        }
        assertEquals(List.of(false), listener.states());

        assertEquals(1, harness.drain(1).size());
        assertEquals(LOW, channel.depth());
        assertEquals(List.of(false), listener.states(), "the consumer's drain does not call the listener");
        assertTrue(channel.isWritable(), "writable again at the low water mark");
        assertEquals(List.of(false, true), listener.states());
        assertEquals(List.of(Thread.currentThread(), Thread.currentThread()), listener.threads());
        assertTrue(harness.counters().writable());
        assertEquals(OfferResult.ACCEPTED, harness.offer(200));
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldTurnWritableOnTheOfferThatFindsTheLowWaterMark(final ChannelKind kind)
    {
        final Harness harness = channel(kind, OverflowPolicy.FAIL_FAST);
        fill(harness, 0);
        drainTo(harness, LOW);

        assertEquals(OfferResult.ACCEPTED, harness.offer(100));

        assertEquals(List.of(false, true), listener.states());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldCallListenerOncePerTransitionOverManyCycles(final ChannelKind kind)
    {
        final Harness harness = channel(kind, OverflowPolicy.FAIL_FAST);
        final Channel channel = harness.channel();
        final List<Boolean> expected = new ArrayList<>();
        int next = 0;

        for (int cycle = 1; cycle <= 5; cycle++)
        {
            next = fill(harness, next);
            assertFalse(channel.isWritable());
            assertEquals(OfferResult.REJECTED, harness.offer(next));
            expected.add(false);
            drainTo(harness, LOW);
            assertTrue(channel.isWritable());
            assertTrue(channel.isWritable());
            expected.add(true);
            assertEquals(expected, listener.states(), "cycle " + cycle);
            assertEquals(cycle, harness.counters().unwritableCount());
        }
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldCallListenerOnTheProducerThread(final ChannelKind kind)
    {
        final Harness harness = channel(kind, OverflowPolicy.FAIL_FAST);
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        final Thread producer = new Thread(() ->
        {
            try
            {
                for (int i = 0; i <= HIGH; i++)
                {
                    harness.offer(i);
                }
            }
            catch (final Throwable ex)
            {
                failure.set(ex);
            }
        }, "producer");
        producer.setDaemon(true);
        producer.start();
        Await.join(producer);
        assertNull(failure.get());
        assertEquals(List.of(false), listener.states());
        assertEquals(List.of(producer), listener.threads());

        // the consumer (this thread) drains: no call, since nobody produced since
        drainTo(harness, 0);
        assertEquals(List.of(false), listener.states());

        final Thread secondProducer = new Thread(() -> harness.channel().isWritable(), "second-producer");
        secondProducer.setDaemon(true);
        secondProducer.start();
        Await.join(secondProducer);
        assertEquals(List.of(false, true), listener.states());
        assertEquals(List.of(producer, secondProducer), listener.threads());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldCountTimeUnwritableWithTheChannelClock(final ChannelKind kind)
    {
        final Harness harness = channel(kind, OverflowPolicy.FAIL_FAST);
        final Channel channel = harness.channel();
        int next = fill(harness, 0);
        assertEquals(0, harness.counters().unwritableNanos());

        fixture.clock.advance(250);
        assertEquals(250, harness.counters().unwritableNanos(), "the current episode counts");
        drainTo(harness, LOW);
        fixture.clock.advance(50);
        assertEquals(300, harness.counters().unwritableNanos(), "unwritable until a producer sees the low mark");
        assertTrue(channel.isWritable());
        fixture.clock.advance(1_000);
        assertEquals(300, harness.counters().unwritableNanos(), "writable time is not counted");

        next = fill(harness, next);
        fixture.clock.advance(40);
        drainTo(harness, LOW);
        assertTrue(channel.isWritable());
        fixture.clock.advance(10_000);

        final ChannelCounters counters = harness.counters();
        assertEquals(340, counters.unwritableNanos());
        assertEquals(2, counters.unwritableCount());
        assertTrue(next > HIGH);
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldStopCountingUnwritableTimeAtClose(final ChannelKind kind)
    {
        final Harness harness = channel(kind, OverflowPolicy.FAIL_FAST);
        fill(harness, 0);
        fixture.clock.advance(100);

        harness.channel().close();
        fixture.clock.advance(500);

        assertEquals(100, harness.counters().unwritableNanos());
        assertFalse(harness.channel().isWritable());
        assertFalse(harness.counters().writable());
    }

    @ParameterizedTest
    @EnumSource(value = ChannelKind.class, names = { "OBJECT_SPSC", "BINARY_SPSC" })
    void shouldStopCountingUnwritableTimeWhenListenerClosesTheChannel(final ChannelKind kind)
    {
        assertListenerCloseStopsTheClock(kind);
    }

    @ParameterizedTest
    @EnumSource(value = ChannelKind.class, names = { "OBJECT_MPSC", "BINARY_MPSC" })
    void shouldStopCountingUnwritableTimeWhenListenerClosesMultiProducerChannel(final ChannelKind kind)
    {
        assertListenerCloseStopsTheClock(kind);
    }

    private void assertListenerCloseStopsTheClock(final ChannelKind kind)
    {
        final Harness harness = fixture.build(kind, fixture.builder(kind, OverflowPolicy.FAIL_FAST)
            .capacity(CAPACITY).highWaterMark(HIGH).lowWaterMark(LOW)
            .writabilityListener((channel, writable) ->
            {
                if (!writable)
                {
                    channel.close();
                }
            }));
        for (int i = 0; i < HIGH; i++)
        {
            assertEquals(OfferResult.ACCEPTED, harness.offer(i));
        }

        assertEquals(OfferResult.CLOSED, harness.offer(HIGH));
        assertTrue(harness.channel().isClosed());
        fixture.clock.advance(500);

        final ChannelCounters counters = harness.counters();
        assertEquals(1, counters.unwritableCount());
        assertEquals(0, counters.unwritableNanos(), "closed at the instant it turned unwritable");
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldLetListenerCallProducerMethods(final ChannelKind kind)
    {
        final List<Integer> codes = new ArrayList<>();
        final AtomicReference<Harness> self = new AtomicReference<>();
        final Harness harness = fixture.build(kind, fixture.builder(kind, OverflowPolicy.FAIL_FAST)
            .capacity(CAPACITY).highWaterMark(HIGH).lowWaterMark(LOW)
            .writabilityListener((channel, writable) -> codes.add(writable ?
                self.get().offer(1000) : self.get().tryOffer(1001))));
        self.set(harness);

        fill(harness, 0);
        assertEquals(List.of(OfferResult.BACK_PRESSURED), codes);
        drainTo(harness, 0);
        assertTrue(harness.channel().isWritable());
        assertEquals(List.of(OfferResult.BACK_PRESSURED, OfferResult.ACCEPTED), codes);

        assertEquals(List.of(1000), harness.drainAll());
        assertTrue(harness.counters().isConserved());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldReplaceListenerSetOnChannel(final ChannelKind kind)
    {
        final Harness harness = channel(kind, OverflowPolicy.FAIL_FAST);
        final ListenerRecorder replacement = new ListenerRecorder();
        harness.channel().writabilityListener(replacement);

        int next = fill(harness, 0);
        drainTo(harness, LOW);
        assertTrue(harness.channel().isWritable());
        assertEquals(List.of(), listener.states());
        assertEquals(List.of(false, true), replacement.states());

        harness.channel().writabilityListener(null);
        next = fill(harness, next);
        drainTo(harness, LOW);
        assertTrue(harness.channel().isWritable());
        assertEquals(List.of(false, true), replacement.states());
        assertEquals(2, harness.counters().unwritableCount());
        assertTrue(next > HIGH);
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldKeepDepthAtHighWaterMarkWhileDroppingOldest(final ChannelKind kind)
    {
        final Harness harness = channel(kind, OverflowPolicy.DROP_OLDEST);
        final Channel channel = harness.channel();
        for (int i = 0; i < 3 * CAPACITY; i++)
        {
            harness.offer(i);
            assertTrue(channel.depth() <= HIGH, "depth " + channel.depth() + " after offer " + i);
        }

        assertFalse(channel.isWritable());
        assertEquals(HIGH, channel.depth());
        assertEquals(List.of(false), listener.states());
    }
}
