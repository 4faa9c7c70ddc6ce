package io.sluice.queues.channel;

import io.sluice.queues.overflow.InMemoryBinarySpillStore;
import io.sluice.queues.overflow.InMemorySpillStore;
import io.sluice.queues.overflow.OverflowPolicy;

import java.util.concurrent.TimeUnit;

/**
 * Builds channels of any kind and policy for tests, with a controllable clock, a clock-advancing idle strategy for
 * BLOCK, a recording overflow sink for SHED and an in-memory spill store for SPILL.
 */
final class Fixture
{
    static final long BLOCK_TIMEOUT_NS = TimeUnit.MILLISECONDS.toNanos(10);
    static final long IDLE_STEP_NS = TimeUnit.MILLISECONDS.toNanos(1);

    final TestClock clock = new TestClock();
    final AdvancingIdleStrategy idleStrategy;
    final RecordingSink sink = new RecordingSink();
    int objectSpillCapacity = 1024;
    int binarySpillBytes = 64 * 1024;
    InMemorySpillStore<Integer> objectSpillStore;
    InMemoryBinarySpillStore binarySpillStore;

    Fixture()
    {
        this(IDLE_STEP_NS);
    }

    /**
     * @param idleStepNanos how far each idle of a blocked producer moves the clock; 0 for a clock that never moves.
     */
    Fixture(final long idleStepNanos)
    {
        idleStrategy = new AdvancingIdleStrategy(clock, idleStepNanos);
    }

    static String nameOf(final ChannelKind kind, final OverflowPolicy policy)
    {
        return kind.name().toLowerCase() + "-" + policy.name().toLowerCase();
    }

    /**
     * A builder with everything the kind and policy need, to be completed by the test.
     */
    ChannelBuilder<Integer> builder(final ChannelKind kind, final OverflowPolicy policy)
    {
        final ChannelBuilder<Integer> builder = ChannelBuilder.<Integer>channel(nameOf(kind, policy))
            .kind(kind)
            .policy(policy)
            .nanoClock(clock);
        if (kind.isBinary())
        {
            builder.maxMessageLength(Harness.MAX_LENGTH);
        }
        switch (policy)
        {
            case BLOCK:
                builder.blockTimeout(BLOCK_TIMEOUT_NS, TimeUnit.NANOSECONDS).blockIdleStrategy(() -> idleStrategy);
                break;

            case SHED:
                if (kind.isBinary())
                {
                    builder.binaryOverflowSink(sink);
                }
                else
                {
                    builder.overflowSink(sink);
                }
                break;

            case SPILL:
                if (kind.isBinary())
                {
                    binarySpillStore = new InMemoryBinarySpillStore(binarySpillBytes);
                    builder.binarySpillStore(binarySpillStore);
                }
                else
                {
                    objectSpillStore = new InMemorySpillStore<>(objectSpillCapacity);
                    builder.spillStore(objectSpillStore);
                }
                break;

            default:
                break;
        }
        return builder;
    }

    Harness build(final ChannelKind kind, final ChannelBuilder<Integer> builder)
    {
        final Harness harness = kind.isBinary() ?
            Harness.of(builder.buildBinaryChannel()) : Harness.of(builder.buildObjectChannel());
        sink.expectChannel(harness.channel());
        return harness;
    }

    Harness channel(
        final ChannelKind kind, final OverflowPolicy policy, final int capacity, final int high, final int low)
    {
        return build(kind, builder(kind, policy).capacity(capacity).highWaterMark(high).lowWaterMark(low));
    }
}
