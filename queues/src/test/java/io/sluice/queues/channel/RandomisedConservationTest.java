package io.sluice.queues.channel;

import io.sluice.queues.overflow.OverflowPolicy;
import org.agrona.collections.IntArrayList;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded random single-threaded interleavings of offers, claims, drains, polls, credit grants and clock moves, for
 * every kind, policy and credit mode. After every step the channel's counters must agree with the test's own ledger
 * of outcomes and with what the consumer saw, and the conservation identity must hold; delivery must keep offer
 * order and never hand over a message twice or one that was not taken.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RandomisedConservationTest
{
    private static final int SEEDS = 25;
    private static final int STEPS = 300;

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("io.sluice.queues.channel.Parameters#kindsPoliciesAndCreditModes")
    void shouldConserveEveryMessageOverSeededRandomInterleavings(
        final ChannelKind kind, final OverflowPolicy policy, final CreditMode creditMode)
    {
        for (long seed = 1; seed <= SEEDS; seed++)
        {
            new Run(kind, policy, creditMode, seed).execute();
        }
    }

    static int refusedBySink(final int value)
    {
        return Math.floorMod(value * 0x9E3779B9, 5);
    }

    private static final class Run
    {
        final ChannelKind kind;
        final OverflowPolicy policy;
        final CreditMode creditMode;
        final long seed;
        final SplittableRandom random;
        final Fixture fixture = new Fixture();
        final Ledger ledger = new Ledger();
        final BitSet onItsWay = new BitSet();
        int delivered;
        int lastDelivered = -1;
        Harness harness;
        String where;

        Run(final ChannelKind kind, final OverflowPolicy policy, final CreditMode creditMode, final long seed)
        {
            this.kind = kind;
            this.policy = policy;
            this.creditMode = creditMode;
            this.seed = seed;
            this.random = new SplittableRandom(seed * 1_000_003L + kind.ordinal() * 31L + policy.ordinal());
        }

        void execute()
        {
            fixture.objectSpillCapacity = 16;
            fixture.binarySpillBytes = 1024;
            final int capacity = random.nextInt(1, 13);
            final int high = random.nextInt(1, capacity + 1);
            final int low = random.nextInt(0, high);
            final ChannelBuilder<Integer> builder = fixture.builder(kind, policy)
                .capacity(capacity).highWaterMark(high).lowWaterMark(low).creditMode(creditMode);
            if (creditMode == CreditMode.MANUAL)
            {
                builder.initialCredits(random.nextInt(0, 9));
            }
            else if (random.nextBoolean())
            {
                final int window = random.nextInt(1, 2 * capacity + 1);
                builder.creditWindow(window).creditBatch(random.nextInt(1, window + 1));
            }
            fixture.sink.refuseWhen((value) -> refusedBySink(value) == 0);
            harness = fixture.build(kind, builder);
            where = kind + " " + policy + " " + creditMode + " seed " + seed + " capacity " + capacity +
                " high " + high + " low " + low;

            int next = 0;
            for (int step = 0; step < STEPS; step++)
            {
                final int choice = random.nextInt(100);
                if (choice < 35)
                {
                    offered(next, harness.offer(next));
                    next++;
                }
                else if (choice < 45)
                {
                    offered(next, harness.tryOffer(next));
                    next++;
                }
                else if (choice < 55 && harness.isBinary())
                {
                    offered(next, harness.claimAndCommit(next, random.nextInt(4) == 0));
                    next++;
                }
                else if (choice < 60 && harness.isBinary())
                {
                    final int code = harness.claimAndAbort(next++);
                    if (code < 0)
                    {
                        // a refused claim is an offer like any other; an opened then aborted one is not
                        ledger.record(next - 1, code);
                    }
                }
                else if (choice < 78)
                {
                    harness.drain(random.nextInt(0, 9), this::onDelivered);
                }
                else if (choice < 84)
                {
                    harness.pollOne(this::onDelivered);
                }
                else if (choice < 92 && creditMode == CreditMode.MANUAL)
                {
                    harness.channel().request(random.nextInt(1, 5));
                }
                else
                {
                    fixture.clock.advance(random.nextInt(0, 1000));
                    harness.channel().isWritable();
                }
                check("step " + step, high);
            }

            harness.channel().close();
            assertEquals(OfferResult.CLOSED, harness.offer(next), where);
            final List<Integer> rest = harness.drainAll();
            for (final int value : rest)
            {
                onDelivered(value);
            }
            check("end", high);
            assertTrue(harness.channel().isEndOfStream(), where);

            final ChannelCounters counters = harness.counters();
            if (policy == OverflowPolicy.DROP_OLDEST)
            {
                assertEquals(ledger.onItsWay.size() - delivered, counters.droppedOldest(), where);
            }
            else
            {
                assertEquals(ledger.onItsWay.size(), delivered, "everything on its way was delivered, " + where);
                assertEquals(0, counters.droppedOldest(), where);
            }
            assertEquals(ledger.shedValues, toIntList(fixture.sink.taken()), "shed messages, " + where);
        }

        private void offered(final int value, final int code)
        {
            ledger.record(value, code);
            if (OfferResult.isOnItsWay(code))
            {
                onItsWay.set(value);
            }
        }

        private void onDelivered(final int value)
        {
            if (value <= lastDelivered)
            {
                fail("delivered " + value + " after " + lastDelivered + " (out of order or twice), " + where);
            }
            if (!onItsWay.get(value))
            {
                fail("delivered " + value + " which the channel never took, " + where);
            }
            if (policy != OverflowPolicy.DROP_OLDEST && ledger.onItsWay.getInt(delivered) != value)
            {
                fail("delivered " + value + " but " + ledger.onItsWay.getInt(delivered) + " was next, " + where);
            }
            lastDelivered = value;
            delivered++;
        }

        private void check(final String step, final int high)
        {
            final ChannelCounters counters = harness.counters();
            ledger.assertMatches(counters, delivered, where + " " + step);
            final Channel channel = harness.channel();
            assertTrue(channel.depth() <= high, "depth above the high water mark, " + where + " " + step);
            assertEquals(counters.depth(), channel.depth(), where + " " + step);
            assertEquals(counters.credits(), channel.credits(), where + " " + step);
            assertTrue(counters.spilledPending() >= 0, where + " " + step);
        }

        private static IntArrayList toIntList(final List<Integer> values)
        {
            final IntArrayList list = new IntArrayList();
            for (final int value : values)
            {
                list.addInt(value);
            }
            return list;
        }
    }
}
