package io.sluice.examples.trading;

/**
 * An order: a mutable record the strategy fills from a {@link Pool} and whoever settles it (the gateway when the edge
 * to the exchange refuses it, the exchange when it fills it, the dead-letter sink when it is rejected or refused) hands
 * back. It carries the {@link System#nanoTime()} at which the tick that caused it was created, so the exchange can
 * time the round trip.
 * <p>
 * <b>Note:</b> one owner at a time, handed on by channels and by the pool's free ring, as for {@link Tick}.
 */
final class Order
{
    static final byte BUY = 1;
    static final byte SELL = -1;

    long id;
    byte side;
    long priceCents;
    long quantity;
    long tickCreatedNanos;

    Order set(final long id, final byte side, final long priceCents, final long quantity, final long tickCreatedNanos)
    {
        this.id = id;
        this.side = side;
        this.priceCents = priceCents;
        this.quantity = quantity;
        this.tickCreatedNanos = tickCreatedNanos;
        return this;
    }
}
