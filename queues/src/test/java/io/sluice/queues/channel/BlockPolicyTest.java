package io.sluice.queues.channel;

import io.sluice.queues.overflow.OverflowPolicy;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BLOCK: a blocked producer waits with its idle strategy until a consumer makes room, a credit arrives, the channel
 * closes, or the deadline on the channel's clock passes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BlockPolicyTest
{
    private static final int CAPACITY = 4;
    private static final int HIGH = 4;
    private static final int LOW = 2;
    private static final int UNSET = Integer.MIN_VALUE;

    /**
     * A producer thread blocked in one call, whose result the test reads once it returns.
     */
    private static final class BlockedProducer
    {
        final AtomicInteger result = new AtomicInteger(UNSET);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread thread;

        BlockedProducer(final IntSupplier call)
        {
            thread = new Thread(() ->
            {
                try
                {
                    result.set(call.getAsInt());
                }
                catch (final Throwable ex)
                {
                    failure.set(ex);
                }
            }, "blocked-producer");
            thread.setDaemon(true);
            thread.start();
        }

        int await()
        {
            Await.join(thread);
            assertNull(failure.get());
            return result.get();
        }
    }

    private static Harness fullChannel(final Fixture fixture, final ChannelKind kind)
    {
        final Harness harness = fixture.channel(kind, OverflowPolicy.BLOCK, CAPACITY, HIGH, LOW);
        for (int i = 0; i < HIGH; i++)
        {
            assertEquals(OfferResult.ACCEPTED, harness.offer(i));
        }
        return harness;
    }

    private static void awaitBlocked(final Fixture fixture, final BlockedProducer producer)
    {
        final long idlesBefore = fixture.idleStrategy.idles();
        Await.until("the producer to idle", () -> fixture.idleStrategy.idles() > idlesBefore + 10);
        assertEquals(UNSET, producer.result.get(), "the producer must still be blocked");
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldReleaseBlockedProducerWhenConsumerThreadDrains(final ChannelKind kind)
    {
        final Fixture fixture = new Fixture(0);
        final Harness harness = fullChannel(fixture, kind);
        final BlockedProducer producer = new BlockedProducer(() -> harness.offer(HIGH));
        awaitBlocked(fixture, producer);

        final List<Integer> delivered = new ArrayList<>();
        final Thread consumer = new Thread(() ->
        {
            final long deadline = System.nanoTime() + Await.DEFAULT_TIMEOUT_NS;
            while (delivered.size() < HIGH + 1 && System.nanoTime() - deadline < 0)
            {
                if (harness.drain(1, delivered::add) == 0)
                {
                    Thread.yield();
                }
            }
        }, "consumer");
        consumer.setDaemon(true);
        consumer.start();

        assertEquals(OfferResult.ACCEPTED, producer.await());
        Await.join(consumer);
        assertEquals(List.of(0, 1, 2, 3, 4), delivered);
        final ChannelCounters counters = harness.counters();
        assertEquals(0, counters.timedOut());
        assertEquals(HIGH + 1, counters.accepted());
        assertTrue(counters.isConserved());
    }

    @ParameterizedTest
    @EnumSource(value = ChannelKind.class, names = { "BINARY_SPSC", "BINARY_MPSC" })
    void shouldReleaseBlockedClaimWhenConsumerDrains(final ChannelKind kind)
    {
        final Fixture fixture = new Fixture(0);
        final Harness harness = fullChannel(fixture, kind);
        final MessageProducer claimer = harness.producer();
        final BlockedProducer producer = new BlockedProducer(() -> claimer.claimAndCommit(HIGH, false));
        awaitBlocked(fixture, producer);

        final List<Integer> delivered = new ArrayList<>(harness.drainToDepth(LOW));

        assertEquals(OfferResult.ACCEPTED, producer.await());
        delivered.addAll(harness.drainAll());
        assertEquals(List.of(0, 1, 2, 3, 4), delivered);
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldTimeOutAtTheDeadlineOnTheChannelClockWhenNobodyDrains(final ChannelKind kind)
    {
        final Fixture fixture = new Fixture();
        final Harness harness = fullChannel(fixture, kind);

        for (int attempt = 1; attempt <= 3; attempt++)
        {
            final long before = fixture.clock.nanoTime();
            final long idlesBefore = fixture.idleStrategy.idles();

            assertEquals(OfferResult.TIMED_OUT, harness.offer(100 + attempt));

            final long waited = fixture.clock.nanoTime() - before;
            assertTrue(waited >= Fixture.BLOCK_TIMEOUT_NS && waited <= Fixture.BLOCK_TIMEOUT_NS +
                Fixture.IDLE_STEP_NS, "timed out after " + waited + "ns");
            assertEquals(waited / Fixture.IDLE_STEP_NS, fixture.idleStrategy.idles() - idlesBefore,
                "waited with the idle strategy");
            assertEquals(attempt, harness.counters().timedOut());
        }

        final ChannelCounters counters = harness.counters();
        assertEquals(HIGH + 3, counters.offered());
        assertEquals(List.of(0, 1, 2, 3), harness.drainAll());
        assertTrue(harness.counters().isConserved());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldReleaseBlockedProducerWhenCreditIsGranted(final ChannelKind kind)
    {
        final Fixture fixture = new Fixture(0);
        final Harness harness = fixture.build(kind, fixture.builder(kind, OverflowPolicy.BLOCK)
            .capacity(CAPACITY).creditMode(CreditMode.MANUAL));
        final BlockedProducer producer = new BlockedProducer(() -> harness.offer(7));
        awaitBlocked(fixture, producer);

        harness.channel().request(1);

        assertEquals(OfferResult.ACCEPTED, producer.await());
        assertEquals(List.of(7), harness.drainAll());
        assertEquals(0, harness.channel().credits());
    }

    @ParameterizedTest
    @EnumSource(value = ChannelKind.class, names = { "OBJECT_MPSC", "BINARY_MPSC" })
    void shouldReturnClosedWhenAnotherProducerClosesWhileBlocked(final ChannelKind kind)
    {
        final Fixture fixture = new Fixture(0);
        final Harness harness = fullChannel(fixture, kind);
        final BlockedProducer producer = new BlockedProducer(() -> harness.offer(HIGH));
        awaitBlocked(fixture, producer);

        harness.channel().close();

        assertEquals(OfferResult.CLOSED, producer.await());
        final ChannelCounters counters = harness.counters();
        assertEquals(HIGH, counters.offered(), "CLOSED is not an offer");
        assertEquals(0, counters.timedOut());
        assertEquals(List.of(0, 1, 2, 3), harness.drainAll());
        assertTrue(harness.channel().isEndOfStream());
    }
}
