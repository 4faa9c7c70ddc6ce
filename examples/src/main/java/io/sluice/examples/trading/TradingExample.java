package io.sluice.examples.trading;

import io.sluice.examples.cli.ToolErrors;
import io.sluice.queues.channel.ChannelCounters;
import io.sluice.queues.overflow.OverflowPolicy;
import io.sluice.runtime.agent.IdleStrategies;
import io.sluice.runtime.agent.ThreadingMode;
import io.sluice.runtime.failure.BreakerOpenAction;
import io.sluice.runtime.failure.CircuitBreaker;
import io.sluice.runtime.failure.DistinctErrorHandler;
import io.sluice.runtime.graph.CloseReport;
import io.sluice.runtime.graph.Graph;
import io.sluice.runtime.graph.GraphBuilder;
import io.sluice.runtime.graph.StageCounters;
import io.sluice.runtime.graph.StageSpec;
import io.sluice.runtime.metrics.LatencyRecorder;
import org.HdrHistogram.Histogram;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.SystemEpochClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A trading pipeline against an exchange that misbehaves: a market data feed, a strategy, an order gateway and a
 * simulated exchange, as a graph of four stages.
 * <pre>
 * feed --[feed-&gt;strategy, BLOCK]--&gt; strategy --[strategy-&gt;gateway, BLOCK]--&gt; gateway
 *      --[gateway-&gt;exchange, FAIL_FAST]--&gt; exchange (circuit breaker, dead letters)
 * </pre>
 * The {@link MarketDataFeed} emits ticks at {@code --rate} per second, paced by time; the {@link Strategy} turns
 * about three in ten into orders; the {@link OrderGateway} sends each order on over an edge whose policy is
 * {@code FAIL_FAST}, so when the exchange falls behind the gateway is refused at once (and counts it) instead of
 * queueing stale orders or slowing the feed. The {@link SimulatedExchange} follows a schedule drawn from
 * {@code --seed} ({@link MarketPhases}): calm, rejecting a share of the orders, calm, slow, and again. Its stage has
 * a {@link CircuitBreaker}: enough rejections within the window open it, and while it is open the stage refuses orders
 * without calling the exchange (each one counted as a dead letter with reason {@code BREAKER_OPEN}); after the open
 * duration one probe order goes through, and the breaker closes if it is filled.
 * <p>
 * While it runs it prints a line a second; at the end, every transition of the breaker with its offset from the
 * start, the round-trip latency (tick created to exchange acknowledgement, filled orders only) from an HdrHistogram,
 * the conservation identity of every edge and stage, and the fate of every order: each one created is filled,
 * rejected by the exchange, refused (while the breaker was open, or by the full edge), dead-lettered, or still in
 * flight, and the counts the example keeps agree with the runtime's own.
 * <p>
 * Ticks and orders come from preallocated {@link Pool}s with free rings and go back once settled, so the run
 * allocates nothing per message (a pool that ran dry would allocate, and say so). The breaker's transitions go into
 * preallocated arrays. What allocates: the setup, the once-a-second report, and an unexpected failure's exception.
 * <p>
 * By default the feed, strategy and gateway share one thread and the exchange has its own ({@code GROUPS}).
 */
@Command(
    name = "trading",
    mixinStandardHelpOptions = true,
    description = "Market data feed -> strategy -> order gateway -> a simulated exchange that slows down and " +
        "rejects at times: FAIL_FAST into the exchange, a circuit breaker on it, round-trip latency percentiles " +
        "and the breaker's transitions.")
