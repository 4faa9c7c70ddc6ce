package io.sluice.runtime.graph;

import io.sluice.queues.channel.ChannelCounters;
import io.sluice.queues.channel.ChannelKind;
import io.sluice.queues.channel.CreditMode;
import io.sluice.queues.channel.OfferResult;
import io.sluice.queues.overflow.OverflowPolicy;
import io.sluice.runtime.agent.ThreadingMode;
import org.agrona.concurrent.Agent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fan-out by broadcast and by key, fan-in over an MPSC edge, user agents in the duty cycle, manual-credit edges
 * and lossy edges, driven by the test's invoker loop.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GraphTopologyTest
{
    private static SourceHandler<Integer> counting(final int total)
    {
        final int[] next = {0};
        return (Outbox<Integer> out, int limit) ->
        {
            if (next[0] == total)
            {
                return SourceHandler.END_OF_STREAM;
            }
            final int n = Math.min(limit, total - next[0]);
            for (int i = 0; i < n; i++)
            {
                out.emit(next[0]++);
            }
            return n;
        };
    }

    private static void runToEnd(final Graph graph)
    {
        graph.start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!graph.isDone())
        {
            graph.invoker().invoke();
            assertTrue(System.nanoTime() < deadline, "graph did not finish");
        }
        assertTrue(graph.close(1, TimeUnit.SECONDS).drained());
    }

    private static List<Integer> range(final int from, final int to, final int step)
    {
        final List<Integer> list = new ArrayList<>();
        for (int i = from; i < to; i += step)
        {
            list.add(i);
        }
        return list;
    }

    @Test
    void shouldBroadcastToEveryEdgeAndThrottleToTheSlowest()
    {
        final List<Integer> fast = new ArrayList<>();
        final List<Integer> slow = new ArrayList<>();
        final GraphBuilder g = GraphBuilder.graph("broadcast");
        g.source("src", counting(1000));
        g.sink("fast", (Integer m) -> fast.add(m));
        g.sink("slow", (Integer m) -> slow.add(m)).batch(1);
        g.edge("to-fast", "src", "fast").capacity(16).highWaterMark(8).lowWaterMark(2);
        g.edge("to-slow", "src", "slow").capacity(16).highWaterMark(8).lowWaterMark(2);
        final Graph graph = g.threading(ThreadingMode.INVOKER).build();
        graph.start();
        long maxLead = 0;
        while (!graph.isDone())
        {
            graph.invoker().invoke();
            maxLead = Math.max(maxLead, fast.size() - slow.size());
        }
        assertEquals(range(0, 1000, 1), fast);
        assertEquals(range(0, 1000, 1), slow);
        assertTrue(maxLead <= 8 + StageSpec.DEFAULT_BATCH, "the fast sink ran ahead by " + maxLead);
        graph.close();
    }

    @Test
    void shouldRouteByKey()
    {
        final List<Integer> even = new ArrayList<>();
        final List<Integer> odd = new ArrayList<>();
        final GraphBuilder g = GraphBuilder.graph("route");
        g.source("src", counting(500)).route((Integer m) -> m);
        g.sink("even", (Integer m) -> even.add(m));
        g.sink("odd", (Integer m) -> odd.add(m));
        g.edge("to-even", "src", "even");
        g.edge("to-odd", "src", "odd");
        runToEnd(g.threading(ThreadingMode.INVOKER).build());
        assertEquals(range(0, 500, 2), even);
        assertEquals(range(1, 500, 2), odd);
    }

    @Test
    void shouldMergeProducersOverAnMpscEdgeKeepingEachProducersOrder()
    {
        final List<Integer> merged = new ArrayList<>();
        final GraphBuilder g = GraphBuilder.graph("merge");
        g.source("a", counting(300));
        g.source("b", counting(300)).route((Integer m) -> 0);
        g.stage("tag-a", (Integer m, Outbox<Integer> out) -> out.emit(m));
        g.stage("tag-b", (Integer m, Outbox<Integer> out) -> out.emit(10_000 + m));
        g.sink("sink", (Integer m) -> merged.add(m));
        g.edge("a->tag", "a", "tag-a");
        g.edge("b->tag", "b", "tag-b");
        g.edge("merge", List.of("tag-a", "tag-b"), "sink").capacity(32).highWaterMark(16).lowWaterMark(4);
        final Graph graph = g.threading(ThreadingMode.INVOKER).build();
        assertEquals(ChannelKind.OBJECT_MPSC, graph.channel("merge").kind());
        runToEnd(graph);
        assertEquals(600, merged.size());
        assertEquals(range(0, 300, 1), merged.stream().filter((m) -> m < 10_000).toList());
        assertEquals(range(10_000, 10_300, 1), merged.stream().filter((m) -> m >= 10_000).toList());
        assertTrue(graph.edgeCounters("merge", new ChannelCounters()).closed(), "closed after both producers ended");
    }

    @Test
    void shouldRunUserAgentsInTheDutyCycle()
    {
        final int[] calls = {0};
        final GraphBuilder g = GraphBuilder.graph("agents");
        g.source("src", counting(10));
        g.sink("sink", (Integer m) ->
        {
        });
        g.edge("e", "src", "sink");
        g.agent(new Agent()
        {
            @Override
            public int doWork()
            {
                calls[0]++;
                return 0;
            }

            @Override
            public String roleName()
            {
                return "user";
            }
        });
        runToEnd(g.threading(ThreadingMode.INVOKER).build());
        assertTrue(calls[0] > 0);
    }

    @Test
    void shouldJoinAndLeaveARunningDutyCycle()
    {
        final int[] calls = {0};
        final boolean[] closed = {false};
        final Agent late = new Agent()
        {
            @Override
            public int doWork()
            {
                calls[0]++;
                return 0;
            }

            @Override
            public void onClose()
            {
                closed[0] = true;
            }

            @Override
            public String roleName()
            {
                return "late";
            }
        };
        final GraphBuilder g = GraphBuilder.graph("join");
        g.source("src", (Outbox<Integer> out, int limit) -> 0);
        g.sink("sink", (Integer m) ->
        {
        });
        g.edge("e", "src", "sink");
        final Graph graph = g.threading(ThreadingMode.INVOKER).build();
        graph.start();
        assertTrue(graph.join(late));
        graph.invoker().invoke();
        graph.invoker().invoke();
        assertEquals(2, calls[0], "runs from the next duty cycle on");
        assertTrue(graph.leave("join", late));
        graph.invoker().invoke();
        graph.invoker().invoke();
        assertEquals(2, calls[0], "no longer runs");
        assertTrue(closed[0], "closed on leaving");
        graph.close();
    }

    @Test
    void shouldLetAJoinRightAfterStartRetryInsteadOfThrowing()
    {
        final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        final Agent late = new Agent()
        {
            @Override
            public int doWork()
            {
                calls.incrementAndGet();
                return 0;
            }

            @Override
            public String roleName()
            {
                return "late";
            }
        };
        final GraphBuilder g = GraphBuilder.graph("join-early");
        g.source("src", (Outbox<Integer> out, int limit) -> 0);
        g.sink("sink", (Integer m) ->
        {
        });
        g.edge("e", "src", "sink");
        final Graph graph = g.threading(ThreadingMode.SHARED_THREAD).idleStrategy("yielding").build();
        graph.start();
        final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!graph.join(late))
        {
            // false until the shared thread has started its duty cycle: never an exception
            assertTrue(System.nanoTime() < deadline, "the join was never taken");
            Thread.onSpinWait();
        }
        while (calls.get() == 0)
        {
            assertTrue(System.nanoTime() < deadline, "the joined agent never ran");
            Thread.onSpinWait();
        }
        graph.close();
    }

    @Test
    void shouldGrantManualCreditsUpToTheRoomDownstream()
    {
        final List<Integer> sunk = new ArrayList<>();
        final GraphBuilder g = GraphBuilder.graph("credits");
        g.source("src", counting(200));
        g.stage("mid", (Integer m, Outbox<Integer> out) -> out.emit(m)).batch(4);
        g.sink("sink", (Integer m) -> sunk.add(m));
        g.edge("in", "src", "mid").creditMode(CreditMode.MANUAL).initialCredits(0);
        g.edge("out", "mid", "sink").capacity(8).highWaterMark(6).lowWaterMark(2);
        final Graph graph = g.threading(ThreadingMode.INVOKER).build();
        graph.start();
        long maxCredits = 0;
        while (!graph.isDone())
        {
            graph.invoker().invoke();
            maxCredits = Math.max(maxCredits, graph.channel("in").credits());
        }
        assertEquals(range(0, 200, 1), sunk);
        assertTrue(maxCredits <= 4, "the stage granted more than one batch of credits: " + maxCredits);
        assertTrue(graph.edgeCounters("in", new ChannelCounters()).isConserved());
        graph.close();
    }

    @Test
    void shouldNotThrottleTheProducerOfALossyEdge()
    {
        final List<Integer> sunk = new ArrayList<>();
        final List<Integer> codes = new ArrayList<>();
        final GraphBuilder g = GraphBuilder.graph("lossy");
        final int[] next = {0};
        g.source("src", (Outbox<Integer> out, int limit) ->
        {
            if (next[0] == 100)
            {
                return SourceHandler.END_OF_STREAM;
            }
            codes.add(out.emit(next[0]++));
            return 1;
        });
        g.sink("sink", (Integer m) -> sunk.add(m));
        g.edge("drop", "src", "sink").capacity(8).highWaterMark(8).lowWaterMark(2)
            .policy(OverflowPolicy.DROP_NEWEST);
        final Graph graph = g.threading(ThreadingMode.INVOKER).build();
        graph.start();
        // the sink is not driven: only the source runs (its agent is the first of the duty cycle)
        final StageAgent source = graph.stageAgent("src");
        for (int i = 0; i < 100; i++)
        {
            source.doWork();
        }
        assertEquals(100, codes.size(), "the source was never throttled");
        assertEquals(8, codes.stream().filter((c) -> c == OfferResult.ACCEPTED).count());
        assertEquals(92, codes.stream().filter((c) -> c == OfferResult.DROPPED_NEWEST).count());
        final ChannelCounters counters = graph.edgeCounters("drop", new ChannelCounters());
        assertEquals(92, counters.droppedNewest());
        assertTrue(counters.isConserved(), counters.toString());
        graph.close(1, TimeUnit.SECONDS);
        assertEquals(range(0, 8, 1), sunk);
    }
}
