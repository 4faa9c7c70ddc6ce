package io.sluice.runtime.graph;

import io.sluice.queues.channel.ChannelCounters;
import io.sluice.runtime.agent.ThreadingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Start as a unit, graceful close with messages in flight in every edge (zero loss, in order), and a close with a
 * deadline that reports what was left.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GraphLifecycleTest
{
    private static final List<String> EDGES = List.of("src->a", "a->b", "b->c", "c->sink");
    private static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(30);

    private final AtomicLong emitted = new AtomicLong();
    private final AtomicLong sunk = new AtomicLong();
    private final AtomicLong outOfOrder = new AtomicLong();
    private final AtomicBoolean sinkStuck = new AtomicBoolean();

    private Graph build(final ThreadingMode mode)
    {
        final GraphBuilder builder = GraphBuilder.graph("lifecycle-" + mode);
        builder.source("src", (Outbox<Long> out, int limit) ->
        {
            for (int i = 0; i < limit; i++)
            {
                out.emit(emitted.get());
                emitted.lazySet(emitted.get() + 1);
            }
            return limit;
        }).batch(8);
        for (final String stage : List.of("a", "b", "c"))
        {
            builder.stage(stage, (Long m, Outbox<Long> out) -> out.emit(m)).batch(8);
        }
        builder.sink("sink", (Long m) ->
        {
            // stuck until released or interrupted (AgentRunner.close interrupts a thread that does not stop)
            while (sinkStuck.get() && !Thread.currentThread().isInterrupted())
            {
                Thread.onSpinWait();
            }
            if (m != sunk.get())
            {
                outOfOrder.incrementAndGet();
            }
            final long until = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(20);
            while (System.nanoTime() - until < 0)
            {
                Thread.onSpinWait();
            }
            sunk.lazySet(sunk.get() + 1);
        }).batch(2);
        final String[] nodes = {"src", "a", "b", "c", "sink"};
        for (int i = 0; i < EDGES.size(); i++)
        {
            builder.edge(EDGES.get(i), nodes[i], nodes[i + 1]).capacity(32).highWaterMark(16).lowWaterMark(4);
        }
        builder.threading(mode).idleStrategy("backoff");
        if (mode == ThreadingMode.GROUPS)
        {
            builder.group("one", "yielding", "src", "a").group("two", "sleeping", "b", "c", "sink");
        }
        return builder.build();
    }

    @ParameterizedTest
    @EnumSource(ThreadingMode.class)
    void shouldDrainEveryEdgeOnGracefulClose(final ThreadingMode mode)
    {
        final Graph graph = build(mode);
        graph.start();
        final long deadline = System.nanoTime() + DEADLINE_NS;
        final ChannelCounters counters = new ChannelCounters();
        while (!everyEdgeHolds(graph, counters))
        {
            if (mode == ThreadingMode.INVOKER)
            {
                graph.invoker().invoke();
            }
            else
            {
                Thread.onSpinWait();
            }
            assertTrue(System.nanoTime() < deadline, "edges never all held messages");
        }

        final CloseReport report = graph.close(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        assertTrue(report.drained(), report.toString());
        assertTrue(graph.isDone());
        assertTrue(emitted.get() > 0);
        assertEquals(emitted.get(), sunk.get(), "zero loss");
        assertEquals(0, outOfOrder.get(), "in order");
        for (final String edge : EDGES)
        {
            graph.edgeCounters(edge, counters);
            assertTrue(counters.isConserved(), edge + ": " + counters);
            assertTrue(counters.closed(), edge + " closed");
            assertEquals(emitted.get(), counters.delivered(), edge + ": " + counters);
        }
        final StageCounters stage = new StageCounters();
        for (final String name : graph.stageNames())
        {
            graph.stageCounters(name, stage);
            assertTrue(stage.done(), name + " done");
            assertTrue(stage.isConserved(), name + ": " + stage);
        }
    }

    private static boolean everyEdgeHolds(final Graph graph, final ChannelCounters counters)
    {
        for (final String edge : EDGES)
        {
            if (graph.edgeCounters(edge, counters).depth() == 0)
            {
                return false;
            }
        }
        return true;
    }

    @Test
    void shouldReportWhatIsInFlightWhenTheDeadlinePasses()
    {
        final Graph graph = build(ThreadingMode.THREAD_PER_AGENT);
        sinkStuck.set(true);
        graph.start();
        final long deadline = System.nanoTime() + DEADLINE_NS;
        final ChannelCounters counters = new ChannelCounters();
        while (!everyEdgeHolds(graph, counters))
        {
            Thread.onSpinWait();
            assertTrue(System.nanoTime() < deadline, "edges never all held messages");
        }

        final CloseReport report = graph.close(200, TimeUnit.MILLISECONDS);
        assertFalse(report.drained());
        long inEdges = 0;
        for (final String edge : EDGES)
        {
            final long inFlight = graph.edgeCounters(edge, counters).depth();
            assertEquals(inFlight, report.inFlightByEdge().getOrDefault(edge, 0L), edge);
            inEdges += inFlight;
        }
        assertTrue(inEdges > 0, report.toString());
        final StageCounters sink = graph.stageCounters("sink", new StageCounters());
        assertEquals(emitted.get(), sink.received() + inEdges + report.heldByStage().values().stream()
            .mapToLong(Long::longValue).sum(), "everything emitted is received or reported in flight: " + report);
    }

    @Test
    void shouldStartOnce()
    {
        final Graph graph = build(ThreadingMode.INVOKER);
        graph.start();
        assertThrows(IllegalStateException.class, graph::start);
        graph.close();
        final IllegalStateException ex = assertThrows(IllegalStateException.class, graph::start);
        assertTrue(ex.getMessage().contains("start() is allowed once"), ex.getMessage());
    }

    @Test
    void shouldRefuseTheInvokerInThreadModes()
    {
        final Graph graph = build(ThreadingMode.SHARED_THREAD);
        final IllegalStateException ex = assertThrows(IllegalStateException.class, graph::invoker);
        assertTrue(ex.getMessage().contains("threading=INVOKER"), ex.getMessage());
        graph.close();
    }
}