public final class TradingExample implements Callable<Integer>
{
    private static final long REPORT_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long DRAIN_DEADLINE_NS = TimeUnit.SECONDS.toNanos(30);
    private static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final int SIGNIFICANT_DIGITS = 3;
    private static final int TICK_EDGE_CAPACITY = 1024;
    private static final int ORDER_EDGE_CAPACITY = 1024;
    private static final int TRANSITIONS_KEPT = 1000;
    private static final int PHASES_SHOWN = 12;
    private static final String FEED = "feed";
    private static final String STRATEGY = "strategy";
    private static final String GATEWAY = "gateway";
    private static final String EXCHANGE = "exchange";
    private static final String TICK_EDGE = "feed->strategy";
    private static final String ORDER_EDGE = "strategy->gateway";
    private static final String EXCHANGE_EDGE = "gateway->exchange";
    private static final List<ThreadingMode> THREADING_MODES =
        List.of(ThreadingMode.GROUPS, ThreadingMode.THREAD_PER_AGENT, ThreadingMode.SHARED_THREAD);

    @Spec
    private CommandSpec spec;

    @Option(names = "--seconds", defaultValue = "5", paramLabel = "S",
        description = "Seconds the feed runs (default: ${DEFAULT-VALUE}).")
    private double seconds;

