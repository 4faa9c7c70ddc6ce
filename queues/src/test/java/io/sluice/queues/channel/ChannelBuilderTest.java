package io.sluice.queues.channel;

import io.sluice.queues.overflow.InMemoryBinarySpillStore;
import io.sluice.queues.overflow.InMemorySpillStore;
import io.sluice.queues.overflow.OverflowPolicy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChannelBuilderTest
{
    private static final String NAME = "orders";

    private static ChannelBuilder<Integer> objects()
    {
        return ChannelBuilder.<Integer>channel(NAME).kind(ChannelKind.OBJECT_SPSC).capacity(8);
    }

    private static ChannelBuilder<Integer> binaries()
    {
        return ChannelBuilder.<Integer>channel(NAME).kind(ChannelKind.BINARY_SPSC).capacity(8).maxMessageLength(16);
    }

    /**
     * The build fails with an IllegalArgumentException whose message names the channel and contains every fragment
     * (the setting, its value and the allowed range).
     */
    private static void assertRejected(
        final ChannelBuilder<Integer> builder, final boolean binary, final String... fragments)
    {
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class,
            binary ? builder::buildBinaryChannel : builder::buildObjectChannel);
        final String message = ex.getMessage();
        assertTrue(message.contains("'" + NAME + "'"), "message must name the channel: " + message);
        for (final String fragment : fragments)
        {
            assertTrue(message.contains(fragment), "message must contain '" + fragment + "': " + message);
        }
    }

    private static void assertObjectRejected(final ChannelBuilder<Integer> builder, final String... fragments)
    {
        assertRejected(builder, false, fragments);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // defaults
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldApplyDocumentedDefaultsWhenOnlyNameIsSet()
    {
        final ObjectChannel<Integer> channel = ChannelBuilder.<Integer>channel(NAME).buildObjectChannel();

        assertEquals(NAME, channel.name());
        assertEquals(ChannelKind.OBJECT_SPSC, channel.kind());
        assertEquals(ChannelBuilder.DEFAULT_CAPACITY, channel.capacity());
        assertEquals(channel.capacity(), channel.highWaterMark());
        assertEquals(channel.highWaterMark() / 2, channel.lowWaterMark());
        assertEquals(OverflowPolicy.FAIL_FAST, channel.policy());
        assertEquals(CreditMode.AUTO, channel.creditMode());
        // window = high water mark + batch, batch = max(1, capacity / 4)
        assertEquals(channel.highWaterMark() + Math.max(1, channel.capacity() / 4), channel.credits());
        assertEquals(0, channel.depth());
        assertTrue(channel.isWritable());
    }

    @Test
    void shouldDeriveWaterMarksAndCreditWindowFromCapacity()
    {
        final ObjectChannel<Integer> channel = objects().capacity(10).buildObjectChannel();

        assertEquals(10, channel.highWaterMark());
        assertEquals(5, channel.lowWaterMark());
        assertEquals(10 + 2, channel.credits());
    }

    @Test
    void shouldDeriveLowWaterMarkFromExplicitHighWaterMark()
    {
        final ObjectChannel<Integer> channel = objects().capacity(10).highWaterMark(7).buildObjectChannel();

        assertEquals(7, channel.highWaterMark());
        assertEquals(3, channel.lowWaterMark());
        assertEquals(7 + 2, channel.credits());
    }

    @Test
    void shouldUseOneAsCreditBatchForTinyCapacity()
    {
        final ObjectChannel<Integer> channel = objects().capacity(3).buildObjectChannel();

        assertEquals(3, channel.highWaterMark());
        assertEquals(1, channel.lowWaterMark());
        assertEquals(3 + 1, channel.credits());
    }

    @Test
    void shouldStartManualModeWithZeroCreditsByDefault()
    {
        final ObjectChannel<Integer> channel = objects().creditMode(CreditMode.MANUAL).buildObjectChannel();

        assertEquals(CreditMode.MANUAL, channel.creditMode());
        assertEquals(0, channel.credits());
    }

    @Test
    void shouldUseDefaultMaxMessageLengthForBinaryKinds()
    {
        final BinaryChannel channel = ChannelBuilder.channel(NAME).kind(ChannelKind.BINARY_MPSC).capacity(4)
            .buildBinaryChannel();

        assertEquals(ChannelBuilder.DEFAULT_MAX_MESSAGE_LENGTH, channel.maxMessageLength());
        assertEquals(ChannelKind.BINARY_MPSC, channel.kind());
    }

    @Test
    void shouldAcceptBoundaryValues()
    {
        final ObjectChannel<Integer> smallest = objects().capacity(1).highWaterMark(1).lowWaterMark(0)
            .buildObjectChannel();
        assertEquals(1, smallest.capacity());
        assertEquals(0, smallest.lowWaterMark());

        final ObjectChannel<Integer> tight = objects().capacity(8).highWaterMark(8).lowWaterMark(7)
            .creditWindow(3).creditBatch(3).buildObjectChannel();
        assertEquals(7, tight.lowWaterMark());
        assertEquals(3, tight.credits());

        final ObjectChannel<Integer> manual = objects().creditMode(CreditMode.MANUAL)
            .initialCredits(Channel.MAX_CREDIT_LIMIT).buildObjectChannel();
        assertEquals(Channel.MAX_CREDIT_LIMIT, manual.credits());

        final BinaryChannel empty = binaries().maxMessageLength(0).buildBinaryChannel();
        assertEquals(0, empty.maxMessageLength());
    }

    @Test
    void shouldRecordSettersWithoutValidatingUntilBuild()
    {
        final ChannelBuilder<Integer> builder = objects().capacity(-1).highWaterMark(-1).lowWaterMark(-5);

        assertObjectRejected(builder, "capacity=-1");
    }

    @Test
    void shouldBuildIndependentChannelsFromOneBuilder()
    {
        final ChannelBuilder<Integer> builder = objects().capacity(4);
        final ObjectChannel<Integer> first = builder.buildObjectChannel();
        builder.capacity(16).highWaterMark(12);
        final ObjectChannel<Integer> second = builder.buildObjectChannel();

        assertNotSame(first, second);
        assertEquals(4, first.capacity());
        assertEquals(4, first.highWaterMark());
        assertEquals(16, second.capacity());
        assertEquals(12, second.highWaterMark());
        assertEquals(OfferResult.ACCEPTED, first.offer(1));
        assertEquals(1, first.depth());
        assertEquals(0, second.depth());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // name, kind
    // ---------------------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = { "", " ", "\t\n" })
    void shouldRejectBlankName(final String name)
    {
        final ChannelBuilder<Integer> builder = ChannelBuilder.channel(name);

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, builder::buildObjectChannel);
        assertTrue(ex.getMessage().contains("name='" + name + "'"), ex.getMessage());
        assertTrue(ex.getMessage().contains("non-blank"), ex.getMessage());
    }

    @Test
    void shouldRejectNullName()
    {
        final ChannelBuilder<Integer> builder = ChannelBuilder.channel(null);

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, builder::buildObjectChannel);
        assertTrue(ex.getMessage().contains("name='null'"), ex.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = ChannelKind.class, names = { "BINARY_SPSC", "BINARY_MPSC" })
    void shouldRejectBinaryKindForObjectChannel(final ChannelKind kind)
    {
        assertObjectRejected(objects().kind(kind), "kind=" + kind, "OBJECT_SPSC or OBJECT_MPSC");
    }

    @ParameterizedTest
    @EnumSource(value = ChannelKind.class, names = { "OBJECT_SPSC", "OBJECT_MPSC" })
    void shouldRejectObjectKindForBinaryChannel(final ChannelKind kind)
    {
        assertRejected(ChannelBuilder.<Integer>channel(NAME).kind(kind), true,
            "kind=" + kind, "BINARY_SPSC or BINARY_MPSC");
    }

    @Test
    void shouldRejectNullSettingsWithIllegalArgumentException()
    {
        assertObjectRejected(objects().kind(null), "kind=null");
        assertObjectRejected(objects().policy(null), "policy=null");
        assertObjectRejected(objects().creditMode(null), "creditMode=null");
        assertObjectRejected(objects().nanoClock(null), "nanoClock=null");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // capacity and water marks
    // ---------------------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = { 0, -1, Integer.MIN_VALUE, ChannelBuilder.MAX_CAPACITY + 1, Integer.MAX_VALUE })
    void shouldRejectCapacityOutOfRange(final int capacity)
    {
        final String range = "1.." + ChannelBuilder.MAX_CAPACITY;
        assertObjectRejected(objects().capacity(capacity), "capacity=" + capacity, range);
        assertRejected(binaries().capacity(capacity), true, "capacity=" + capacity, range);
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, -3, 9 })
    void shouldRejectHighWaterMarkOutOfRange(final int high)
    {
        assertObjectRejected(objects().highWaterMark(high), "highWaterMark=" + high, "1..capacity (8)");
    }

    @ParameterizedTest
    @ValueSource(ints = { -1, 6, 7 })
    void shouldRejectLowWaterMarkOutOfRange(final int low)
    {
        assertObjectRejected(objects().highWaterMark(6).lowWaterMark(low), "lowWaterMark=" + low,
            "0..highWaterMark - 1 (5)");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // policies and what they need
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldRejectShedWithoutSink()
    {
        assertObjectRejected(objects().policy(OverflowPolicy.SHED), "overflowSink=unset", "policy=SHED");
        assertRejected(binaries().policy(OverflowPolicy.SHED), true, "binaryOverflowSink=unset", "policy=SHED");
    }

    @Test
    void shouldRejectSpillWithoutStore()
    {
        assertObjectRejected(objects().policy(OverflowPolicy.SPILL), "spillStore=unset", "policy=SPILL");
        assertRejected(binaries().policy(OverflowPolicy.SPILL), true, "binarySpillStore=unset", "policy=SPILL");
    }

    @Test
    void shouldRejectBlockWithoutDeadline()
    {
        assertObjectRejected(objects().policy(OverflowPolicy.BLOCK), "blockTimeout=unset", "greater than 0");
    }

    @ParameterizedTest
    @ValueSource(longs = { 0, -1, Long.MIN_VALUE })
    void shouldRejectBlockWithDeadlineNotAfterNow(final long timeout)
    {
        assertObjectRejected(objects().policy(OverflowPolicy.BLOCK).blockTimeout(timeout, TimeUnit.MILLISECONDS),
            "blockTimeout=" + timeout, "greater than 0");
    }

    @ParameterizedTest
    @EnumSource(value = OverflowPolicy.class, names = "SHED", mode = EnumSource.Mode.EXCLUDE)
    void shouldRejectSinkForPolicyWithoutSink(final OverflowPolicy policy)
    {
        assertObjectRejected(withNeeds(objects().policy(policy), policy, false).overflowSink((c, m) -> true),
            "overflowSink=set", "unset unless policy=SHED (policy=" + policy + ")");
        assertRejected(withNeeds(binaries().policy(policy), policy, true)
            .binaryOverflowSink((c, t, b, o, l) -> true), true,
            "binaryOverflowSink=set", "unset unless policy=SHED (policy=" + policy + ")");
    }

    @ParameterizedTest
    @EnumSource(value = OverflowPolicy.class, names = "SPILL", mode = EnumSource.Mode.EXCLUDE)
    void shouldRejectStoreForPolicyWithoutStore(final OverflowPolicy policy)
    {
        assertObjectRejected(withNeeds(objects().policy(policy), policy, false)
            .spillStore(new InMemorySpillStore<>(8)),
            "spillStore=set", "unset unless policy=SPILL (policy=" + policy + ")");
        assertRejected(withNeeds(binaries().policy(policy), policy, true)
            .binarySpillStore(new InMemoryBinarySpillStore(1024)),
            true, "binarySpillStore=set", "unset unless policy=SPILL (policy=" + policy + ")");
    }

    @ParameterizedTest
    @EnumSource(value = OverflowPolicy.class, names = "BLOCK", mode = EnumSource.Mode.EXCLUDE)
    void shouldRejectBlockSettingsForOtherPolicies(final OverflowPolicy policy)
    {
        assertObjectRejected(withNeeds(objects().policy(policy), policy, false)
            .blockTimeout(5, TimeUnit.MILLISECONDS),
            "blockTimeout=5000000ns", "unset unless policy=BLOCK (policy=" + policy + ")");
        assertObjectRejected(withNeeds(objects().policy(policy), policy, false)
            .blockIdleStrategy(BusySpinIdleStrategy::new),
            "blockIdleStrategy=set", "unset unless policy=BLOCK (policy=" + policy + ")");
    }

    @Test
    void shouldRejectObjectSinkAndStoreOnBinaryKind()
    {
        assertRejected(binaries().policy(OverflowPolicy.SHED).binaryOverflowSink((c, t, b, o, l) -> true)
            .overflowSink((c, m) -> true), true, "overflowSink=set", "unset for kind BINARY_SPSC",
            "binaryOverflowSink");
        assertRejected(binaries().policy(OverflowPolicy.SPILL).binarySpillStore(new InMemoryBinarySpillStore(1024))
            .spillStore(new InMemorySpillStore<>(8)), true, "spillStore=set", "unset for kind BINARY_SPSC",
            "binarySpillStore");
    }

    @Test
    void shouldRejectBinarySinkAndStoreOnObjectKind()
    {
        assertObjectRejected(objects().policy(OverflowPolicy.SHED).overflowSink((c, m) -> true)
            .binaryOverflowSink((c, t, b, o, l) -> true), "binaryOverflowSink=set", "unset for kind OBJECT_SPSC",
            "overflowSink");
        assertObjectRejected(objects().policy(OverflowPolicy.SPILL).spillStore(new InMemorySpillStore<>(8))
            .binarySpillStore(new InMemoryBinarySpillStore(1024)), "binarySpillStore=set",
            "unset for kind OBJECT_SPSC", "spillStore");
    }

    @Test
    void shouldRejectBinarySinkAloneOnObjectKindWithShed()
    {
        assertObjectRejected(objects().policy(OverflowPolicy.SHED).binaryOverflowSink((c, t, b, o, l) -> true),
            "binaryOverflowSink=set");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // message length
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldRejectNegativeMaxMessageLength()
    {
        assertRejected(binaries().maxMessageLength(-1), true, "maxMessageLength=-1", "0..", "capacity=8");
    }

    @Test
    void shouldRejectMaxMessageLengthWhoseRecordsCannotFitTheLargestBuffer()
    {
        // 1024 records of more than 2^20 bytes each cannot fit in MAX_BUFFER_LENGTH (2^30) bytes
        final int tooLong = (ChannelBuilder.MAX_BUFFER_LENGTH >> 10) + 1;

        assertRejected(binaries().capacity(1023).maxMessageLength(tooLong), true,
            "maxMessageLength=" + tooLong, "0..", "capacity=1023");
        assertRejected(binaries().capacity(4).maxMessageLength(Integer.MAX_VALUE), true,
            "maxMessageLength=" + Integer.MAX_VALUE, "0..");
    }

    @Test
    void shouldRejectMaxMessageLengthOnObjectKind()
    {
        assertObjectRejected(objects().maxMessageLength(64), "maxMessageLength=64", "unset for object kind");
    }

    @Test
    void shouldRejectBinaryCapacityWhoseRecordsCannotFitEvenWhenEmpty()
    {
        // each record takes at least its 8 byte header, so 2^27 + 1 records need more than 2^30 bytes
        assertRejected(binaries().capacity(1 << 27).maxMessageLength(0), true, "1073741824");
        assertRejected(binaries().capacity(1 << 28).maxMessageLength(0), true, "1073741824");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // credits
    // ---------------------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(longs = { 0, -1, Channel.MAX_CREDIT_LIMIT + 1 })
    void shouldRejectCreditWindowOutOfRange(final long window)
    {
        assertObjectRejected(objects().creditWindow(window).creditBatch(1), "creditWindow=" + window,
            "1.." + Channel.MAX_CREDIT_LIMIT);
    }

    @ParameterizedTest
    @ValueSource(longs = { 0, -1, 5 })
    void shouldRejectCreditBatchOutOfRange(final long batch)
    {
        assertObjectRejected(objects().creditWindow(4).creditBatch(batch), "creditBatch=" + batch,
            "1..creditWindow (4)");
    }

    @Test
    void shouldRejectCreditWindowAndBatchInManualMode()
    {
        assertObjectRejected(objects().creditMode(CreditMode.MANUAL).creditWindow(8), "creditWindow=8",
            "unset when creditMode=MANUAL");
        assertObjectRejected(objects().creditMode(CreditMode.MANUAL).creditBatch(2), "creditBatch=2",
            "unset when creditMode=MANUAL");
    }

    @Test
    void shouldRejectInitialCreditsInAutoMode()
    {
        assertObjectRejected(objects().initialCredits(5), "initialCredits=5", "unset when creditMode=AUTO");
    }

    @ParameterizedTest
    @ValueSource(longs = { -1, Long.MIN_VALUE, Channel.MAX_CREDIT_LIMIT + 1 })
    void shouldRejectInitialCreditsOutOfRange(final long credits)
    {
        assertObjectRejected(objects().creditMode(CreditMode.MANUAL).initialCredits(credits),
            "initialCredits=" + credits, "0.." + Channel.MAX_CREDIT_LIMIT);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static ChannelBuilder<Integer> withNeeds(
        final ChannelBuilder<Integer> builder, final OverflowPolicy policy, final boolean binary)
    {
        final Consumer<ChannelBuilder<Integer>> needs;
        switch (policy)
        {
            case BLOCK:
                needs = (b) -> b.blockTimeout(1, TimeUnit.MILLISECONDS);
                break;

            case SHED:
                needs = binary ? (b) -> b.binaryOverflowSink((c, t, buf, o, l) -> true) :
                    (b) -> b.overflowSink((c, m) -> true);
                break;

            case SPILL:
                needs = binary ? (b) -> b.binarySpillStore(new InMemoryBinarySpillStore(1024)) :
                    (b) -> b.spillStore(new InMemorySpillStore<>(8));
                break;

            default:
                needs = (b) -> { };
                break;
        }
        needs.accept(builder);
        return builder;
    }
}
