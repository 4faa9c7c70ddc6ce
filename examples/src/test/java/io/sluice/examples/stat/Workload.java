package io.sluice.examples.stat;

import io.sluice.runtime.agent.ThreadingMode;
import io.sluice.runtime.graph.Graph;
import io.sluice.runtime.graph.GraphBuilder;
import io.sluice.runtime.graph.Outbox;
import io.sluice.runtime.metrics.MetricsOptions;
import io.sluice.runtime.metrics.SluiceMetrics;
import org.agrona.concurrent.NanoClock;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A real graph with real metrics, driven by the test's own thread (INVOKER mode): source {@code src} emits as many
 * messages as the test allows, stage {@code parser} passes them on, sink {@code store} counts them. After
 * {@link #deliver(long)} the counters file holds exactly what the test ran.
 */
final class Workload implements AutoCloseable
{
    static final String EDGE_IN = "src->parser";
    static final String EDGE_OUT = "parser->store";

    private final SluiceMetrics metrics;
    private final Graph graph;
    private long allowed;
    private long emitted;
    private long stored;

    Workload(final Path directory)
    {
        // the background publisher copies the same values publishNow() does (the graph runs only on the test's
        // thread), but a window ending would change the quantiles and the bottleneck: no window ends in a test
        metrics = SluiceMetrics.start(new MetricsOptions().directory(directory)
            .histogramWindow(60, TimeUnit.SECONDS));
        final GraphBuilder builder = GraphBuilder.graph("telemetry");
        builder.source("src", (Outbox<Long> out, int limit) ->
        {
            final int n = (int)Math.min(limit, allowed - emitted);
            for (int i = 0; i < n; i++)
            {
                out.emit(emitted++);
            }
            return n;
        });
        builder.stage("parser", (Long m, Outbox<Long> out) -> out.emit(m));
        builder.sink("store", (Long m) -> stored++);
        builder.edge(EDGE_IN, "src", "parser").capacity(64).highWaterMark(48).lowWaterMark(16);
        builder.edge(EDGE_OUT, "parser", "store").capacity(128).highWaterMark(96).lowWaterMark(32);
        graph = builder.threading(ThreadingMode.INVOKER).metrics(metrics).build();
        graph.start();
    }

    Path file()
    {
        return metrics.file();
    }

    /**
     * Let {@code count} more messages through the whole graph, then publish.
     */
    Workload deliver(final long count)
    {
        allowed += count;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (stored < allowed && System.nanoTime() < deadline)
        {
            graph.invoker().invoke();
        }
        assertEquals(allowed, stored, "the graph did not deliver within 20 s");
        metrics.publishNow();
        return this;
    }

    @Override
    public void close()
    {
        graph.close();
        metrics.close();
    }

    /**
     * A clock that only the sleeper moves, and a sleeper that moves it and runs a step of the test.
     */
    static final class FakeTime implements NanoClock, StatLoop.Sleeper
    {
        private final Runnable[] steps;
        private long nanos = 1_000_000_000L;
        private int sleeps;

        FakeTime(final Runnable... steps)
        {
            this.steps = steps;
        }

        @Override
        public long nanoTime()
        {
            return nanos;
        }

        @Override
        public void sleep(final long nanos)
        {
            if (sleeps > 100)
            {
                // a loop that should have ended: fail instead of spinning until the test's timeout
                throw new IllegalStateException("stat loop still running after " + sleeps + " frames");
            }
            this.nanos += nanos;
            if (sleeps < steps.length)
            {
                steps[sleeps].run();
            }
            sleeps++;
        }

        int sleeps()
        {
            return sleeps;
        }
    }
}
