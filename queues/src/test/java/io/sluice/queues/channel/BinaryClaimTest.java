package io.sluice.queues.channel;

import io.sluice.queues.overflow.OverflowPolicy;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Zero-copy claims on binary channels: claim, write in place, commit or abort; detours to the sink or spill store
 * while unwritable; misuse.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BinaryClaimTest
{
    private static final int CAPACITY = 8;
    private static final int HIGH = 4;
    private static final int LOW = 2;

    private final Fixture fixture = new Fixture();

    private Harness channel(final ChannelKind kind, final OverflowPolicy policy)
    {
        return fixture.channel(kind, policy, CAPACITY, HIGH, LOW);
    }

    private static void fill(final Harness harness)
    {
        for (int i = 0; i < HIGH; i++)
        {
            assertEquals(OfferResult.ACCEPTED, harness.offer(i));
        }
    }

    @ParameterizedTest
    @MethodSource("io.sluice.queues.channel.Parameters#binaryKindsAndPolicies")
    void shouldDeliverWhatWasWrittenInPlace(final ChannelKind kind, final OverflowPolicy policy)
    {
        final Harness harness = channel(kind, policy);
        final BinaryChannel channel = harness.binaryChannel();
        final BinaryClaim claim = channel.newClaim();
        assertFalse(claim.isOpen());

        assertEquals(OfferResult.ACCEPTED, channel.claim(42, 11, claim));
        assertTrue(claim.isOpen());
        assertEquals(42, claim.typeId());
        assertEquals(11, claim.length());
        final MutableDirectBuffer buffer = claim.buffer();
        for (int i = 0; i < 11; i++)
        {
            buffer.putByte(claim.offset() + i, (byte)(100 + i));
        }
        assertEquals(OfferResult.ACCEPTED, claim.commit());
        assertFalse(claim.isOpen());
        assertEquals(OfferResult.ACCEPTED, channel.claim(43, 0, claim));
        assertEquals(OfferResult.ACCEPTED, claim.commit());

        final List<String> delivered = new ArrayList<>();
        channel.drain((typeId, b, offset, length) ->
        {
            final StringBuilder text = new StringBuilder().append(typeId).append(':');
            for (int i = 0; i < length; i++)
            {
                text.append(b.getByte(offset + i)).append(',');
            }
            delivered.add(text.toString());
        }, 10);
        assertEquals(List.of("42:100,101,102,103,104,105,106,107,108,109,110,", "43:"), delivered);
        final ChannelCounters counters = harness.counters();
        assertEquals(2, counters.accepted());
        assertTrue(counters.isConserved());
    }

    @ParameterizedTest
    @MethodSource("io.sluice.queues.channel.Parameters#binaryKindsAndPolicies")
    void shouldInterleaveClaimsAndCopiesInOrder(final ChannelKind kind, final OverflowPolicy policy)
    {
        final Harness harness = channel(kind, policy);
        final List<Integer> delivered = new ArrayList<>();
        for (int i = 0; i < 200; i++)
        {
            final int code = i % 2 == 0 ? harness.claimAndCommit(i, i % 4 == 0) : harness.offer(i);
            assertEquals(OfferResult.ACCEPTED, code);
            if (i % 3 == 2)
            {
                delivered.addAll(harness.drainAll());
            }
        }
        delivered.addAll(harness.drainAll());

        for (int i = 0; i < 200; i++)
        {
            assertEquals(i, delivered.get(i));
        }
    }

    @ParameterizedTest
    @MethodSource("io.sluice.queues.channel.Parameters#binaryKindsAndPolicies")
    void shouldDeliverNothingAndRefundDepthAndCreditOnAbort(final ChannelKind kind, final OverflowPolicy policy)
    {
        final Harness harness = fixture.build(kind, fixture.builder(kind, policy).capacity(CAPACITY)
            .highWaterMark(HIGH).lowWaterMark(LOW).creditMode(CreditMode.MANUAL).initialCredits(2));
        final BinaryChannel channel = harness.binaryChannel();
        final BinaryClaim claim = channel.newClaim();
        assertEquals(OfferResult.ACCEPTED, harness.offer(1));

        assertEquals(OfferResult.ACCEPTED, channel.claim(5, 8, claim));
        assertEquals(2, channel.depth());
        assertEquals(0, channel.credits());
        claim.abort();

        assertFalse(claim.isOpen());
        // a slot goes back at once; a ring record keeps its bytes, so its room, until the consumer passes it
        final boolean slots = policy == OverflowPolicy.DROP_OLDEST;
        assertEquals(slots ? 1 : 2, channel.depth());
        assertEquals(slots ? 1 : 0, channel.credits());
        ChannelCounters counters = harness.counters();
        assertEquals(1, counters.accepted(), "an aborted claim is not an offer");
        assertEquals(1, counters.offered());
        assertEquals(1, counters.aborted());
        assertEquals(1, counters.inFlight());
        assertTrue(counters.isConserved());
        assertEquals(List.of(1), harness.drainAll());
        assertEquals(0, channel.depth(), "the consumer passed the aborted record");
        assertEquals(1, channel.credits(), "and its credit is refunded");

        assertEquals(OfferResult.ACCEPTED, harness.offer(2), "the refunded credit can be spent");
        assertEquals(List.of(2), harness.drainAll());
        counters = harness.counters();
        assertEquals(2, counters.delivered());
        assertTrue(counters.isConserved());
    }

    @ParameterizedTest
    @EnumSource(value = ChannelKind.class, names = { "BINARY_SPSC", "BINARY_MPSC" })
    void shouldSurviveRepeatedAbortsWhileConsumerKeepsUp(final ChannelKind kind)
    {
        final Harness harness = channel(kind, OverflowPolicy.FAIL_FAST);
        for (int i = 0; i < 1000; i++)
        {
            assertEquals(OfferResult.ACCEPTED, harness.claimAndAbort(i));
            assertEquals(OfferResult.ACCEPTED, harness.offer(i));
            assertEquals(List.of(i), harness.drainAll());
        }
        assertTrue(harness.counters().isConserved());
    }

    @ParameterizedTest
    @EnumSource(value = ChannelKind.class, names = { "BINARY_SPSC", "BINARY_MPSC" })
    void shouldKeepAcceptingSlotClaimsAfterManyAbortsWithoutDrain(final ChannelKind kind)
    {
        assertClaimsSurviveAbortsWithoutDrain(kind, OverflowPolicy.DROP_OLDEST);
    }

    @ParameterizedTest
    @MethodSource("io.sluice.queues.channel.Parameters#ringKindsAndPolicies")
    void shouldKeepAcceptingRingClaimsAfterManyAbortsWithoutDrain(final ChannelKind kind, final OverflowPolicy policy)
    {
        // aborted ring records hold their bytes until the consumer passes them, so without a drain the channel
        // fills up with them and backpressures like a full channel; it never overruns its ring
        final Harness harness = fixture.build(kind, fixture.builder(kind, policy).capacity(CAPACITY)
            .maxMessageLength(256));
        final BinaryChannel channel = harness.binaryChannel();
        final BinaryClaim claim = channel.newClaim();

        int claimed = 0;
        for (int i = 0; i < 100; i++)
        {
            final int result = channel.tryClaim(1, 256, claim);
            if (result == OfferResult.BACK_PRESSURED)
            {
                break;
            }
            assertEquals(OfferResult.ACCEPTED, result, "claim " + i);
            claim.abort();
            claimed++;
        }
        assertEquals(channel.highWaterMark(), claimed, "aborted records fill the channel up to its high mark");
        assertEquals(claimed, channel.depth());
        assertEquals(0, harness.counters().inFlight());

        final int[] delivered = new int[1];
        channel.drain((t, b, o, l) -> delivered[0]++, 100);
        assertEquals(0, delivered[0]);
        assertEquals(0, channel.depth());
        for (int i = 0; i < 100; i++)
        {
            assertEquals(OfferResult.ACCEPTED, channel.tryClaim(1, 256, claim), "claim " + i + " after the drain");
            claim.abort();
            channel.drain((t, b, o, l) -> delivered[0]++, 100);
        }
        assertEquals(0, delivered[0]);
        assertTrue(harness.counters().isConserved());
    }

    private void assertClaimsSurviveAbortsWithoutDrain(final ChannelKind kind, final OverflowPolicy policy)
    {
        final BinaryChannel channel = fixture.build(kind, fixture.builder(kind, policy).capacity(CAPACITY)
            .maxMessageLength(256)).binaryChannel();
        final BinaryClaim claim = channel.newClaim();

        for (int i = 0; i < 100; i++)
        {
            assertEquals(OfferResult.ACCEPTED, channel.claim(1, 256, claim), "claim " + i + " at depth 0");
            claim.abort();
            assertEquals(0, channel.depth());
        }
        final int[] delivered = new int[1];
        channel.drain((t, b, o, l) -> delivered[0]++, 100);
        assertEquals(0, delivered[0]);
    }

    @ParameterizedTest
    @EnumSource(value = ChannelKind.class, names = { "BINARY_SPSC", "BINARY_MPSC" })
    void shouldDetourClaimToSinkOnCommitWhileUnwritableUnderShed(final ChannelKind kind)
    {
        final Harness harness = channel(kind, OverflowPolicy.SHED);
        fill(harness);
        final BinaryChannel channel = harness.binaryChannel();
        final BinaryClaim claim = channel.newClaim();

        assertEquals(OfferResult.SHED, channel.claim(Harness.typeIdOf(77), Harness.lengthOf(77), claim));
        assertTrue(claim.isOpen());
        assertEquals(List.of(), fixture.sink.taken(), "nothing reaches the sink before commit");
        Harness.encode(claim.buffer(), claim.offset(), 77);
        assertEquals(OfferResult.SHED, claim.commit());

        assertEquals(List.of(77), fixture.sink.taken());
        ChannelCounters counters = harness.counters();
        assertEquals(1, counters.shed());
        assertEquals(HIGH, counters.depth(), "the detoured message takes no room in the channel");

        fixture.sink.refuseAll();
        assertEquals(OfferResult.SHED, channel.claim(Harness.typeIdOf(78), Harness.lengthOf(78), claim));
        Harness.encode(claim.buffer(), claim.offset(), 78);
        assertEquals(OfferResult.REJECTED, claim.commit(), "the sink refused the detoured message");

        assertEquals(List.of(0, 1, 2, 3), harness.drainAll());
        counters = harness.counters();
        assertEquals(1, counters.shed());
        assertEquals(1, counters.rejected());
        assertTrue(counters.isConserved());
    }

    @ParameterizedTest
    @EnumSource(value = ChannelKind.class, names = { "BINARY_SPSC", "BINARY_MPSC" })
    void shouldDetourClaimToSpillStoreOnCommitWhileUnwritableUnderSpill(final ChannelKind kind)
    {
        final Harness harness = channel(kind, OverflowPolicy.SPILL);
        fill(harness);

        assertEquals(OfferResult.SPILLED, harness.claimAndCommit(10, false));
        assertEquals(OfferResult.SPILLED, harness.offer(11));
        assertEquals(OfferResult.SPILLED, harness.claimAndCommit(12, false));

        final ChannelCounters counters = harness.counters();
        assertEquals(3, counters.spilled());
        assertEquals(HIGH, counters.depth());
        assertEquals(List.of(0, 1, 2, 3, 10, 11, 12), harness.drainAll());
        assertTrue(harness.counters().isConserved());
    }

    @ParameterizedTest
    @EnumSource(value = OverflowPolicy.class, names = { "SHED", "SPILL" })
    void shouldCountNothingWhenDetouredClaimIsAborted(final OverflowPolicy policy)
    {
        for (final ChannelKind kind : Parameters.BINARY_KINDS)
        {
            final Harness harness = channel(kind, policy);
            fill(harness);
            final BinaryChannel channel = harness.binaryChannel();
            final BinaryClaim claim = channel.newClaim();
            final ChannelCounters before = harness.counters();

            assertTrue(channel.claim(3, 4, claim) > 0);
            claim.abort();

            final ChannelCounters after = harness.counters();
            assertEquals(before.offered(), after.offered());
            assertEquals(0, after.spilledPending());
            assertEquals(List.of(0, 1, 2, 3), harness.drainAll());
            assertEquals(OfferResult.ACCEPTED, harness.offer(9), "nothing pending in a spill store");
            assertTrue(harness.counters().isConserved());
        }
    }

    @ParameterizedTest
    @EnumSource(value = OverflowPolicy.class, names = { "SHED", "SPILL" })
    void shouldKeepCountsConsistentWhenDetouredClaimIsCommittedAfterClose(final OverflowPolicy policy)
    {
        for (final ChannelKind kind : Parameters.BINARY_KINDS)
        {
            final Fixture fixture = new Fixture();
            final Harness harness = fixture.channel(kind, policy, CAPACITY, HIGH, LOW);
            fill(harness);
            final BinaryChannel channel = harness.binaryChannel();
            final BinaryClaim claim = channel.newClaim();
            assertTrue(channel.claim(Harness.typeIdOf(50), Harness.lengthOf(50), claim) > 0);
            Harness.encode(claim.buffer(), claim.offset(), 50);

            channel.close();
            final int code = claim.commit();

            final List<Integer> delivered = harness.drainAll();
            assertTrue(channel.isEndOfStream());
            final ChannelCounters counters = harness.counters();
            assertTrue(counters.isConserved(), counters.toString());
            if (code > 0)
            {
                assertEquals(HIGH + 1, counters.offered(), OfferResult.toString(code) + " counts as an offer");
                final boolean arrived = policy == OverflowPolicy.SPILL ?
                    delivered.contains(50) : fixture.sink.taken().contains(50);
                assertTrue(arrived, OfferResult.toString(code) + " but the message went nowhere");
            }
            else
            {
                assertEquals(HIGH, counters.offered(), OfferResult.toString(code) + " is not an offer");
                assertFalse(delivered.contains(50));
                assertFalse(fixture.sink.taken().contains(50));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = ChannelKind.class, names = { "BINARY_SPSC", "BINARY_MPSC" })
    void shouldCommitDroppingOldestClaimWithItsCode(final ChannelKind kind)
    {
        final Harness harness = channel(kind, OverflowPolicy.DROP_OLDEST);
        fill(harness);

        assertEquals(OfferResult.ACCEPTED_DROPPED_OLDEST, harness.claimAndCommit(4, false));

        assertEquals(1, harness.counters().droppedOldest());
        assertEquals(List.of(1, 2, 3, 4), harness.drainAll());
    }

    @ParameterizedTest
    @EnumSource(value = ChannelKind.class, names = { "BINARY_SPSC", "BINARY_MPSC" })
    void shouldRejectClaimBelongingToAnotherChannel(final ChannelKind kind)
    {
        final BinaryChannel channel = channel(kind, OverflowPolicy.FAIL_FAST).binaryChannel();
        final BinaryChannel other = new Fixture().build(kind, new Fixture().builder(kind, OverflowPolicy.DROP_NEWEST))
            .binaryChannel();
        final BinaryClaim foreign = other.newClaim();

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> channel.claim(1, 4, foreign));
        assertTrue(ex.getMessage().contains("'" + channel.name() + "'"), ex.getMessage());
        assertTrue(ex.getMessage().contains("'" + other.name() + "'"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> channel.tryClaim(1, 4, foreign));
        assertFalse(foreign.isOpen());
        assertEquals(0, channel.depth());
        assertEquals(0, other.depth());
    }

    @ParameterizedTest
    @MethodSource("io.sluice.queues.channel.Parameters#binaryKindsAndPolicies")
    void shouldRejectClaimWhileSameClaimIsOpen(final ChannelKind kind, final OverflowPolicy policy)
    {
        final Harness harness = channel(kind, policy);
        final BinaryChannel channel = harness.binaryChannel();
        final BinaryClaim claim = channel.newClaim();
        assertEquals(OfferResult.ACCEPTED, channel.claim(Harness.typeIdOf(6), Harness.lengthOf(6), claim));

        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> channel.claim(1, 4, claim));
        assertTrue(ex.getMessage().contains("'" + channel.name() + "'"), ex.getMessage());
        assertThrows(IllegalStateException.class, () -> channel.tryClaim(1, 4, claim));

        assertTrue(claim.isOpen(), "the open claim survives the misuse");
        assertEquals(1, channel.depth());
        Harness.encode(claim.buffer(), claim.offset(), 6);
        assertEquals(OfferResult.ACCEPTED, claim.commit());
        assertEquals(List.of(6), harness.drainAll());
        assertTrue(harness.counters().isConserved());
    }

    @ParameterizedTest
    @EnumSource(value = ChannelKind.class, names = { "BINARY_SPSC", "BINARY_MPSC" })
    void shouldRejectCommitAndAbortWithoutOpenClaim(final ChannelKind kind)
    {
        final Harness harness = channel(kind, OverflowPolicy.FAIL_FAST);
        final BinaryChannel channel = harness.binaryChannel();
        final BinaryClaim claim = channel.newClaim();

        assertThrows(IllegalStateException.class, claim::commit);
        assertThrows(IllegalStateException.class, claim::abort);

        assertEquals(OfferResult.ACCEPTED, channel.claim(1, 4, claim));
        claim.abort();
        final IllegalStateException ex = assertThrows(IllegalStateException.class, claim::commit);
        assertTrue(ex.getMessage().contains("'" + channel.name() + "'"), ex.getMessage());
        assertThrows(IllegalStateException.class, claim::abort);

        assertEquals(OfferResult.ACCEPTED, harness.claimAndCommit(3, false));
        assertThrows(IllegalStateException.class, claim::commit, "a second commit");
        assertEquals(List.of(3), harness.drainAll());
        assertEquals(1, harness.counters().offered());
    }

    @ParameterizedTest
    @EnumSource(value = ChannelKind.class, names = { "BINARY_SPSC", "BINARY_MPSC" })
    void shouldGiveEachProducerItsOwnClaim(final ChannelKind kind)
    {
        final BinaryChannel channel = channel(kind, OverflowPolicy.FAIL_FAST).binaryChannel();
        final BinaryClaim first = channel.newClaim();
        final BinaryClaim second = channel.newClaim();
        assertNotSame(first, second);

        assertEquals(OfferResult.ACCEPTED, channel.claim(1, 4, first));
        assertEquals(OfferResult.ACCEPTED, channel.claim(2, 4, second));
        first.buffer().putInt(first.offset(), 111);
        second.buffer().putInt(second.offset(), 222);
        assertEquals(OfferResult.ACCEPTED, second.commit());
        assertEquals(OfferResult.ACCEPTED, first.commit());

        final List<Integer> values = new ArrayList<>();
        for (int i = 0; i < 10 && values.size() < 2; i++)
        {
            channel.drain((t, b, o, l) -> values.add(b.getInt(o)), 10);
        }
        assertEquals(2, values.size());
        assertTrue(values.containsAll(List.of(111, 222)));
    }

    @ParameterizedTest
    @MethodSource("io.sluice.queues.channel.Parameters#binaryKindsAndPolicies")
    void shouldOpenNoClaimOnNegativeResult(final ChannelKind kind, final OverflowPolicy policy)
    {
        final Harness harness = channel(kind, policy);
        fill(harness);
        final BinaryChannel channel = harness.binaryChannel();
        final BinaryClaim claim = channel.newClaim();

        assertEquals(OfferResult.BACK_PRESSURED, channel.tryClaim(1, 4, claim));
        assertFalse(claim.isOpen());
        final int code = channel.claim(1, 4, claim);
        assertEquals(code > 0, claim.isOpen(), OfferResult.toString(code));
        if (claim.isOpen())
        {
            claim.abort();
        }
        channel.close();
        assertEquals(OfferResult.CLOSED, channel.claim(1, 4, claim));
        assertFalse(claim.isOpen());
    }
}
