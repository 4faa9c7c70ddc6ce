package io.sluice.examples.backpressure;

import io.sluice.examples.cli.ToolErrors;
import io.sluice.queues.channel.ChannelBuilder;
import io.sluice.queues.channel.ChannelCounters;
import io.sluice.queues.channel.ChannelKind;
import io.sluice.queues.channel.OfferResult;
import io.sluice.queues.overflow.InMemorySpillStore;
import io.sluice.queues.overflow.OverflowPolicy;
import io.sluice.runtime.agent.ThreadingMode;
import io.sluice.runtime.graph.Graph;
import io.sluice.runtime.graph.GraphBuilder;
import io.sluice.runtime.graph.Outbox;
import io.sluice.runtime.graph.SinkHandler;
import io.sluice.runtime.graph.SourceHandler;
import io.sluice.runtime.metrics.MetricsOptions;
import io.sluice.runtime.metrics.SluiceMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A producer offers at a fixed rate, faster than its consumer can take messages, into one channel per overflow
 * policy in turn. Every second it prints what the channel's counters say (offered, accepted and delivered rates,
 * depth against the water marks, time unwritable, drops and spills) and at the end of each run the conservation
 * identity: every message offered is delivered, dropped, shed, spilled, refused or still in flight, and the
 * consumer saw every delivered message in offer order.
 * <p>
 * Each run is a graph of two stages on threads of their own: the source {@code producer} and the sink
 * {@code slow-consumer}, joined by the channel under test. Under {@code BLOCK} the producer is slowed to the
 * consumer's rate (backpressure: a source emits only what the channel has room for); under the dropping policies it
 * keeps its rate and the channel counts what it drops; under {@code SPILL} overflow waits, in order, in a bounded
 * in-memory spill store.
 * <p>
 * The graphs publish their counters into the process's counters file (the default metrics directory), so another
 * terminal can watch them live with {@code bin/sluice stat --pid PID}; {@code --duration} makes the runs long enough
 * to watch.
 * <p>
 * The example boxes a {@code Long} per message for readability; the channel itself allocates nothing per message.
 */
@Command(
    name = "backpressure",
    mixinStandardHelpOptions = true,
    description = "A producer faster than its consumer, once per overflow policy, with live counters and the " +
        "conservation identity. Publishes metrics: watch it with 'sluice stat --pid PID'.")
public final class BackpressureExample implements Callable<Integer>
{
    private static final long REPORT_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long DRAIN_DEADLINE_NS = TimeUnit.SECONDS.toNanos(30);
    private static final String PRODUCER = "producer";
    private static final String CONSUMER = "slow-consumer";

    @Spec
    private CommandSpec spec;

    @Option(names = "--seconds", defaultValue = "3", paramLabel = "S",
        description = "Seconds to run each policy (default: ${DEFAULT-VALUE}).")
    private double seconds;

    @Option(names = "--duration", paramLabel = "S",
        description = "Seconds to run in all, split evenly over the policies (instead of --seconds each), " +
        "e.g. 60 to watch the runs with 'sluice stat'.")
    private Double duration;

    @Option(names = "--rate", defaultValue = "1000000", paramLabel = "N",
        description = "Messages per second the producer offers (default: ${DEFAULT-VALUE}).")
    private long rate;

    @Option(names = "--service-nanos", defaultValue = "2000", paramLabel = "NS",
        description = "Nanoseconds the consumer spends per message (default: ${DEFAULT-VALUE}, about 500k/s).")
    private long serviceNanos;

    @Option(names = "--capacity", defaultValue = "4096", paramLabel = "N",
        description = "Channel capacity in messages; water marks at 3/4 and 1/4 of it (default: ${DEFAULT-VALUE}).")
    private int capacity;

    @Option(names = "--spill-capacity", defaultValue = "4194304", paramLabel = "N",
        description = "Messages the in-memory spill store holds (default: ${DEFAULT-VALUE}).")
    private int spillCapacity;

    @Option(names = "--policies", split = ",", defaultValue = "BLOCK,DROP_NEWEST,DROP_OLDEST,SPILL",
        paramLabel = "P", description = "Policies to run, comma separated, from: ${COMPLETION-CANDIDATES} " +
        "(default: ${DEFAULT-VALUE}).")
    private List<OverflowPolicy> policies;

    @Option(names = "--quiet", description = "Print only the summary of each run.")
    private boolean quiet;

    /**
     * Run every selected policy.
     *
     * @return 0 if every run conserved its messages and delivered them in order, 1 otherwise.
     */
    @Override
    public Integer call()
    {
        checkOptions();
        final PrintWriter out = spec.commandLine().getOut();
        final double secondsEach = null != duration ? duration / policies.size() : seconds;
        boolean allGood = true;
        try (SluiceMetrics metrics = startMetrics(spec.commandLine().getErr()))
        {
            for (final OverflowPolicy policy : policies)
            {
                allGood &= runPolicy(policy, secondsEach, metrics, out);
            }
        }
        out.println(allGood ?
            "every run: nothing lost without being counted, delivery in offer order" :
            "SOMETHING WAS LOST OR REORDERED: see above");
        out.flush();
        return allGood ? 0 : 1;
    }

