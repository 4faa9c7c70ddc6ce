package io.sluice.queues.channel;

import io.sluice.queues.overflow.OverflowPolicy;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OfferResult table: for every policy on every kind, the code an offer returns while the channel is writable,
 * while it is unwritable, and after close, and the counter each code moves.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OverflowPolicyTest
{
    private static final int CAPACITY = 8;
    private static final int HIGH = 4;
    private static final int LOW = 2;

    private final Fixture fixture = new Fixture();

    private Harness fullChannel(final ChannelKind kind, final OverflowPolicy policy)
    {
        final Harness harness = fixture.channel(kind, policy, CAPACITY, HIGH, LOW);
        for (int i = 0; i < HIGH; i++)
        {
            assertEquals(OfferResult.ACCEPTED, harness.offer(i), "offer " + i + " while writable");
        }
        return harness;
    }

    private static List<Integer> range(final int from, final int toExclusive)
    {
        final List<Integer> values = new ArrayList<>();
        for (int i = from; i < toExclusive; i++)
        {
            values.add(i);
        }
        return values;
    }

    @ParameterizedTest
    @MethodSource("io.sluice.queues.channel.Parameters#kindsAndPolicies")
    void shouldAcceptWhileWritableUnderEveryPolicy(final ChannelKind kind, final OverflowPolicy policy)
    {
        final Harness harness = fullChannel(kind, policy);

        final ChannelCounters counters = harness.counters();
        assertEquals(HIGH, counters.accepted());
        assertEquals(HIGH, counters.offered());
        assertEquals(HIGH, counters.depth());
        assertEquals(HIGH, harness.channel().depth());
        assertEquals(range(0, HIGH), harness.drainAll());
        assertEquals(HIGH, harness.counters().delivered());
        assertTrue(harness.counters().isConserved());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldRejectWhenUnwritableUnderFailFast(final ChannelKind kind)
    {
        final Harness harness = fullChannel(kind, OverflowPolicy.FAIL_FAST);

        assertEquals(OfferResult.REJECTED, harness.offer(HIGH));

        final ChannelCounters counters = harness.counters();
        assertEquals(1, counters.rejected());
        assertEquals(HIGH, counters.accepted());
        assertEquals(HIGH + 1, counters.offered());
        assertEquals(range(0, HIGH), harness.drainAll());
        assertTrue(harness.counters().isConserved());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldDropNewestWhenUnwritableUnderDropNewest(final ChannelKind kind)
    {
        final Harness harness = fullChannel(kind, OverflowPolicy.DROP_NEWEST);

        assertEquals(OfferResult.DROPPED_NEWEST, harness.offer(HIGH));
        assertEquals(OfferResult.DROPPED_NEWEST, harness.offer(HIGH + 1));

        final ChannelCounters counters = harness.counters();
        assertEquals(2, counters.droppedNewest());
        assertEquals(0, counters.droppedOldest());
        assertEquals(HIGH + 2, counters.offered());
        assertEquals(range(0, HIGH), harness.drainAll());
        assertTrue(harness.counters().isConserved());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldDropOldestWhenUnwritableUnderDropOldest(final ChannelKind kind)
    {
        final Harness harness = fullChannel(kind, OverflowPolicy.DROP_OLDEST);

        assertEquals(OfferResult.ACCEPTED_DROPPED_OLDEST, harness.offer(HIGH));

        final ChannelCounters counters = harness.counters();
        assertEquals(HIGH + 1, counters.accepted());
        assertEquals(1, counters.droppedOldest());
        assertEquals(HIGH, counters.depth());
        assertEquals(HIGH + 1, counters.offered());
        assertEquals(range(1, HIGH + 1), harness.drainAll());
        assertTrue(harness.counters().isConserved());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldShedToSinkWhenUnwritableUnderShed(final ChannelKind kind)
    {
        final Harness harness = fullChannel(kind, OverflowPolicy.SHED);

        assertEquals(OfferResult.SHED, harness.offer(HIGH));

        assertEquals(List.of(HIGH), fixture.sink.taken());
        final ChannelCounters counters = harness.counters();
        assertEquals(1, counters.shed());
        assertEquals(HIGH + 1, counters.offered());
        assertEquals(range(0, HIGH), harness.drainAll());
        assertTrue(harness.counters().isConserved());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldRejectWhenSinkRefusesUnderShed(final ChannelKind kind)
    {
        final Harness harness = fullChannel(kind, OverflowPolicy.SHED);
        fixture.sink.refuseAll();

        assertEquals(OfferResult.REJECTED, harness.offer(HIGH));

        assertEquals(1, fixture.sink.calls());
        assertEquals(List.of(), fixture.sink.taken());
        final ChannelCounters counters = harness.counters();
        assertEquals(0, counters.shed());
        assertEquals(1, counters.rejected());
        assertEquals(range(0, HIGH), harness.drainAll());
        assertTrue(harness.counters().isConserved());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldSpillWhenUnwritableUnderSpill(final ChannelKind kind)
    {
        final Harness harness = fullChannel(kind, OverflowPolicy.SPILL);

        assertEquals(OfferResult.SPILLED, harness.offer(HIGH));

        ChannelCounters counters = harness.counters();
        assertEquals(1, counters.spilled());
        assertEquals(1, counters.spilledPending());
        assertEquals(HIGH, counters.accepted());
        assertEquals(HIGH + 1, counters.offered());
        assertEquals(range(0, HIGH + 1), harness.drainAll());
        counters = harness.counters();
        assertEquals(1, counters.deliveredFromSpill());
        assertEquals(HIGH, counters.deliveredFromMemory());
        assertEquals(0, counters.spilledPending());
        assertTrue(counters.isConserved());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldTimeOutWhenUnwritableUnderBlock(final ChannelKind kind)
    {
        final Harness harness = fullChannel(kind, OverflowPolicy.BLOCK);
        final long before = fixture.clock.nanoTime();

        assertEquals(OfferResult.TIMED_OUT, harness.offer(HIGH));

        final long waited = fixture.clock.nanoTime() - before;
        assertTrue(waited >= Fixture.BLOCK_TIMEOUT_NS, "gave up after " + waited + "ns");
        assertTrue(waited <= Fixture.BLOCK_TIMEOUT_NS + 2 * Fixture.IDLE_STEP_NS, "gave up after " + waited + "ns");
        final ChannelCounters counters = harness.counters();
        assertEquals(1, counters.timedOut());
        assertEquals(HIGH + 1, counters.offered());
        assertEquals(range(0, HIGH), harness.drainAll());
        assertTrue(harness.counters().isConserved());
    }

    @ParameterizedTest
    @MethodSource("io.sluice.queues.channel.Parameters#kindsAndPolicies")
    void shouldBackPressureTryOfferWithoutApplyingPolicy(final ChannelKind kind, final OverflowPolicy policy)
    {
        final Harness harness = fullChannel(kind, policy);
        final long clockBefore = fixture.clock.nanoTime();

        assertEquals(OfferResult.BACK_PRESSURED, harness.tryOffer(HIGH));
        assertEquals(OfferResult.BACK_PRESSURED, harness.tryOffer(HIGH + 1));

        final ChannelCounters counters = harness.counters();
        assertEquals(2, counters.backPressured());
        assertEquals(HIGH, counters.offered(), "BACK_PRESSURED is not part of offered");
        assertEquals(0, counters.droppedOldest());
        assertEquals(0, fixture.sink.calls());
        assertEquals(clockBefore, fixture.clock.nanoTime(), "tryOffer must not block");
        assertEquals(range(0, HIGH), harness.drainAll());
        assertTrue(harness.counters().isConserved());
    }

    @ParameterizedTest
    @MethodSource("io.sluice.queues.channel.Parameters#binaryKindsAndPolicies")
    void shouldReturnSameCodesFromClaimAsFromOffer(final ChannelKind kind, final OverflowPolicy policy)
    {
        final Fixture offerFixture = new Fixture();
        final Harness offered = offerFixture.channel(kind, policy, CAPACITY, HIGH, LOW);
        final Harness claimed = fixture.channel(kind, policy, CAPACITY, HIGH, LOW);

        for (int i = 0; i < HIGH + 3; i++)
        {
            assertEquals(offered.offer(i), claimed.claimAndCommit(i, false), "code for message " + i);
        }

        final ChannelCounters expected = offered.counters();
        final ChannelCounters actual = claimed.counters();
        assertEquals(expected.offered(), actual.offered());
        assertEquals(expected.accepted(), actual.accepted());
        assertEquals(expected.rejected(), actual.rejected());
        assertEquals(expected.droppedNewest(), actual.droppedNewest());
        assertEquals(expected.droppedOldest(), actual.droppedOldest());
        assertEquals(expected.shed(), actual.shed());
        assertEquals(expected.spilled(), actual.spilled());
        assertEquals(expected.timedOut(), actual.timedOut());
        assertEquals(offered.drainAll(), claimed.drainAll());
        assertEquals(offerFixture.sink.taken(), fixture.sink.taken());
        assertTrue(claimed.counters().isConserved());
    }

    @ParameterizedTest
    @MethodSource("io.sluice.queues.channel.Parameters#binaryKindsAndPolicies")
    void shouldBackPressureTryClaimWithoutApplyingPolicy(final ChannelKind kind, final OverflowPolicy policy)
    {
        final Harness harness = fullChannel(kind, policy);

        assertEquals(OfferResult.BACK_PRESSURED, harness.claimAndCommit(HIGH, true));

        final ChannelCounters counters = harness.counters();
        assertEquals(1, counters.backPressured());
        assertEquals(HIGH, counters.offered());
        assertEquals(range(0, HIGH), harness.drainAll());
    }

    @ParameterizedTest
    @MethodSource("io.sluice.queues.channel.Parameters#kindsAndPolicies")
    void shouldReturnClosedAfterCloseWithoutCounting(final ChannelKind kind, final OverflowPolicy policy)
    {
        final Harness harness = fixture.channel(kind, policy, CAPACITY, HIGH, LOW);
        assertEquals(OfferResult.ACCEPTED, harness.offer(0));
        harness.channel().close();
        final long clockBefore = fixture.clock.nanoTime();

        assertEquals(OfferResult.CLOSED, harness.offer(1));
        assertEquals(OfferResult.CLOSED, harness.tryOffer(2));
        if (harness.isBinary())
        {
            assertEquals(OfferResult.CLOSED, harness.claimAndCommit(3, false));
            assertEquals(OfferResult.CLOSED, harness.claimAndCommit(4, true));
        }

        final ChannelCounters counters = harness.counters();
        assertEquals(1, counters.offered(), "CLOSED is not part of offered");
        assertEquals(0, counters.backPressured());
        assertTrue(counters.closed());
        assertEquals(0, fixture.sink.calls());
        assertEquals(clockBefore, fixture.clock.nanoTime(), "an offer to a closed channel must not block");
        assertEquals(List.of(0), harness.drainAll());
    }

    @ParameterizedTest
    @MethodSource("io.sluice.queues.channel.Parameters#kindsAndPolicies")
    void shouldReturnClosedAfterCloseEvenWhenUnwritable(final ChannelKind kind, final OverflowPolicy policy)
    {
        final Harness harness = fullChannel(kind, policy);
        harness.channel().close();

        assertEquals(OfferResult.CLOSED, harness.offer(HIGH));
        assertEquals(OfferResult.CLOSED, harness.tryOffer(HIGH));

        final ChannelCounters counters = harness.counters();
        assertEquals(HIGH, counters.offered());
        assertEquals(0, counters.droppedOldest(), "a closed channel must not evict");
        assertEquals(0, fixture.sink.calls());
        assertEquals(range(0, HIGH), harness.drainAll());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldDeliverOnlyTheNewestMessagesAfterBurstUnderDropOldest(final ChannelKind kind)
    {
        final Harness harness = fixture.channel(kind, OverflowPolicy.DROP_OLDEST, CAPACITY, HIGH, LOW);

        for (int i = 0; i < 100; i++)
        {
            final int expected = i < HIGH ? OfferResult.ACCEPTED : OfferResult.ACCEPTED_DROPPED_OLDEST;
            assertEquals(expected, harness.offer(i), "offer " + i);
        }

        final ChannelCounters counters = harness.counters();
        assertEquals(100, counters.accepted());
        assertEquals(100 - HIGH, counters.droppedOldest());
        assertEquals(HIGH, counters.depth());
        assertEquals(range(100 - HIGH, 100), harness.drainAll());
        assertTrue(harness.counters().isConserved());
    }

    @ParameterizedTest
    @ValueSource(longs = { 1, 2, 3, 4, 5, 6, 7, 8 })
    void shouldNeverDeliverADroppedMessageUnderDropOldest(final long seed)
    {
        for (final ChannelKind kind : ChannelKind.values())
        {
            final Harness harness = new Fixture().channel(kind, OverflowPolicy.DROP_OLDEST, CAPACITY, HIGH, LOW);
            final SplittableRandom random = new SplittableRandom(seed);
            final List<Integer> accepted = new ArrayList<>();
            final List<Integer> delivered = new ArrayList<>();
            int next = 0;
            for (int round = 0; round < 200; round++)
            {
                final int burst = random.nextInt(0, 3 * HIGH);
                for (int i = 0; i < burst; i++)
                {
                    final int code = harness.offer(next);
                    assertTrue(code == OfferResult.ACCEPTED || code == OfferResult.ACCEPTED_DROPPED_OLDEST,
                        "unexpected " + OfferResult.toString(code));
                    accepted.add(next++);
                }
                if (random.nextInt(4) == 0)
                {
                    // whatever is left after the drops must be exactly the newest accepted messages
                    final List<Integer> rest = harness.drainAll();
                    assertEquals(accepted.subList(accepted.size() - rest.size(), accepted.size()), rest,
                        kind + " seed " + seed + " round " + round);
                    delivered.addAll(rest);
                }
                else
                {
                    delivered.addAll(harness.drain(random.nextInt(0, HIGH + 1)));
                }
                assertTrue(harness.channel().depth() <= HIGH, "depth above the high water mark");
            }
            delivered.addAll(harness.drainAll());

            final ChannelCounters counters = harness.counters();
            assertEquals(accepted.size(), counters.accepted());
            assertEquals(accepted.size() - delivered.size(), counters.droppedOldest(), "drop count is exact");
            assertEquals(delivered.size(), counters.delivered());
            for (int i = 1; i < delivered.size(); i++)
            {
                assertTrue(delivered.get(i - 1) < delivered.get(i), "delivered out of order or twice: " + delivered);
            }
            assertTrue(counters.isConserved(), counters.toString());
        }
    }
}
