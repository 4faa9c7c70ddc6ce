package io.sluice.metrics.prometheus;

import io.sluice.queues.overflow.OverflowPolicy;
import io.sluice.runtime.agent.ThreadingMode;
import io.sluice.runtime.graph.Graph;
import io.sluice.runtime.graph.GraphBuilder;
import io.sluice.runtime.graph.Outbox;
import io.sluice.runtime.graph.SourceHandler;
import io.sluice.runtime.metrics.MetricsOptions;
import io.sluice.runtime.metrics.SluiceMetrics;
import org.agrona.concurrent.Agent;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A source, a stage and a sink over two edges (one BLOCK, one DROP_NEWEST), run by the test thread.
 */
final class TestGraphs
{
    static final String FIRST_EDGE = "src->parser";
    static final String SECOND_EDGE = "parser->store";

    private TestGraphs()
    {
    }

    static MetricsOptions options(final Path dir)
    {
        return new MetricsOptions().directory(dir)
            .publishInterval(10, TimeUnit.MILLISECONDS)
            .histogramWindow(20, TimeUnit.MILLISECONDS)
            .waitTimeSampling(1)
            .serviceTimeSampling(1);
    }

    static Graph pipeline(final String name, final SluiceMetrics metrics, final int total)
    {
        return pipeline(name, metrics, total, null);
    }

    /**
     * An agent whose first {@code busyCalls} calls report work 2, whose next {@code errorCalls} calls throw, and which
     * idles after.
     */
    static Agent scriptedAgent(final String name, final int busyCalls, final int errorCalls)
    {
        return new Agent()
        {
            private int calls;

            @Override
            public int doWork()
            {
                calls++;
                if (calls <= busyCalls)
                {
                    return 2;
                }
                if (calls <= busyCalls + errorCalls)
                {
                    throw new IllegalStateException("scripted failure");
                }
                return 0;
            }

            @Override
            public String roleName()
            {
                return name;
            }
        };
    }

    static Graph pipeline(final String name, final SluiceMetrics metrics, final int total, final Agent agent)
    {
        final int[] next = {0};
        final GraphBuilder builder = GraphBuilder.graph(name);
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
        builder.stage("parser", (Integer m, Outbox<Integer> out) -> out.emit(m + 1));
        builder.sink("store", (Integer m) ->
        {
        });
        builder.edge(FIRST_EDGE, "src", "parser").capacity(64).highWaterMark(48).lowWaterMark(16);
        builder.edge(SECOND_EDGE, "parser", "store").capacity(128).highWaterMark(96).lowWaterMark(32)
            .policy(OverflowPolicy.DROP_NEWEST);
        if (null != agent)
        {
            builder.agent(agent).errorHandler((t) ->
            {
            });
        }
        return builder.threading(ThreadingMode.INVOKER).metrics(metrics).build();
    }

    static void runToEnd(final Graph graph)
    {
        graph.start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!graph.isDone() && System.nanoTime() < deadline)
        {
            graph.invoker().invoke();
        }
        assertTrue(graph.isDone(), "graph did not finish within 20 s");
    }
}