    private void checkOptions()
    {
        check(seconds > 0 && seconds <= 3600, "--seconds", seconds, "0 < S <= 3600");
        check(null == duration || (duration > 0 && duration <= 86_400), "--duration", duration, "0 < S <= 86400");
        check(rate > 0 && rate <= 100_000_000, "--rate", rate, "1..100000000");
        check(serviceNanos >= 0 && serviceNanos <= 1_000_000_000, "--service-nanos", serviceNanos, "0..1000000000");
        check(capacity >= 4 && capacity <= ChannelBuilder.MAX_CAPACITY, "--capacity", capacity,
            "4.." + ChannelBuilder.MAX_CAPACITY);
        check(spillCapacity >= 2 && spillCapacity <= 1 << 26, "--spill-capacity", spillCapacity, "2.." + (1 << 26));
        check(!policies.isEmpty(), "--policies", policies, "at least one policy");
    }

    private void check(final boolean ok, final String option, final Object value, final String allowed)
    {
        ToolErrors.check(spec, ok, option, value, allowed);
    }

    /**
     * Start the process's metrics in the default directory and say on stderr where to watch them. Metrics are for
     * watching only: if they cannot start (no writable directory), the example runs without them.
     */
    private static SluiceMetrics startMetrics(final PrintWriter err)
    {
        try
        {
            final SluiceMetrics metrics = SluiceMetrics.start(new MetricsOptions());
            err.println("metrics: " + metrics.file() + "; watch with: bin/sluice stat --pid " +
                ProcessHandle.current().pid());
            err.flush();
            return metrics;
        }
        catch (final RuntimeException ex)
        {
            err.println("metrics: off (" + ex.getMessage() + ")");
            err.flush();
            return null;
        }
    }

    private boolean runPolicy(
        final OverflowPolicy policy, final double secondsEach, final SluiceMetrics metrics, final PrintWriter out)
    {
        final AtomicLong shedCount = new AtomicLong();
        final ChannelBuilder<Long> channel = ChannelBuilder.<Long>channel("example-" + policy.name().toLowerCase())
            .kind(ChannelKind.OBJECT_SPSC)
            .capacity(capacity)
            .highWaterMark(capacity * 3 / 4)
            .lowWaterMark(capacity / 4)
            .policy(policy);
        switch (policy)
        {
            case SHED:
                channel.overflowSink((ch, message) ->
                {
                    shedCount.incrementAndGet();
                    return true;
                });
                break;
            case SPILL:
                channel.spillStore(new InMemorySpillStore<>(spillCapacity));
                break;
            default:
                break;
        }

        final Producer producer = new Producer(rate);
        final SlowConsumer consumer = new SlowConsumer(serviceNanos);
        final GraphBuilder builder = GraphBuilder.graph("backpressure-" + policy.name().toLowerCase())
            .threading(ThreadingMode.THREAD_PER_AGENT);
        builder.source(PRODUCER, producer);
        builder.sink(CONSUMER, consumer);
        builder.edge(channel, List.of(PRODUCER), CONSUMER);
        if (null != metrics)
        {
            builder.metrics(metrics);
        }
        final Graph graph = builder.build();
        final String edge = graph.edgeNames().get(0);

        out.printf("%n== %s: offering %,d/s into %s (capacity %,d, high %,d, low %,d); consumer takes %,d ns each%n",
            policy, rate, edge, graph.channel(edge).capacity(), graph.channel(edge).highWaterMark(),
            graph.channel(edge).lowWaterMark(), serviceNanos);
        if (!quiet)
        {
            out.printf("%6s %12s %12s %12s %7s %10s %12s %12s %12s %10s%n", "time", "offered/s", "accepted/s",
                "delivered/s", "depth", "unwritable", "dropNewest", "dropOldest", "spillPend", "timedOut");
        }

        graph.start();
        final long start = System.nanoTime();
        final long end = start + (long)(secondsEach * 1e9);
        final ChannelCounters previous = graph.edgeCounters(edge, new ChannelCounters());
        final ChannelCounters now = new ChannelCounters();
        long lastReport = start;
        while (true)
        {
            final long nextReport = Math.min(end, lastReport + REPORT_INTERVAL_NS);
            long wait;
            while ((wait = nextReport - System.nanoTime()) > 0)
            {
                LockSupport.parkNanos(wait);
            }
            final long reportTime = System.nanoTime();
            graph.edgeCounters(edge, now);
            if (!quiet)
            {
                printLine(out, (reportTime - start) / 1e9, reportTime - lastReport, previous, now);
                out.flush();
            }
            previous.set(now);
            lastReport = reportTime;
            if (reportTime >= end)
            {
                break;
            }
        }

        // close stops the source, closes the channel once the producer's last emit is in, lets the consumer drain
        // it, and returns once every stage is done (or the deadline passes)
        graph.close(DRAIN_DEADLINE_NS, TimeUnit.NANOSECONDS);

        final boolean good = summarise(out, graph, edge, producer, consumer, shedCount.get());
        out.flush();
        return good;
    }

