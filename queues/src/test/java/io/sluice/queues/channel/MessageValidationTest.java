package io.sluice.queues.channel;

import io.sluice.queues.overflow.OverflowPolicy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Misuse is an exception naming the channel and the bad value, and it loses nothing the channel already took.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MessageValidationTest
{
    private static final int CAPACITY = 8;
    private static final int HIGH = 4;

    private final Fixture fixture = new Fixture();

    private static void assertMessageContains(final Throwable ex, final String... fragments)
    {
        for (final String fragment : fragments)
        {
            assertTrue(ex.getMessage().contains(fragment), "'" + fragment + "' missing from: " + ex.getMessage());
        }
    }

    private static void assertNothingChanged(final ChannelCounters before, final Harness harness)
    {
        final ChannelCounters after = harness.counters();
        assertEquals(before.offered(), after.offered());
        assertEquals(before.accepted(), after.accepted());
        assertEquals(before.backPressured(), after.backPressured());
        assertEquals(before.depth(), after.depth());
        assertEquals(before.droppedOldest(), after.droppedOldest());
    }

    @ParameterizedTest
    @MethodSource("io.sluice.queues.channel.Parameters#objectKindsAndPolicies")
    void shouldThrowNullPointerExceptionNamingChannelForNullMessage(final ChannelKind kind, final OverflowPolicy policy)
    {
        final Harness harness = fixture.channel(kind, policy, CAPACITY, HIGH, 2);
        final ObjectChannel<Integer> channel = harness.objectChannel();
        assertEquals(OfferResult.ACCEPTED, harness.offer(0));
        assertEquals(OfferResult.ACCEPTED, harness.offer(1));
        ChannelCounters before = harness.counters();

        assertMessageContains(assertThrows(NullPointerException.class, () -> channel.offer(null)),
            "'" + channel.name() + "'", "null");
        assertMessageContains(assertThrows(NullPointerException.class, () -> channel.tryOffer(null)),
            "'" + channel.name() + "'", "null");
        assertNothingChanged(before, harness);

        // and while unwritable, where the policy would run
        assertEquals(OfferResult.ACCEPTED, harness.offer(2));
        assertEquals(OfferResult.ACCEPTED, harness.offer(3));
        before = harness.counters();
        assertThrows(NullPointerException.class, () -> channel.offer(null));
        assertNothingChanged(before, harness);
        assertEquals(0, fixture.sink.calls());

        assertEquals(List.of(0, 1, 2, 3), harness.drainAll());
        assertTrue(harness.counters().isConserved());
    }

    @ParameterizedTest
    @MethodSource("io.sluice.queues.channel.Parameters#binaryKindsAndPolicies")
    void shouldRejectTypeIdBelowOneNamingValueAndRange(final ChannelKind kind, final OverflowPolicy policy)
    {
        final Harness harness = fixture.channel(kind, policy, CAPACITY, HIGH, 2);
        final BinaryChannel channel = harness.binaryChannel();
        final BinaryClaim claim = channel.newClaim();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[Harness.MAX_LENGTH]);
        assertEquals(OfferResult.ACCEPTED, harness.offer(0));

        for (final int typeId : new int[]{ 0, -1, Integer.MIN_VALUE })
        {
            final ChannelCounters before = harness.counters();
            final String[] fragments = { "'" + channel.name() + "'", "typeId=" + typeId, "1.." + Integer.MAX_VALUE };
            for (final Executable misuse : new Executable[]{
                () -> channel.offer(typeId, buffer, 0, 4),
                () -> channel.tryOffer(typeId, buffer, 0, 4),
                () -> channel.claim(typeId, 4, claim),
                () -> channel.tryClaim(typeId, 4, claim) })
            {
                assertMessageContains(assertThrows(IllegalArgumentException.class, misuse), fragments);
                assertFalse(claim.isOpen());
            }
            assertNothingChanged(before, harness);
        }

        assertEquals(OfferResult.ACCEPTED, harness.offer(1));
        assertEquals(List.of(0, 1), harness.drainAll());
    }

    @ParameterizedTest
    @MethodSource("io.sluice.queues.channel.Parameters#binaryKindsAndPolicies")
    void shouldRejectLengthOutOfRangeNamingValueAndRange(final ChannelKind kind, final OverflowPolicy policy)
    {
        final Harness harness = fixture.channel(kind, policy, CAPACITY, HIGH, 2);
        final BinaryChannel channel = harness.binaryChannel();
        final BinaryClaim claim = channel.newClaim();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[Harness.MAX_LENGTH * 2]);
        for (int i = 0; i < HIGH; i++)
        {
            assertEquals(OfferResult.ACCEPTED, harness.offer(i));
        }

        // the channel is unwritable now, so a policy would run if the check came after it
        for (final int length : new int[]{ -1, Harness.MAX_LENGTH + 1, Integer.MAX_VALUE })
        {
            final ChannelCounters before = harness.counters();
            final String[] fragments = { "'" + channel.name() + "'", "length=" + length, "0.." + Harness.MAX_LENGTH };
            for (final Executable misuse : new Executable[]{
                () -> channel.offer(1, buffer, 0, length),
                () -> channel.tryOffer(1, buffer, 0, length),
                () -> channel.claim(1, length, claim),
                () -> channel.tryClaim(1, length, claim) })
            {
                assertMessageContains(assertThrows(IllegalArgumentException.class, misuse), fragments);
                assertFalse(claim.isOpen());
            }
            assertNothingChanged(before, harness);
        }
        assertEquals(0, fixture.sink.calls());
        assertEquals(TestClock.START_NANOS, fixture.clock.nanoTime(), "a misuse must not block");

        assertEquals(List.of(0, 1, 2, 3), harness.drainAll());
        assertTrue(harness.counters().isConserved());
    }

    @ParameterizedTest
    @EnumSource(value = ChannelKind.class, names = { "BINARY_SPSC", "BINARY_MPSC" })
    void shouldAcceptLengthsAndTypeIdsAtBothEndsOfRange(final ChannelKind kind)
    {
        final BinaryChannel channel = fixture.channel(kind, OverflowPolicy.FAIL_FAST, CAPACITY, HIGH, 2)
            .binaryChannel();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[Harness.MAX_LENGTH]);
        buffer.setMemory(0, Harness.MAX_LENGTH, (byte)7);

        assertEquals(OfferResult.ACCEPTED, channel.offer(1, buffer, 0, 0));
        assertEquals(OfferResult.ACCEPTED, channel.offer(Integer.MAX_VALUE, buffer, 0, Harness.MAX_LENGTH));

        final int[] lengths = new int[2];
        final int[] typeIds = new int[2];
        final int[] count = new int[1];
        channel.drain((typeId, b, offset, length) ->
        {
            typeIds[count[0]] = typeId;
            lengths[count[0]] = length;
            for (int i = 0; i < length; i++)
            {
                assertEquals(7, b.getByte(offset + i));
            }
            count[0]++;
        }, 10);
        assertEquals(2, count[0]);
        assertEquals(0, lengths[0]);
        assertEquals(Harness.MAX_LENGTH, lengths[1]);
        assertEquals(1, typeIds[0]);
        assertEquals(Integer.MAX_VALUE, typeIds[1]);
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldRejectNegativeDrainLimit(final ChannelKind kind)
    {
        final Harness harness = fixture.channel(kind, OverflowPolicy.FAIL_FAST, CAPACITY, HIGH, 2);
        assertEquals(OfferResult.ACCEPTED, harness.offer(0));

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> harness.drain(-1, (v) -> { }));
        assertMessageContains(ex, "'" + harness.channel().name() + "'", "limit=-1", "0.." + Integer.MAX_VALUE);

        assertEquals(List.of(), harness.drain(0));
        assertEquals(List.of(0), harness.drainAll());
    }
}
