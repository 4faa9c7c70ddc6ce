package io.sluice.examples.trading;

import io.sluice.queues.channel.OfferResult;
import io.sluice.runtime.graph.Outbox;
import io.sluice.runtime.graph.StageHandler;

/**
 * The strategy: mean reversion on one instrument. It keeps an exponentially weighted average of the price and sends
 * an order when the price strays from it by {@link #BAND_CENTS} or more: a sell above, a buy below (about three ticks
 * in ten on the feed's random walk). Each order comes from the order {@link Pool} and carries the tick's creation
 * time; the tick goes back to its pool once read.
 * <p>
 * <b>Note:</b> runs on the strategy stage's thread; {@link #created()} may be read from any thread.
 */
final class Strategy implements StageHandler<Tick, Order>
{
    static final long BAND_CENTS = 3;
    static final long QUANTITY = 100;
    private static final double AVERAGE_WEIGHT = 1.0 / 8;

    private final Pool<Tick> ticks;
    private final Pool<Order> orders;
    private final Counter created = new Counter();
    private double average = MarketDataFeed.START_PRICE_CENTS;
    private long nextOrderId;

    Strategy(final Pool<Tick> ticks, final Pool<Order> orders)
    {
        this.ticks = ticks;
        this.orders = orders;
    }

    @Override
    public void onMessage(final Tick tick, final Outbox<Order> outbox)
    {
        final long price = tick.priceCents;
        final double deviation = price - average;
        average += deviation * AVERAGE_WEIGHT;
        final byte side = deviation >= BAND_CENTS ? Order.SELL : deviation <= -BAND_CENTS ? Order.BUY : 0;
        if (0 != side)
        {
            final Order order = orders.acquire().set(nextOrderId, side, price, QUANTITY, tick.createdNanos);
            // the stage takes no more ticks than the BLOCK edge has room for and sends at most one order per tick,
            // so the emit is taken or held; anything else is a bug, and the tick becomes a dead letter
            final int result = outbox.emit(order);
            if (result != OfferResult.ACCEPTED)
            {
                orders.release(order);
                throw new IllegalStateException("strategy->gateway refused order " + nextOrderId + ": " +
                    OfferResult.toString(result));
            }
            nextOrderId++;
            created.increment();
        }
        ticks.release(tick);
    }

    long created()
    {
        return created.get();
    }
}
