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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Close: offers return CLOSED, the consumer drains everything the channel took, then sees end of stream.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CloseTest
{
    private static final int CAPACITY = 8;
    private static final int HIGH = 4;
    private static final int LOW = 2;

    private final Fixture fixture = new Fixture();

    @ParameterizedTest
    @MethodSource("io.sluice.queues.channel.Parameters#kindsAndPolicies")
    void shouldSignalEndOfStreamOnlyAfterEverythingTakenIsDelivered(final ChannelKind kind, final OverflowPolicy policy)
    {
        final Harness harness = fixture.channel(kind, policy, CAPACITY, HIGH, LOW);
        final Ledger ledger = new Ledger();
        for (int i = 0; i < HIGH + 3; i++)
        {
            ledger.record(i, harness.offer(i));
        }
        final Channel channel = harness.channel();
        assertFalse(channel.isEndOfStream(), "not closed yet");

        channel.close();
        assertTrue(channel.isClosed());
        channel.close();
        assertTrue(channel.isClosed(), "close is idempotent");

        final long toDeliver = harness.counters().depth() + harness.counters().spilledPending();
        assertTrue(toDeliver > 0);
        final List<Integer> delivered = new ArrayList<>();
        for (int round = 0; round < Harness.DRAIN_ALL_ROUNDS && delivered.size() < toDeliver; round++)
        {
            assertFalse(channel.isEndOfStream(), "end of stream with " + (toDeliver - delivered.size()) + " left");
            harness.pollOne(delivered::add);
        }
        assertEquals(toDeliver, delivered.size());
        assertTrue(channel.isEndOfStream());
        assertTrue(channel.isEndOfStream(), "end of stream stays");
        assertEquals(List.of(), harness.drain(10));

        final ChannelCounters counters = harness.counters();
        assertTrue(counters.closed());
        ledger.assertMatches(counters, delivered.size(), kind + " " + policy);
        if (policy != OverflowPolicy.DROP_OLDEST)
        {
            assertEquals(ledger.onItsWay.size(), delivered.size());
        }
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldNotSignalEndOfStreamWhileOpenEvenWhenEmpty(final ChannelKind kind)
    {
        final Harness harness = fixture.channel(kind, OverflowPolicy.FAIL_FAST, CAPACITY, HIGH, LOW);
        assertFalse(harness.channel().isEndOfStream());
        assertEquals(OfferResult.ACCEPTED, harness.offer(1));
        assertEquals(List.of(1), harness.drainAll());

        assertFalse(harness.channel().isEndOfStream());
        assertFalse(harness.channel().isClosed());
        assertFalse(harness.counters().closed());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldSignalEndOfStreamAtOnceWhenClosedEmpty(final ChannelKind kind)
    {
        final Harness harness = fixture.channel(kind, OverflowPolicy.SPILL, CAPACITY, HIGH, LOW);

        harness.channel().close();

        assertTrue(harness.channel().isEndOfStream());
        assertEquals(OfferResult.CLOSED, harness.offer(1));
        assertEquals(0, harness.counters().offered());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldDrainSpilledMessagesInOrderAfterClose(final ChannelKind kind)
    {
        final Harness harness = fixture.channel(kind, OverflowPolicy.SPILL, CAPACITY, HIGH, LOW);
        for (int i = 0; i < 20; i++)
        {
            harness.offer(i);
        }
        harness.channel().close();
        assertEquals(OfferResult.CLOSED, harness.offer(20));

        final List<Integer> delivered = harness.drainAll();

        final List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++)
        {
            expected.add(i);
        }
        assertEquals(expected, delivered);
        assertTrue(harness.channel().isEndOfStream());
        assertEquals(20 - HIGH, harness.counters().deliveredFromSpill());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldSignalEndOfStreamAfterDropsUnderDropOldest(final ChannelKind kind)
    {
        final Harness harness = fixture.channel(kind, OverflowPolicy.DROP_OLDEST, CAPACITY, HIGH, LOW);
        for (int i = 0; i < 10; i++)
        {
            harness.offer(i);
        }
        harness.channel().close();

        assertFalse(harness.channel().isEndOfStream());
        assertEquals(List.of(6, 7, 8, 9), harness.drainAll());
        assertTrue(harness.channel().isEndOfStream());
    }

    @ParameterizedTest
    @MethodSource("io.sluice.queues.channel.Parameters#binaryKindsAndPolicies")
    void shouldNotSignalEndOfStreamWhileAClaimIsOpen(final ChannelKind kind, final OverflowPolicy policy)
    {
        final Harness harness = fixture.channel(kind, policy, CAPACITY, HIGH, LOW);
        final BinaryChannel channel = harness.binaryChannel();
        final BinaryClaim claim = channel.newClaim();
        assertEquals(OfferResult.ACCEPTED, channel.claim(Harness.typeIdOf(5), Harness.lengthOf(5), claim));
        Harness.encode(claim.buffer(), claim.offset(), 5);

        channel.close();
        assertEquals(List.of(), harness.drain(10));
        assertFalse(channel.isEndOfStream(), "the open claim was taken before close");

        assertEquals(OfferResult.ACCEPTED, claim.commit());
        assertEquals(List.of(5), harness.drainAll());
        assertTrue(channel.isEndOfStream());
    }

    @ParameterizedTest
    @MethodSource("io.sluice.queues.channel.Parameters#binaryKindsAndPolicies")
    void shouldSignalEndOfStreamWhenOpenClaimIsAbortedAfterClose(final ChannelKind kind, final OverflowPolicy policy)
    {
        final Harness harness = fixture.channel(kind, policy, CAPACITY, HIGH, LOW);
        final BinaryChannel channel = harness.binaryChannel();
        final BinaryClaim claim = channel.newClaim();
        assertEquals(OfferResult.ACCEPTED, harness.offer(1));
        assertEquals(OfferResult.ACCEPTED, channel.claim(1, 4, claim));

        channel.close();
        assertEquals(List.of(1), harness.drain(10));
        assertFalse(channel.isEndOfStream());

        claim.abort();
        assertEquals(List.of(), harness.drainAll());
        assertTrue(channel.isEndOfStream());
        assertTrue(harness.counters().isConserved());
    }
}