    private static void printLine(
        final PrintWriter out,
        final double seconds,
        final long intervalNs,
        final ChannelCounters previous,
        final ChannelCounters now)
    {
        final double perSecond = 1e9 / intervalNs;
        out.printf("%5.1fs %,12.0f %,12.0f %,12.0f %,7d %9.1f%% %,12d %,12d %,12d %,10d%n",
            seconds,
            (now.offered() - previous.offered()) * perSecond,
            (now.accepted() - previous.accepted()) * perSecond,
            (now.delivered() - previous.delivered()) * perSecond,
            now.depth(),
            100.0 * (now.unwritableNanos() - previous.unwritableNanos()) / intervalNs,
            now.droppedNewest(),
            now.droppedOldest(),
            now.spilledPending(),
            now.timedOut());
    }

    private static boolean summarise(
        final PrintWriter out,
        final Graph graph,
        final String edge,
        final Producer producer,
        final SlowConsumer consumer,
        final long shedBySink)
    {
        final ChannelCounters c = graph.edgeCounters(edge, new ChannelCounters());
        final long seen = consumer.seen();
        final boolean conserved = c.isConserved() && c.offered() == producer.offers() &&
            c.delivered() == seen && c.shed() == shedBySink && graph.channel(edge).isEndOfStream();
        final boolean ordered = !consumer.outOfOrder();
        out.printf("   offered %,d = delivered %,d + droppedNewest %,d + droppedOldest %,d + shed %,d + " +
            "spilledPending %,d + rejected %,d + timedOut %,d + inFlight %,d%n",
            c.offered(), c.delivered(), c.droppedNewest(), c.droppedOldest(), c.shed(), c.spilledPending(),
            c.rejected(), c.timedOut(), c.inFlight());
        out.printf("   producer offered %,d, consumer saw %,d (%,d through the spill store); unwritable %d times, " +
            "%.2f s in all%n", producer.offers(), seen, c.deliveredFromSpill(), c.unwritableCount(),
            c.unwritableNanos() / 1e9);
        out.printf("   %s%s%n",
            conserved ? "conserved: nothing lost without being counted" : "NOT CONSERVED",
            ordered ? ", delivered in offer order" : ", OUT OF ORDER");
        return conserved && ordered;
    }

    /**
     * The source: emits ids 0, 1, 2... paced to a fixed rate, as many as are due and the channel takes now (on a
     * {@code BLOCK} edge the graph passes the room left as the limit, which is the backpressure). Runs on the
     * producer's thread; {@link #offers()} may be read from any thread.
     */
    static final class Producer implements SourceHandler<Long>
    {
        private final long rate;
        private volatile long offers;
        private boolean started;
        private long startNs;
        private long next;

        Producer(final long rate)
        {
            this.rate = rate;
        }

        long offers()
        {
            return offers;
        }

        @Override
        public int produce(final Outbox<Long> outbox, final int limit)
        {
            final long now = System.nanoTime();
            if (!started)
            {
                started = true;
                startNs = now;
            }
            final long due = (long)((now - startNs) * (rate / 1e9));
            final int count = (int)Math.max(0, Math.min(limit, due - next));
            for (int i = 0; i < count; i++)
            {
                if (outbox.emit(next++) == OfferResult.CLOSED)
                {
                    throw new IllegalStateException("closed while producing");
                }
            }
            offers = next;
            return count;
        }
    }

    /**
     * The sink: spends a fixed time on each message; checks that ids only go up.
     */
    static final class SlowConsumer implements SinkHandler<Long>
    {
        private final long serviceNanos;
        private long lastId = -1;
        private volatile long seen;
        private volatile boolean outOfOrder;

        SlowConsumer(final long serviceNanos)
        {
            this.serviceNanos = serviceNanos;
        }

        @Override
        public void onMessage(final Long message)
        {
            final long id = message;
            if (id <= lastId)
            {
                outOfOrder = true;
            }
            lastId = id;
            seen++;
            if (serviceNanos > 0)
            {
                final long until = System.nanoTime() + serviceNanos;
                while (System.nanoTime() < until)
                {
                    Thread.onSpinWait();
                }
            }
        }

        long seen()
        {
            return seen;
        }

        boolean outOfOrder()
        {
            return outOfOrder;
        }
    }
}
