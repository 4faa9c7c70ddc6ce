package io.sluice.queues.channel;

import io.sluice.queues.overflow.OverflowPolicy;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Credits: automatic grants in batches, manual request(n), and a producer without credit treated exactly like an
 * unwritable channel.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CreditTest
{
    private final Fixture fixture = new Fixture();

    private Harness manual(final ChannelKind kind, final OverflowPolicy policy, final long initialCredits)
    {
        return fixture.build(kind, fixture.builder(kind, policy).capacity(8).highWaterMark(8).lowWaterMark(4)
            .creditMode(CreditMode.MANUAL).initialCredits(initialCredits));
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldReplenishAutomaticCreditsInBatchesNotOneByOne(final ChannelKind kind)
    {
        final Harness harness = fixture.build(kind, fixture.builder(kind, OverflowPolicy.FAIL_FAST)
            .capacity(16).highWaterMark(16).lowWaterMark(8).creditWindow(6).creditBatch(3));
        final Channel channel = harness.channel();
        assertEquals(6, channel.credits());

        for (int i = 0; i < 6; i++)
        {
            assertEquals(OfferResult.ACCEPTED, harness.offer(i));
            assertEquals(5 - i, channel.credits());
        }
        assertEquals(OfferResult.REJECTED, harness.offer(6), "out of credit although far below the high mark");
        assertFalse(channel.isWritable());

        assertEquals(List.of(0), harness.drain(1));
        assertEquals(0, channel.credits(), "no grant before a whole batch is delivered");
        assertEquals(List.of(1), harness.drain(1));
        assertEquals(0, channel.credits(), "no grant before a whole batch is delivered");
        assertEquals(List.of(2), harness.drain(1));
        assertEquals(3, channel.credits(), "a batch delivered tops the grant up to the window beyond delivered");

        assertTrue(channel.isWritable());
        assertEquals(OfferResult.ACCEPTED, harness.offer(7));
        assertEquals(2, channel.credits());

        assertEquals(List.of(3, 4, 5, 7), harness.drain(10));
        // delivered 7 since the last grant at 3: one grant, to 7 + 6, of which 3 .. 7 are spent
        assertEquals(7 + 6 - 7, channel.credits());
        final ChannelCounters counters = harness.counters();
        assertEquals(13, counters.creditLimit());
        assertEquals(channel.credits(), counters.credits());
        assertTrue(counters.isConserved());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldLetWaterMarksDecideWithDefaultAutomaticCredits(final ChannelKind kind)
    {
        final Harness harness = fixture.build(kind, fixture.builder(kind, OverflowPolicy.FAIL_FAST)
            .capacity(8).highWaterMark(6).lowWaterMark(3));
        int next = 0;
        for (int round = 0; round < 20; round++)
        {
            next = harness.fillWhileWritable(next);
            assertEquals(6, harness.channel().depth(), "the high water mark, not the credits, stops the producer");
            assertTrue(harness.channel().credits() > 0);
            harness.drainToDepth(3);
        }
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldSpendInitialAndRequestedCreditsInManualMode(final ChannelKind kind)
    {
        final Harness harness = manual(kind, OverflowPolicy.FAIL_FAST, 3);
        final Channel channel = harness.channel();
        assertEquals(3, channel.credits());

        for (int i = 0; i < 3; i++)
        {
            assertTrue(channel.isWritable());
            assertEquals(OfferResult.ACCEPTED, harness.offer(i));
        }
        assertEquals(0, channel.credits());
        assertFalse(channel.isWritable());
        assertEquals(OfferResult.REJECTED, harness.offer(3));

        assertEquals(List.of(0, 1, 2), harness.drain(10));
        assertEquals(0, channel.credits(), "draining grants nothing in MANUAL mode");
        assertEquals(OfferResult.REJECTED, harness.offer(4));

        channel.request(2);
        assertEquals(2, channel.credits());
        assertTrue(channel.isWritable());
        assertEquals(OfferResult.ACCEPTED, harness.offer(5));
        assertEquals(OfferResult.ACCEPTED, harness.offer(6));
        assertEquals(OfferResult.REJECTED, harness.offer(7));
        assertEquals(List.of(5, 6), harness.drainAll());

        final ChannelCounters counters = harness.counters();
        assertEquals(5, counters.creditLimit());
        assertEquals(3, counters.rejected());
        assertTrue(counters.isConserved());
    }

    @ParameterizedTest
    @MethodSource("io.sluice.queues.channel.Parameters#kindsAndPolicies")
    void shouldApplyPolicyToProducerWithoutCredit(final ChannelKind kind, final OverflowPolicy policy)
    {
        final Harness harness = manual(kind, policy, 0);
        final ListenerRecorder listener = new ListenerRecorder();
        harness.channel().writabilityListener(listener);

        assertEquals(OfferResult.BACK_PRESSURED, harness.tryOffer(0));
        assertFalse(harness.channel().isWritable());
        assertEquals(List.of(false), listener.states(), "out of credit is unwritable");

        final int expected;
        switch (policy)
        {
            case FAIL_FAST:
                expected = OfferResult.REJECTED;
                break;

            case DROP_NEWEST:
            case DROP_OLDEST:
                // DROP_OLDEST with nothing queued to drop
                expected = OfferResult.DROPPED_NEWEST;
                break;

            case SHED:
                expected = OfferResult.SHED;
                break;

            case SPILL:
                expected = OfferResult.SPILLED;
                break;

            case BLOCK:
                expected = OfferResult.TIMED_OUT;
                break;

            default:
                throw new IllegalStateException(policy.name());
        }
        assertEquals(expected, harness.offer(1));
        if (harness.isBinary())
        {
            assertEquals(expected, harness.claimAndCommit(2, false));
            assertEquals(OfferResult.BACK_PRESSURED, harness.claimAndCommit(3, true));
        }

        final ChannelCounters counters = harness.counters();
        assertEquals(0, counters.accepted());
        assertEquals(harness.isBinary() ? 2 : 1, counters.offered());
        assertEquals(harness.isBinary() ? 2 : 1, counters.backPressured());
        assertTrue(counters.isConserved());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldAcceptAgainOnceCreditIsGranted(final ChannelKind kind)
    {
        final Harness harness = manual(kind, OverflowPolicy.DROP_NEWEST, 0);
        assertEquals(OfferResult.DROPPED_NEWEST, harness.offer(0));

        harness.channel().request(1);

        assertEquals(OfferResult.ACCEPTED, harness.offer(1));
        assertEquals(OfferResult.DROPPED_NEWEST, harness.offer(2));
        assertEquals(List.of(1), harness.drainAll());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldDropOldestToMakeRoomWhenOutOfCredit(final ChannelKind kind)
    {
        final Harness harness = manual(kind, OverflowPolicy.DROP_OLDEST, 2);
        assertEquals(OfferResult.ACCEPTED, harness.offer(0));
        assertEquals(OfferResult.ACCEPTED, harness.offer(1));

        assertEquals(OfferResult.ACCEPTED_DROPPED_OLDEST, harness.offer(2));

        assertEquals(0, harness.channel().credits());
        assertEquals(1, harness.counters().droppedOldest());
        assertEquals(List.of(1, 2), harness.drainAll());
        assertTrue(harness.counters().isConserved());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldStayUnwritableAfterGrantUntilLowWaterMark(final ChannelKind kind)
    {
        final Harness harness = manual(kind, OverflowPolicy.FAIL_FAST, 6);
        for (int i = 0; i < 6; i++)
        {
            assertEquals(OfferResult.ACCEPTED, harness.offer(i));
        }
        assertFalse(harness.channel().isWritable());

        harness.channel().request(10);
        assertFalse(harness.channel().isWritable(), "depth 6 is above the low water mark 4");
        harness.drain(2);
        assertTrue(harness.channel().isWritable(), "at the low water mark and in credit");
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldRefuseRequestInAutoMode(final ChannelKind kind)
    {
        final Channel channel = fixture.channel(kind, OverflowPolicy.FAIL_FAST, 8, 8, 4).channel();
        final long credits = channel.credits();

        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> channel.request(1));

        assertTrue(ex.getMessage().contains("'" + channel.name() + "'"), ex.getMessage());
        assertTrue(ex.getMessage().contains("MANUAL"), ex.getMessage());
        assertEquals(credits, channel.credits());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldRefuseRequestOfLessThanOne(final ChannelKind kind)
    {
        final Channel channel = manual(kind, OverflowPolicy.FAIL_FAST, 5).channel();

        for (final long n : new long[]{ 0, -1, Long.MIN_VALUE })
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> channel.request(n));
            assertTrue(ex.getMessage().contains("'" + channel.name() + "'"), ex.getMessage());
            assertTrue(ex.getMessage().contains("n=" + n), ex.getMessage());
            assertTrue(ex.getMessage().contains("1.." + Long.MAX_VALUE), ex.getMessage());
        }
        assertEquals(5, channel.credits());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldSaturateGrantsAtMaxCreditLimit(final ChannelKind kind)
    {
        final Harness harness = manual(kind, OverflowPolicy.FAIL_FAST, Channel.MAX_CREDIT_LIMIT - 1);

        harness.channel().request(Long.MAX_VALUE);
        assertEquals(Channel.MAX_CREDIT_LIMIT, harness.channel().credits());
        harness.channel().request(1);
        assertEquals(Channel.MAX_CREDIT_LIMIT, harness.channel().credits());
        assertEquals(OfferResult.ACCEPTED, harness.offer(0));
        assertEquals(Channel.MAX_CREDIT_LIMIT - 1, harness.channel().credits());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldReadCreditsAndDepthFromAnotherThread(final ChannelKind kind)
    {
        final Harness harness = manual(kind, OverflowPolicy.FAIL_FAST, 5);
        assertEquals(OfferResult.ACCEPTED, harness.offer(0));
        assertEquals(OfferResult.ACCEPTED, harness.offer(1));
        final AtomicLong credits = new AtomicLong(-1);
        final AtomicLong depth = new AtomicLong(-1);

        final Thread reader = new Thread(() ->
        {
            credits.set(harness.channel().credits());
            depth.set(harness.channel().depth());
        }, "reader");
        reader.setDaemon(true);
        reader.start();
        Await.join(reader);

        assertEquals(3, credits.get());
        assertEquals(2, depth.get());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldReadSaneCreditsAndDepthFromAnotherThreadWhileMessagesMove(final ChannelKind kind)
    {
        final int messages = 20_000;
        final Harness harness = manual(kind, OverflowPolicy.FAIL_FAST, 8);
        final AtomicBoolean done = new AtomicBoolean();
        final AtomicReference<String> insane = new AtomicReference<>();
        final AtomicLong samples = new AtomicLong();

        final Thread reader = new Thread(() ->
        {
            while (!done.get())
            {
                final long credits = harness.channel().credits();
                final long depth = harness.channel().depth();
                if (credits < 0 || depth < 0 || depth > 8)
                {
                    insane.compareAndSet(null, "credits=" + credits + " depth=" + depth);
                }
                samples.incrementAndGet();
                Thread.yield();
            }
        }, "reader");
        final Thread consumer = new Thread(() ->
        {
            int seen = 0;
            while (seen < messages && !done.get())
            {
                final int drained = harness.drain(4, (v) -> { });
                if (drained > 0)
                {
                    seen += drained;
                    harness.channel().request(drained);
                }
                else
                {
                    Thread.yield();
                }
            }
        }, "consumer");
        reader.setDaemon(true);
        consumer.setDaemon(true);
        reader.start();
        consumer.start();

        final List<Integer> refusedAt = new ArrayList<>();
        try
        {
            int sent = 0;
            final long deadline = System.nanoTime() + Await.DEFAULT_TIMEOUT_NS;
            while (sent < messages && System.nanoTime() - deadline < 0)
            {
                if (harness.tryOffer(sent) == OfferResult.ACCEPTED)
                {
                    sent++;
                }
                else
                {
                    refusedAt.add(sent);
                    Thread.yield();
                }
            }
            assertEquals(messages, sent, "producer did not finish in time");
            Await.join(consumer);
        }
        finally
        {
            done.set(true);
        }
        Await.join(reader);

        assertNull(insane.get(), insane.get());
        assertTrue(samples.get() > 0);
        final ChannelCounters counters = harness.counters();
        assertEquals(messages, counters.delivered());
        assertEquals(refusedAt.size(), counters.backPressured());
        assertEquals(8, harness.channel().credits(), "every delivered message was granted back");
        assertTrue(counters.isConserved());
    }
}