    @Option(names = "--rate", defaultValue = "20000", paramLabel = "N",
        description = "Ticks per second the feed emits (default: ${DEFAULT-VALUE}); about three in ten become " +
        "orders.")
    private long rate;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
        description = "Seed of the prices, the exchange's phases and its rejections (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--phase-ms", defaultValue = "500", paramLabel = "MS",
        description = "Mean length of the exchange's phases (calm, reject, calm, slow, ...), each drawn between " +
        "half and one and a half times this (default: ${DEFAULT-VALUE}).")
    private long phaseMillis;

    @Option(names = "--service-us", defaultValue = "5", paramLabel = "US",
        description = "Microseconds the exchange spends per order when not slow (default: ${DEFAULT-VALUE}).")
    private long serviceMicros;

    @Option(names = "--slow-service-us", defaultValue = "400", paramLabel = "US",
        description = "Microseconds the exchange spends per order in a slow phase (default: ${DEFAULT-VALUE}).")
    private long slowServiceMicros;

    @Option(names = "--reject-ratio", defaultValue = "0.6", paramLabel = "R",
        description = "Share of the orders the exchange rejects in a reject phase (default: ${DEFAULT-VALUE}).")
    private double rejectRatio;

    @Option(names = "--exchange-capacity", defaultValue = "256", paramLabel = "N",
        description = "Capacity of the FAIL_FAST edge into the exchange; it refuses when full until half drained " +
        "(default: ${DEFAULT-VALUE}).")
    private int exchangeCapacity;

    @Option(names = "--breaker-failures", defaultValue = "5", paramLabel = "N",
        description = "Rejections within the window that open the breaker (default: ${DEFAULT-VALUE}).")
    private int breakerFailures;

    @Option(names = "--breaker-window-ms", defaultValue = "50", paramLabel = "MS",
        description = "The breaker's failure window (default: ${DEFAULT-VALUE}).")
    private long breakerWindowMillis;

    @Option(names = "--breaker-open-ms", defaultValue = "100", paramLabel = "MS",
        description = "How long the breaker stays open before a probe (default: ${DEFAULT-VALUE}).")
    private long breakerOpenMillis;

    @Option(names = "--threading", defaultValue = "GROUPS", paramLabel = "MODE",
        description = "GROUPS (feed, strategy and gateway on one thread, the exchange on another), " +
        "THREAD_PER_AGENT or SHARED_THREAD (default: ${DEFAULT-VALUE}).")
    private ThreadingMode threading;

    @Option(names = "--idle", defaultValue = IdleStrategies.BACKOFF, paramLabel = "NAME",
        description = "Idle strategy of the runner threads: busy-spin, yielding, sleeping, backoff, noop " +
        "(default: ${DEFAULT-VALUE}).")
    private String idle;

    @Option(names = "--quiet", description = "Print only the summary.")
    private boolean quiet;

    /**
     * Run the pipeline and print what happened.
     *
     * @return 0 if every identity holds and every order is accounted for, 1 otherwise.
     */
    @Override
    public Integer call()
    {
        checkOptions();
        final PrintWriter out = spec.commandLine().getOut();
        final long runNanos = (long)(seconds * 1e9);
        final Desk desk = new Desk(spec.commandLine().getErr(), runNanos);
        printSetup(out, desk.phases, runNanos);

        final CloseReport report;
        try
        {
            desk.run(out, runNanos);
        }
        finally
        {
            // close stops the feed, lets every stage drain its edges in order and returns once all are done
            report = desk.graph.close(DRAIN_DEADLINE_NS, TimeUnit.NANOSECONDS);
        }

        final boolean good = desk.summarise(out, report);
        out.println(good ?
            "nothing lost without being counted" :
            "SOMETHING WAS LOST OR MISCOUNTED: see above");
        out.flush();
        return good ? 0 : 1;
    }

    private void checkOptions()
    {
        check(seconds > 0 && seconds <= 3600, "--seconds", seconds, "0 < S <= 3600");
        check(rate >= 1 && rate <= 1_000_000, "--rate", rate, "1..1000000");
        check(phaseMillis >= 10 && phaseMillis <= 600_000, "--phase-ms", phaseMillis, "10..600000");
        check(serviceMicros >= 0 && serviceMicros <= 100_000, "--service-us", serviceMicros, "0..100000");
        check(slowServiceMicros >= serviceMicros && slowServiceMicros <= 1_000_000, "--slow-service-us",
            slowServiceMicros, serviceMicros + "..1000000 (at least --service-us)");
        check(rejectRatio >= 0 && rejectRatio <= 1, "--reject-ratio", rejectRatio, "0 <= R <= 1");
        check(exchangeCapacity >= 2 && exchangeCapacity <= 1 << 20, "--exchange-capacity", exchangeCapacity,
            "2.." + (1 << 20));
        check(breakerFailures >= 1 && breakerFailures <= CircuitBreaker.MAX_FAILURE_THRESHOLD, "--breaker-failures",
            breakerFailures, "1.." + CircuitBreaker.MAX_FAILURE_THRESHOLD);
        check(breakerWindowMillis >= 1 && breakerWindowMillis <= 3_600_000, "--breaker-window-ms",
            breakerWindowMillis, "1..3600000");
        check(breakerOpenMillis >= 0 && breakerOpenMillis <= 3_600_000, "--breaker-open-ms", breakerOpenMillis,
            "0..3600000");
        check(THREADING_MODES.contains(threading), "--threading", threading, THREADING_MODES.toString());
        check(IdleStrategies.NAMES.contains(idle), "--idle", idle, String.join(", ", IdleStrategies.NAMES));
    }

    private void check(final boolean ok, final String option, final Object value, final String allowed)
    {
        ToolErrors.check(spec, ok, option, value, allowed);
    }

    private void printSetup(final PrintWriter out, final MarketPhases phases, final long runNanos)
    {
        out.printf("trading: feed %,d ticks/s for %.1f s, seed %d, threading %s%n", rate, seconds, seed, threading);
        out.printf("exchange: %,d us per order, %,d us when slow, rejects %.0f%% of orders when rejecting%n",
            serviceMicros, slowServiceMicros, rejectRatio * 100);
        out.printf("edges: %s BLOCK %,d, %s BLOCK %,d, %s FAIL_FAST %,d%n", TICK_EDGE, TICK_EDGE_CAPACITY,
            ORDER_EDGE, ORDER_EDGE_CAPACITY, EXCHANGE_EDGE, exchangeCapacity);
        out.printf("breaker '%s': opens after %d rejections within %d ms, stays open %d ms, closes after 1 filled " +
            "probe%n", EXCHANGE, breakerFailures, breakerWindowMillis, breakerOpenMillis);
        final StringBuilder line = new StringBuilder("phases:");
        for (int i = 0; i < phases.count() && phases.startNanos(i) < runNanos; i++)
        {
            if (i == PHASES_SHOWN)
            {
                line.append(" ...");
                break;
            }
            line.append(String.format(" %.3fs %s", phases.startNanos(i) / 1e9, phases.phase(i)));
        }
        out.println(line);
        out.flush();
    }

    /**
     * One run: the graph, its handlers, pools, breaker and recorders, built from the options.
     */
    private final class Desk
    {
        final MarketPhases phases;
        final Pool<Tick> ticks;
        final Pool<Order> orders;
        final LatencyRecorder roundTrip = new LatencyRecorder(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS, 1);
        final Histogram total = new Histogram(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
        final BreakerLog breakerLog;
        final CircuitBreaker breaker;
        final MarketDataFeed feed;
        final Strategy strategy;
        final OrderGateway gateway;
        final SimulatedExchange exchange;
        final RecyclingDeadLetters<Tick> strategyDeadLetters;
        final RecyclingDeadLetters<Order> gatewayDeadLetters;
        final RecyclingDeadLetters<Order> exchangeDeadLetters;
        final AtomicLong unexpectedErrors = new AtomicLong();
        final Graph graph;
        Histogram interval;

        Desk(final PrintWriter err, final long runNanos)
        {
            // one stream per consumer of randomness, all from the seed
            final SplittableRandom random = new SplittableRandom(seed);
            phases = MarketPhases.draw(random.split(), TimeUnit.MILLISECONDS.toNanos(phaseMillis), runNanos);
            // the most messages in flight at once: every edge full (high water mark plus a batch), every outbox full
            final int slack = 2 * StageSpec.DEFAULT_OUTBOX_CAPACITY + 4 * StageSpec.DEFAULT_BATCH;
            ticks = new Pool<>(TICK_EDGE_CAPACITY + slack, Tick::new);
            orders = new Pool<>(ORDER_EDGE_CAPACITY + exchangeCapacity + slack, Order::new);
            breakerLog = new BreakerLog(phases, TRANSITIONS_KEPT);
            breaker = CircuitBreaker.builder(EXCHANGE)
                .failureThreshold(breakerFailures)
                .window(breakerWindowMillis, TimeUnit.MILLISECONDS)
                .openDuration(breakerOpenMillis, TimeUnit.MILLISECONDS)
                .halfOpenProbes(1)
                .listener(breakerLog)
                .build();

            feed = new MarketDataFeed(ticks, rate, random.split());
            strategy = new Strategy(ticks, orders);
            gateway = new OrderGateway(orders);
            exchange = new SimulatedExchange(phases, TimeUnit.MICROSECONDS.toNanos(serviceMicros),
                TimeUnit.MICROSECONDS.toNanos(slowServiceMicros), rejectRatio, random.split(), roundTrip, orders);
            strategyDeadLetters = new RecyclingDeadLetters<>(ticks);
            gatewayDeadLetters = new RecyclingDeadLetters<>(orders);
            exchangeDeadLetters = new RecyclingDeadLetters<>(orders);

            // rejections are expected and counted by the exchange's dead-letter sink; anything else is a fault
            final DistinctErrorHandler errorLog = new DistinctErrorHandler(
                DistinctErrorHandler.DEFAULT_BUFFER_BYTES, SystemEpochClock.INSTANCE, (ex) -> ex.printStackTrace(err));
            final ErrorHandler errors = (ex) ->
            {
                if (ex != SimulatedExchange.Rejected.INSTANCE)
                {
                    unexpectedErrors.incrementAndGet();
                    errorLog.onError(ex);
                }
            };

            final GraphBuilder builder = GraphBuilder.graph("trading")
                .threading(threading)
                .idleStrategy(idle)
                .errorHandler(errors);
            builder.source(FEED, feed);
            builder.stage(STRATEGY, strategy).deadLetters(strategyDeadLetters);
            builder.stage(GATEWAY, gateway).deadLetters(gatewayDeadLetters);
            builder.sink(EXCHANGE, exchange)
                .circuitBreaker(breaker, BreakerOpenAction.DEAD_LETTER)
                .deadLetters(exchangeDeadLetters);
            builder.edge(TICK_EDGE, FEED, STRATEGY).capacity(TICK_EDGE_CAPACITY);
            builder.edge(ORDER_EDGE, STRATEGY, GATEWAY).capacity(ORDER_EDGE_CAPACITY);
            builder.edge(EXCHANGE_EDGE, GATEWAY, EXCHANGE).capacity(exchangeCapacity)
                .policy(OverflowPolicy.FAIL_FAST);
            if (threading == ThreadingMode.GROUPS)
            {
                builder.group("engine", idle, FEED, STRATEGY, GATEWAY);
                builder.group("venue", idle, EXCHANGE);
            }
            graph = builder.build();
        }

        /**
         * Start the graph and print a line a second until the run is over (the caller closes the graph).
         */
        void run(final PrintWriter out, final long runNanos)
        {
            final long startNanos = System.nanoTime();
            feed.startAt(startNanos);
            exchange.startAt(startNanos);
            breakerLog.startAt(startNanos);
            graph.start();

            if (!quiet)
            {
                out.printf("%nper second; phase and breaker: at the time of the line; rejected: by the exchange, " +
                    "refused: while the breaker was open, edgeFull: refused by the FAIL_FAST edge (totals so far); " +
                    "p99: round trip of the orders filled in the second%n");
                out.printf("%6s %-7s %9s %9s %9s %9s %9s %9s %9s %-9s %9s%n", "time", "phase", "ticks/s",
                    "orders/s", "sent/s", "filled/s", "rejected", "refused", "edgeFull", "breaker", "p99 us");
            }
            final long end = startNanos + runNanos;
            final long[] previous = new long[4];
            long lastReport = startNanos;
            while (true)
            {
                final long nextReport = Math.min(end, lastReport + REPORT_INTERVAL_NS);
                long wait;
                while ((wait = nextReport - System.nanoTime()) > 0)
                {
                    LockSupport.parkNanos(wait);
                }
                final long now = System.nanoTime();
                takeInterval();
                if (!quiet)
                {
                    final long[] current = { feed.emitted(), strategy.created(), gateway.sent(), exchange.filled() };
                    final double perSecond = 1e9 / (now - lastReport);
                    out.printf("%5.1fs %-7s %,9.0f %,9.0f %,9.0f %,9.0f %,9d %,9d %,9d %-9s %,9.1f%n",
                        (now - startNanos) / 1e9, phases.at(now - startNanos),
                        (current[0] - previous[0]) * perSecond, (current[1] - previous[1]) * perSecond,
                        (current[2] - previous[2]) * perSecond, (current[3] - previous[3]) * perSecond,
                        exchangeDeadLetters.rejectedByExchange(), exchangeDeadLetters.refusedByBreaker(),
                        gateway.refusedByEdge(), breaker.state(),
                        interval.getTotalCount() == 0 ? 0.0 : interval.getValueAtPercentile(99) / 1e3);
                    out.flush();
                    System.arraycopy(current, 0, previous, 0, current.length);
                }
                lastReport = now;
                if (now >= end)
                {
                    break;
                }
            }
        }

        /**
         * Move the round trips recorded since the last call into the run's histogram (this thread only).
         */
        private void takeInterval()
        {
            interval = roundTrip.interval(interval);
            total.add(interval);
        }

        /**
         * Print the transitions, the latency, the identities and the fate of the orders (after the close).
         *
         * @return whether every identity and check holds.
         */
        boolean summarise(final PrintWriter out, final CloseReport report)
        {
            takeInterval();
            printTransitions(out);
            printLatency(out);
            final Accounts accounts = new Accounts(out);
            printEdges(out, accounts);
            printStages(out, accounts);
            printOrders(out, accounts);
            out.printf("pools: ticks %,d preallocated, %,d allocated beyond; orders %,d preallocated, %,d " +
                "allocated beyond%n", ticks.size(), ticks.allocatedBeyond(), orders.size(), orders.allocatedBeyond());
            accounts.holds("the close drained every edge and stage", report.drained());
            accounts.check("unexpected errors", 0, unexpectedErrors.get());
            accounts.report();
            return accounts.allHold();
        }

        private void printTransitions(final PrintWriter out)
        {
            final int recorded = breakerLog.recorded();
            out.printf("%n== breaker transitions (%,d)%n", recorded + breakerLog.notKept());
            for (int i = 0; i < recorded; i++)
            {
                out.printf("   %+,12.3f ms  %-9s -> %-9s (phase %s)%n", breakerLog.offsetNanos(i) / 1e6,
                    breakerLog.from(i), breakerLog.to(i), breakerLog.phase(i));
            }
            if (breakerLog.notKept() > 0)
            {
                out.printf("   ... and %,d more (only the first %,d are kept; the counts below are complete)%n",
                    breakerLog.notKept(), breakerLog.capacity());
            }
            out.printf("breaker '%s': opened %,d times, half-opened %,d, closed %,d; refused %,d orders while " +
                "open; ends %s%n", breaker.name(), breaker.openedCount(), breaker.halfOpenedCount(),
                breaker.closedCount(), breaker.rejectedCount(), breaker.state());
        }

        private void printLatency(final PrintWriter out)
        {
            out.printf("%n== round trip, tick created -> exchange ack (filled orders)%n");
            out.printf("   count %,d: p50 %,.1f us, p90 %,.1f us, p99 %,.1f us, p99.9 %,.1f us, max %,.1f us%n",
                total.getTotalCount(), total.getValueAtPercentile(50) / 1e3, total.getValueAtPercentile(90) / 1e3,
                total.getValueAtPercentile(99) / 1e3, total.getValueAtPercentile(99.9) / 1e3,
                total.getMaxValue() / 1e3);
        }

        private void printEdges(final PrintWriter out, final Accounts accounts)
        {
            out.printf("%n== edges%n");
            for (final String edge : List.of(TICK_EDGE, ORDER_EDGE, EXCHANGE_EDGE))
            {
                final ChannelCounters c = graph.edgeCounters(edge, new ChannelCounters());
                out.printf("   %s: offered %,d = delivered %,d + droppedNewest %,d + droppedOldest %,d + shed %,d + " +
                    "spilledPending %,d + rejected %,d + timedOut %,d + inFlight %,d%n", edge,
                    c.offered(), c.delivered(), c.droppedNewest(), c.droppedOldest(), c.shed(), c.spilledPending(),
                    c.rejected(), c.timedOut(), c.inFlight());
                accounts.holds("edge " + edge + " conserved", c.isConserved());
            }
        }

        private void printStages(final PrintWriter out, final Accounts accounts)
        {
            out.printf("%n== stages%n");
            for (final String stage : List.of(STRATEGY, GATEWAY, EXCHANGE))
            {
                final StageCounters s = graph.stageCounters(stage, new StageCounters());
                out.printf("   %s: received %,d = succeeded %,d + deadLettered %,d + shed %,d + duplicates %,d + " +
                    "retrying %,d%n", stage, s.received(), s.succeeded(), s.deadLettered(), s.shed(), s.duplicates(),
                    s.retrying());
                accounts.holds("stage " + stage + " conserved", s.isConserved());
            }
        }

        private void printOrders(final PrintWriter out, final Accounts accounts)
        {
            final ChannelCounters tickEdge = graph.edgeCounters(TICK_EDGE, new ChannelCounters());
            final ChannelCounters toGateway = graph.edgeCounters(ORDER_EDGE, new ChannelCounters());
            final ChannelCounters toExchange = graph.edgeCounters(EXCHANGE_EDGE, new ChannelCounters());
            final StageCounters strategyStage = graph.stageCounters(STRATEGY, new StageCounters());
            final StageCounters gatewayStage = graph.stageCounters(GATEWAY, new StageCounters());
            final StageCounters exchangeStage = graph.stageCounters(EXCHANGE, new StageCounters());

            final long created = strategy.created();
            final long sent = gateway.sent();
            final long filled = exchange.filled();
            final long rejected = exchangeDeadLetters.rejectedByExchange();
            final long refusedByBreaker = exchangeDeadLetters.refusedByBreaker();
            final long refusedByEdge = gateway.refusedByEdge();
            final long refused = refusedByBreaker + refusedByEdge;
            final long deadLettered = gatewayDeadLetters.total() + exchangeDeadLetters.other();
            // orders between the strategy and the exchange's handler, as the runtime counts them
            final long inFlight = toGateway.inFlight() + toExchange.inFlight() + strategyStage.held() +
                gatewayStage.held() + gatewayStage.retrying() + exchangeStage.retrying();

            out.printf("%n== orders%n");
            final long emitted = feed.emitted();
            final double orderShare = emitted == 0 ? 0.0 : 100.0 * created / emitted;
            out.printf("   ticks %,d, orders created %,d (%.1f%% of ticks), sent to the exchange %,d, filled %,d, " +
                "rejected by the exchange %,d, refused while the breaker was open %,d, refused by the full edge " +
                "(FAIL_FAST) %,d, dead-lettered %,d%n", emitted, created, orderShare, sent, filled, rejected,
                refusedByBreaker, refusedByEdge, deadLettered);
            out.printf("   created %,d = filled %,d + rejected %,d + refused %,d " +
                "(breaker open %,d + edge full %,d) + dead-lettered %,d + in flight %,d%n", created, filled, rejected,
                refused, refusedByBreaker, refusedByEdge, deadLettered, inFlight);
            accounts.check("orders created = filled + rejected + refused + dead-lettered + in flight", created,
                filled + rejected + refused + deadLettered + inFlight);
            accounts.check("orders in flight after close", 0, inFlight);

            // the example's own counts against the runtime's
            accounts.check("ticks emitted = offered on " + TICK_EDGE, emitted, tickEdge.offered());
            accounts.check("ticks handled by the strategy + dead-lettered = delivered on " + TICK_EDGE,
                tickEdge.delivered(), strategyStage.succeeded() + strategyDeadLetters.total());
            accounts.check("orders created = offered on " + ORDER_EDGE, created, toGateway.offered());
            accounts.check("orders sent = accepted on " + EXCHANGE_EDGE, sent, toExchange.accepted());
            accounts.check("refused by the full edge = rejected on " + EXCHANGE_EDGE, refusedByEdge,
                toExchange.rejected());
            accounts.check("orders sent = filled + rejected + refused while open + dead-lettered at the exchange + " +
                "in flight", sent, filled + rejected + refusedByBreaker + exchangeDeadLetters.other() +
                toExchange.inFlight() + exchangeStage.retrying());
            accounts.check("filled = the exchange stage's successes", filled, exchangeStage.succeeded());
            accounts.check("filled = round trips recorded", filled, roundTrip.count());
            accounts.check("rejected: dead letters = the exchange's count", rejected, exchange.rejected());
            accounts.check("rejected = the breaker's failures", rejected, breaker.failureCount());
            accounts.check("refused while open = the breaker's refusals", refusedByBreaker, breaker.rejectedCount());
            accounts.check("the exchange stage's dead letters = rejected + refused while open + other",
                exchangeStage.deadLettered(), exchangeDeadLetters.total());
        }
    }

    /**
     * The checks of one run: each an expected and an actual count; a mismatch is printed at once.
     */
    private static final class Accounts
    {
        private final PrintWriter out;
        private final List<String> failed = new ArrayList<>();
        private int checks;

        Accounts(final PrintWriter out)
        {
            this.out = out;
        }

        void check(final String what, final long expected, final long actual)
        {
            checks++;
            if (expected != actual)
            {
                failed.add(what);
                out.printf("   MISMATCH: %s: expected %,d, got %,d%n", what, expected, actual);
            }
        }

        void holds(final String what, final boolean holds)
        {
            checks++;
            if (!holds)
            {
                failed.add(what);
                out.printf("   DOES NOT HOLD: %s%n", what);
            }
        }

        void report()
        {
            out.printf("checks: %d of %d hold%n", checks - failed.size(), checks);
        }

        boolean allHold()
        {
            return failed.isEmpty();
        }
    }
}
