package io.sluice.runtime.graph;

import io.sluice.queues.channel.ChannelCounters;
import io.sluice.runtime.agent.ThreadingMode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GraphSmokeTest
{
    @Test
    void shouldCarryMessagesThroughThreeStagesInOrder()
    {
        final List<Integer> received = new ArrayList<>();
        final int total = 10_000;
        final int[] next = {0};
        final GraphBuilder builder = GraphBuilder.graph("smoke");
        builder.source("src", (Outbox<Integer> out, int limit) ->
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
        });
        builder.stage("double", (Integer m, Outbox<Integer> out) -> out.emit(m * 2));
        builder.sink("sink", (Integer m) -> received.add(m));
        builder.edge("src->double", "src", "double").capacity(64).highWaterMark(48).lowWaterMark(16);
        builder.edge("double->sink", "double", "sink").capacity(64).highWaterMark(48).lowWaterMark(16);
        final Graph graph = builder.threading(ThreadingMode.INVOKER).build();
        graph.start();
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (!graph.isDone() && System.nanoTime() < deadline)
        {
            graph.invoker().invoke();
        }
        assertTrue(graph.isDone());
        assertEquals(total, received.size());
        for (int i = 0; i < total; i++)
        {
            assertEquals(2 * i, received.get(i));
        }
        final ChannelCounters counters = graph.edgeCounters("double->sink", new ChannelCounters());
        assertTrue(counters.isConserved(), counters.toString());
        assertEquals(total, counters.delivered());
        assertTrue(graph.close(1, java.util.concurrent.TimeUnit.SECONDS).drained());
    }
}
