package io.sluice.examples.trading;

import io.sluice.queues.channel.OfferResult;
import io.sluice.runtime.graph.Outbox;
import io.sluice.runtime.graph.StageHandler;

/**
 * The order gateway: sends each order on to the exchange over an edge whose policy is {@code FAIL_FAST}. When the
 * exchange has fallen behind and the edge is full (above its high water mark, until it drains to the low one), the
 * emit returns {@link OfferResult#REJECTED} at once: the gateway counts the order as refused and recycles it, rather
 * than queue a stale order or slow the strategy and the market data feed behind it.
 * <p>
 * <b>Note:</b> runs on the gateway stage's thread; the counts may be read from any thread.
 */
final class OrderGateway implements StageHandler<Order, Order>
{
    private final Pool<Order> orders;
    private final Counter sent = new Counter();
    private final Counter refusedByEdge = new Counter();

    OrderGateway(final Pool<Order> orders)
    {
        this.orders = orders;
    }

    @Override
    public void onMessage(final Order order, final Outbox<Order> outbox)
    {
        final int result = outbox.emit(order);
        if (result == OfferResult.ACCEPTED)
        {
            sent.increment();
        }
        else if (result == OfferResult.REJECTED)
        {
            refusedByEdge.increment();
            orders.release(order);
        }
        else
        {
            // the edge closes only after this stage finishes: unexpected, so the order becomes a dead letter
            throw new IllegalStateException(
                "gateway->exchange: order " + order.id + " " + OfferResult.toString(result));
        }
    }

    /**
     * Orders the edge to the exchange took.
     */
    long sent()
    {
        return sent.get();
    }

    /**
     * Orders the full edge refused ({@code FAIL_FAST}).
     */
    long refusedByEdge()
    {
        return refusedByEdge.get();
    }
}
