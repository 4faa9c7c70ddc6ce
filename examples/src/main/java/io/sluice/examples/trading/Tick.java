package io.sluice.examples.trading;

/**
 * A market data tick: a mutable record the feed fills and the strategy hands back to the {@link Pool} once read.
 * <p>
 * <b>Note:</b> one owner at a time: the feed while it fills the tick, then whoever took it from the edge. The channel's
 * publication orders the feed's writes before the strategy's reads, and the pool's free ring orders the strategy's
 * last read before the feed's next fill.
 */
final class Tick
{
    long sequence;
    long createdNanos;
    long priceCents;

    Tick set(final long sequence, final long createdNanos, final long priceCents)
    {
        this.sequence = sequence;
        this.createdNanos = createdNanos;
        this.priceCents = priceCents;
        return this;
    }
}
