package io.sluice.runtime.graph;

import io.sluice.queues.channel.ChannelCounters;
import io.sluice.runtime.agent.ThreadingMode;
import org.agrona.concurrent.Agent;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A source as fast as it can go, four stages and a sink that takes a fixed time per message: the source's accepted
 * rate follows the sink's, no edge holds more than its high water mark plus one stage batch, nothing is lost, and
 * the bottleneck report names the sink's inbound edge. Once per threading mode.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PropagationTest
{
    private static final int STAGES = 4;
    private static final int CAPACITY = 128;
    private static final int HIGH = 64;
    // high enough that the work buffered between the marks (48 x 25 us) outlasts a back-off park (up to 1 ms) of
    // an idle upstream thread: with a low mark near zero the downstream thread runs dry waiting for its feeder to
    // wake, and the report then rightly names the edge between the threads instead of the sink's
    private static final int LOW = 48;
    private static final int BATCH = 16;
    // the sink takes fewer messages per duty cycle than the stages: that is what being slower means on a shared
    // thread, where a sink that takes as many per cycle as its feeders never lets an edge fill
    private static final int SINK_BATCH = 4;
    private static final long SINK_NANOS_PER_MESSAGE = TimeUnit.MICROSECONDS.toNanos(25);
    private static final long WARM_UP_MESSAGES = 2_000;
    private static final long WINDOW_MESSAGES = 60_000;
    private static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(60);

    private static final List<String> EDGES = List.of("src->s1", "s1->s2", "s2->s3", "s3->s4", "s4->sink");

    @ParameterizedTest
    @EnumSource(ThreadingMode.class)
    void shouldThrottleTheSourceToTheSlowestSink(final ThreadingMode mode)
    {
        final AtomicLong sunk = new AtomicLong();
        final DepthProbe probe = new DepthProbe();
        final Graph graph = build(mode, sunk, probe);
        probe.graph = graph;
        graph.start();
        final Runnable driver = mode == ThreadingMode.INVOKER ? () -> graph.invoker().invoke() :
            () -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        final long deadline = System.nanoTime() + DEADLINE_NS;

        awaitSunk(sunk, WARM_UP_MESSAGES, driver, deadline);
        final ChannelCounters first = graph.edgeCounters("src->s1", new ChannelCounters());
        final long sunkAtStart = sunk.get();
        final long startNs = System.nanoTime();
        graph.bottleneck(); // each later call measures the interval since the one before

        // the report over five slices of the window: on a loaded 2-core machine a thread descheduled for a long
        // time can freeze an edge's state for a slice, so the report must name the sink's edge in most of them
        final List<String> reports = new java.util.ArrayList<>();
        while (sunk.get() - sunkAtStart < WINDOW_MESSAGES)
        {
            driver.run();
            assertTrue(System.nanoTime() < deadline, "the sink stalled at " + sunk.get());
            if (sunk.get() - sunkAtStart >= (reports.size() + 1) * (WINDOW_MESSAGES / 5))
            {
                reports.add(graph.bottleneck());
            }
        }
        final long named = reports.stream().filter("s4->sink"::equals).count();
        final String bottleneck = named >= 3 ? "s4->sink" : reports.toString();
        final long elapsedNs = System.nanoTime() - startNs;
        final long sunkInWindow = sunk.get() - sunkAtStart;
        final ChannelCounters last = graph.edgeCounters("src->s1", new ChannelCounters());
        final long acceptedInWindow = last.accepted() - first.accepted();

        final double sinkRate = sunkInWindow * 1e9 / elapsedNs;
        final double sourceRate = acceptedInWindow * 1e9 / elapsedNs;
        assertTrue(Math.abs(sourceRate - sinkRate) <= 0.10 * sinkRate,
            mode + ": source accepted " + sourceRate + " msg/s, sink took " + sinkRate + " msg/s");
        assertTrue(elapsedNs >= TimeUnit.SECONDS.toNanos(1), "the window lasted " + elapsedNs + " ns");
        assertEquals("s4->sink", bottleneck, mode + ": bottleneck in most slices of the window " + reports);

        System.out.printf("propagation %s: source accepted %.0f msg/s, sink %.0f msg/s (%.2f%%), max depth %d, " +
            "bottleneck %s%n", mode, sourceRate, sinkRate, 100.0 * (sourceRate - sinkRate) / sinkRate,
            probe.maxDepth, reports);
        final CloseReport report = graph.close(30, TimeUnit.SECONDS);
        assertTrue(report.drained(), report.toString());
        assertTrue(probe.maxDepth <= HIGH + BATCH, mode + ": an edge held " + probe.maxDepth);
        assertTrue(probe.samples > 100, "the probe ran " + probe.samples + " times");

        final ChannelCounters counters = new ChannelCounters();
        long previousDelivered = -1;
        for (final String edge : EDGES)
        {
            graph.edgeCounters(edge, counters);
            assertTrue(counters.isConserved(), edge + ": " + counters);
            assertEquals(0, counters.droppedNewest() + counters.droppedOldest() + counters.shed() +
                counters.rejected() + counters.timedOut() + counters.spilled(), edge + ": " + counters);
            assertEquals(counters.accepted(), counters.delivered(), edge + " drained: " + counters);
            if (previousDelivered >= 0)
            {
                assertEquals(previousDelivered, counters.accepted(), edge + " got what the edge before delivered");
            }
            previousDelivered = counters.delivered();
        }
        assertEquals(previousDelivered, sunk.get(), "the sink took what its edge delivered");
    }

    private static Graph build(final ThreadingMode mode, final AtomicLong sunk, final Agent probe)
    {
        final GraphBuilder builder = GraphBuilder.graph("propagation-" + mode);
        final Long message = 42L;
        builder.source("src", (Outbox<Long> out, int limit) ->
        {
            for (int i = 0; i < limit; i++)
            {
                out.emit(message);
            }
            return limit;
        }).batch(BATCH);
        for (int i = 1; i <= STAGES; i++)
        {
            builder.stage("s" + i, (Long m, Outbox<Long> out) -> out.emit(m)).batch(BATCH);
        }
        builder.sink("sink", (Long m) ->
        {
            final long until = System.nanoTime() + SINK_NANOS_PER_MESSAGE;
            while (System.nanoTime() - until < 0)
            {
                Thread.onSpinWait();
            }
            sunk.lazySet(sunk.get() + 1);
        }).batch(SINK_BATCH);
        final String[] nodes = {"src", "s1", "s2", "s3", "s4", "sink"};
        for (int i = 0; i < EDGES.size(); i++)
        {
            builder.edge(EDGES.get(i), nodes[i], nodes[i + 1]).capacity(CAPACITY).highWaterMark(HIGH)
                .lowWaterMark(LOW);
        }
        builder.agent(probe).threading(mode).idleStrategy("backoff");
        if (mode == ThreadingMode.GROUPS)
        {
            builder.group("upstream", "backoff", "src", "s1", "s2")
                .group("downstream", "backoff", "s3", "s4", "sink", "probe");
        }
        return builder.build();
    }

    private static void awaitSunk(final AtomicLong sunk, final long count, final Runnable driver, final long deadline)
    {
        while (sunk.get() < count)
        {
            driver.run();
            assertTrue(System.nanoTime() < deadline, "the sink took only " + sunk.get());
        }
    }

    /**
     * A user agent in the graph's duty cycle: samples every edge's depth and keeps the largest.
     */
    private static final class DepthProbe implements Agent
    {
        private final ChannelCounters counters = new ChannelCounters();
        volatile Graph graph;
        volatile long maxDepth;
        volatile long samples;

        @Override
        public int doWork()
        {
            final Graph graph = this.graph;
            long max = maxDepth;
            for (final String edge : EDGES)
            {
                max = Math.max(max, graph.edgeCounters(edge, counters).depth());
            }
            maxDepth = max;
            samples = samples + 1;
            return 0;
        }

        @Override
        public String roleName()
        {
            return "probe";
        }
    }
}
