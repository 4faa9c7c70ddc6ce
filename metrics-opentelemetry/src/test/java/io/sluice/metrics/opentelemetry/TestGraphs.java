package io.sluice.metrics.opentelemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.sluice.runtime.agent.ThreadingMode;
import io.sluice.runtime.graph.Graph;
import io.sluice.runtime.graph.GraphBuilder;
import io.sluice.runtime.graph.Outbox;
import io.sluice.runtime.graph.SourceHandler;
import io.sluice.runtime.metrics.MetricsOptions;
import io.sluice.runtime.metrics.SluiceMetrics;
import org.agrona.concurrent.Agent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A small graph with metrics, run to its end on the test thread, and look-ups into collected metric data.
 */
final class TestGraphs
{
    static final int SAMPLING = 16;

    private TestGraphs()
    {
    }

    /**
     * Metrics whose quantiles and bottleneck are not recomputed for a minute: once the graph has finished and
     * {@link SluiceMetrics#publishNow()} ran, the publisher thread writes the same values again (only the graph's
     * publication count moves), so the file and the graph's counters agree whenever they are read.
     */
    static SluiceMetrics metrics(final Path directory)
    {
        return SluiceMetrics.start(new MetricsOptions().directory(directory)
            .publishInterval(200, TimeUnit.MILLISECONDS).histogramWindow(60, TimeUnit.SECONDS)
            .waitTimeSampling(SAMPLING).serviceTimeSampling(SAMPLING));
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
        builder.edge("src->parser", "src", "parser").capacity(64).highWaterMark(48).lowWaterMark(16);
        builder.edge("parser->store", "parser", "store").capacity(128).highWaterMark(96).lowWaterMark(32);
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

    static MetricData metric(final Collection<MetricData> collected, final String name)
    {
        MetricData found = null;
        for (final MetricData data : collected)
        {
            if (data.getName().equals(name))
            {
                assertEquals(null, found, "two metrics named " + name);
                found = data;
            }
        }
        assertNotNull(found, "no metric " + name + " in " + names(collected));
        return found;
    }

    static PointData point(final MetricData metric, final Predicate<Attributes> match)
    {
        final List<PointData> found = new ArrayList<>();
        for (final PointData point : metric.getData().getPoints())
        {
            if (match.test(point.getAttributes()))
            {
                found.add(point);
            }
        }
        if (found.size() != 1)
        {
            fail(metric.getName() + ": " + found.size() + " points match, expected 1; points " +
                metric.getData().getPoints());
        }
        return found.get(0);
    }

    static PointData point(final MetricData metric, final Attributes attributes)
    {
        return point(metric, attributes::equals);
    }

    static double value(final PointData point)
    {
        if (point instanceof LongPointData)
        {
            return ((LongPointData)point).getValue();
        }
        return ((DoublePointData)point).getValue();
    }

    static List<String> names(final Collection<MetricData> collected)
    {
        final List<String> names = new ArrayList<>();
        for (final MetricData data : collected)
        {
            names.add(data.getName());
        }
        return names;
    }
}
