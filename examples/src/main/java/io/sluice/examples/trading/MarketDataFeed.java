package io.sluice.examples.trading;

import io.sluice.queues.channel.OfferResult;
import io.sluice.runtime.graph.Outbox;
import io.sluice.runtime.graph.SourceHandler;

import java.util.SplittableRandom;

/**
 * The source: ticks paced by time at a fixed rate (as many as are due since the start and the edge has room for), on
 * a random walk of the price drawn from its random source. Each tick comes from the tick {@link Pool} and is stamped
 * with {@link System#nanoTime()} when it is created: the start of every round trip the exchange times.
 * <p>
 * <b>Note:</b> runs on the feed stage's thread; {@link #emitted()} may be read from any thread.
 */
final class MarketDataFeed implements SourceHandler<Tick>
{
    static final long START_PRICE_CENTS = 10_000;

    private final Pool<Tick> ticks;
    private final double ticksPerNano;
    private final SplittableRandom random;
    private final Counter emitted = new Counter();
    private long startNanos;
    private long sequence;
    private long priceCents = START_PRICE_CENTS;

    MarketDataFeed(final Pool<Tick> ticks, final long ticksPerSecond, final SplittableRandom random)
    {
        this.ticks = ticks;
        this.ticksPerNano = ticksPerSecond / 1e9;
        this.random = random;
    }

    /**
     * Set the start of the run (before the graph starts: the runner threads' start publishes it).
     */
    void startAt(final long startNanos)
    {
        this.startNanos = startNanos;
    }

    @Override
    public int produce(final Outbox<Tick> outbox, final int limit)
    {
        final long due = (long)((System.nanoTime() - startNanos) * ticksPerNano) - sequence;
        final int count = (int)Math.min(limit, due);
        for (int i = 0; i < count; i++)
        {
            priceCents = Math.max(1, priceCents + random.nextInt(5) - 2);
            final Tick tick = ticks.acquire().set(sequence, System.nanoTime(), priceCents);
            // a BLOCK edge takes (or holds) what fits in the limit; anything else means the graph is closing
            if (outbox.emit(tick) != OfferResult.ACCEPTED)
            {
                ticks.release(tick);
                return i;
            }
            sequence++;
            emitted.increment();
        }
        return Math.max(0, count);
    }

    long emitted()
    {
        return emitted.get();
    }
}
