package io.sluice.queues.channel;

import io.sluice.queues.overflow.InMemoryBinarySpillStore;
import io.sluice.queues.overflow.InMemorySpillStore;
import io.sluice.queues.overflow.OverflowPolicy;

import java.util.concurrent.TimeUnit;

/**
 * The channel a scenario races on: kind, policy, bounds, credits and how many producers offer to it. Small on
 * purpose, so that the water marks and the overflow policy are reached inside the race.
 */
final class Spec
{
    /** Default deadline of a BLOCK offer in the conservation scenarios: short, so a lagging consumer costs little. */
    static final long SHORT_BLOCK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    /** Default deadline of a BLOCK offer in the termination scenarios: far longer than jcstress waits. */
    static final long LONG_BLOCK_NANOS = TimeUnit.MINUTES.toNanos(1);

    final ChannelKind kind;
    final OverflowPolicy policy;
    int capacity = 2;
    int highWaterMark = 2;
    int lowWaterMark = 1;
    int producers = 1;
    long initialCredits = -1;
    long blockNanos = SHORT_BLOCK_NANOS;
    int spillCapacity = 16;
    int shedRefuseEvery;

    private Spec(final ChannelKind kind, final OverflowPolicy policy)
    {
        this.kind = kind;
        this.policy = policy;
    }

    static Spec of(final ChannelKind kind, final OverflowPolicy policy)
    {
        return new Spec(kind, policy);
    }

    Spec marks(final int capacity, final int highWaterMark, final int lowWaterMark)
    {
        this.capacity = capacity;
        this.highWaterMark = highWaterMark;
        this.lowWaterMark = lowWaterMark;
        return this;
    }

    Spec producers(final int producers)
    {
        this.producers = producers;
        return this;
    }

    Spec manualCredits(final long initialCredits)
    {
        this.initialCredits = initialCredits;
        return this;
    }

    Spec blockNanos(final long blockNanos)
    {
        this.blockNanos = blockNanos;
        return this;
    }

    /**
     * Object SPILL only: the in-memory spill store's capacity (a power of two, at least 2), so that a small one
     * refuses appends inside the race.
     */
    Spec spillCapacity(final int spillCapacity)
    {
        this.spillCapacity = spillCapacity;
        return this;
    }

    /**
     * SHED only: the sink refuses every n-th message (0: it takes all).
     */
    Spec shedRefuseEvery(final int n)
    {
        this.shedRefuseEvery = n;
        return this;
    }

    boolean manual()
    {
        return initialCredits >= 0;
    }

    Rig build()
    {
        final ShedLog shedLog = policy == OverflowPolicy.SHED ? new ShedLog(shedRefuseEvery) : null;
        final ChannelBuilder<Integer> builder = ChannelBuilder.<Integer>channel("jcstress")
            .kind(kind)
            .capacity(capacity)
            .highWaterMark(highWaterMark)
            .lowWaterMark(lowWaterMark)
            .policy(policy);
        if (manual())
        {
            builder.creditMode(CreditMode.MANUAL).initialCredits(initialCredits);
        }
        if (policy == OverflowPolicy.BLOCK)
        {
            builder.blockTimeout(blockNanos, TimeUnit.NANOSECONDS);
        }

        if (kind.isBinary())
        {
            builder.maxMessageLength(BinaryRig.MESSAGE_LENGTH);
            if (policy == OverflowPolicy.SHED)
            {
                builder.binaryOverflowSink(shedLog);
            }
            else if (policy == OverflowPolicy.SPILL)
            {
                builder.binarySpillStore(new InMemoryBinarySpillStore(1024));
            }
            return new BinaryRig(this, builder.buildBinaryChannel(), shedLog);
        }

        if (policy == OverflowPolicy.SHED)
        {
            builder.overflowSink(shedLog);
        }
        else if (policy == OverflowPolicy.SPILL)
        {
            builder.spillStore(new InMemorySpillStore<>(spillCapacity));
        }
        return new ObjectRig(this, builder.buildObjectChannel(), shedLog);
    }
}
