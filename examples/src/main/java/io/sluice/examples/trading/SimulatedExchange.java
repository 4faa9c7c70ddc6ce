package io.sluice.examples.trading;

import io.sluice.runtime.graph.SinkHandler;
import io.sluice.runtime.metrics.LatencyRecorder;

import java.util.SplittableRandom;

/**
 * The simulated exchange, the handler of the graph's sink: it spends a service time on each order (busy, as a
 * matching engine would) and then acknowledges it as filled, timing the round trip from the creation of the tick that
 * caused the order to the acknowledgement. What it does depends on the {@link MarketPhases} schedule: in a
 * {@code SLOW} phase the service time rises; in a {@code REJECT} phase it rejects a share of the orders, drawn from
 * its random source, by throwing {@link Rejected#INSTANCE}, which the stage reports to its circuit breaker as a
 * failure and hands, with the order, to the stage's dead-letter sink.
 * <p>
 * Throwing is the runtime's way to fail a handler; the exception is preallocated without a stack trace, so a
 * rejection allocates nothing.
 * <p>
 * <b>Note:</b> runs on the exchange stage's thread; the counts may be read from any thread.
 */
final class SimulatedExchange implements SinkHandler<Order>
{
    private final MarketPhases phases;
    private final long serviceNanos;
    private final long slowServiceNanos;
    private final double rejectRatio;
    private final SplittableRandom random;
    private final LatencyRecorder roundTrip;
    private final Pool<Order> orders;
    private final Counter filled = new Counter();
    private final Counter rejected = new Counter();
    private long startNanos;

    SimulatedExchange(
        final MarketPhases phases,
        final long serviceNanos,
        final long slowServiceNanos,
        final double rejectRatio,
        final SplittableRandom random,
        final LatencyRecorder roundTrip,
        final Pool<Order> orders)
    {
        this.phases = phases;
        this.serviceNanos = serviceNanos;
        this.slowServiceNanos = slowServiceNanos;
        this.rejectRatio = rejectRatio;
        this.random = random;
        this.roundTrip = roundTrip;
        this.orders = orders;
    }

    /**
     * Set the start of the run (before the graph starts: the runner threads' start publishes it).
     */
    void startAt(final long startNanos)
    {
        this.startNanos = startNanos;
    }

    @Override
    public void onMessage(final Order order) throws Rejected
    {
        final long arrived = System.nanoTime();
        final MarketPhases.Phase phase = phases.at(arrived - startNanos);
        final long until = arrived + (phase == MarketPhases.Phase.SLOW ? slowServiceNanos : serviceNanos);
        while (System.nanoTime() - until < 0)
        {
            Thread.onSpinWait();
        }
        if (phase == MarketPhases.Phase.REJECT && random.nextDouble() < rejectRatio)
        {
            rejected.increment();
            throw Rejected.INSTANCE;
        }
        roundTrip.record(System.nanoTime() - order.tickCreatedNanos);
        filled.increment();
        orders.release(order);
    }

    /**
     * Orders acknowledged as filled.
     */
    long filled()
    {
        return filled.get();
    }

    /**
     * Orders the exchange rejected.
     */
    long rejected()
    {
        return rejected.get();
    }

    /**
     * The exchange's answer to an order it rejects; one preallocated instance without a stack trace.
     */
    static final class Rejected extends Exception
    {
        static final Rejected INSTANCE = new Rejected();
        private static final long serialVersionUID = 1L;

        private Rejected()
        {
            super("order rejected by the simulated exchange", null, false, false);
        }
    }
}
