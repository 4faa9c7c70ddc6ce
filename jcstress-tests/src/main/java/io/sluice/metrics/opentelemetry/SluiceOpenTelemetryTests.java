package io.sluice.metrics.opentelemetry;

import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.sluice.runtime.metrics.CountersFileWriterRig;
import io.sluice.runtime.metrics.SluiceMetric;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJI_Result;

import java.util.Collection;

/**
 * {@link SluiceOpenTelemetry} as the SDK drives it: a collection (the metric reader's thread runs the batch callback,
 * which takes a {@link CountersSource} snapshot and records it on the instruments) against the user's
 * {@link SluiceOpenTelemetry#close()} (removes the callback from the SDK, then closes the source). Besides the source
 * (raced on its own by {@link CountersSourceTests}), the two threads share only the SDK's callback registration and
 * the {@code closed} flag; the instrument maps are written in the constructor, before the callback is registered,
 * and only read after. Each state is an SDK meter provider of its own with a {@link PullReader} (collections run on
 * the actor's thread), and a real READY counters file ({@link CountersFileWriterRig}) that a collection in the state's
 * constructor has already mapped, so the race is on the mapping {@code close()} unmaps.
 */
public final class SluiceOpenTelemetryTests
{
    private SluiceOpenTelemetryTests()
    {
    }

    /**
     * One collection against {@code close()}. Result: the {@code sluice.graph.publications} point of graph
     * {@value CountersFileWriterRig#GRAPH} (-1 none, -2 the collection threw), the
     * {@code sluice.graph.bottleneck_edge} point (-1 none), the arbiter's check: 0 when a collection after
     * {@code close()} records no Sluice point and the source is closed (its snapshot null, nothing mapped), else 1 (2
     * if the close threw, 4 if a call threw there).
     */
    @JCStressTest
    @Outcome(id = "42, 7, 0", expect = Expect.ACCEPTABLE,
        desc = "The collection ran its callback before close() closed the source: the writer's values, whole.")
    @Outcome(id = "-1, -1, 0", expect = Expect.ACCEPTABLE,
        desc = "The callback was removed first, or ran after the source closed (snapshot null): no Sluice point.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "One point without the other, a value never written, an exception from the collection or from " +
        "close(), or Sluice points or a mapping after close().")
    @State
    public static class CollectClose
    {
        final CountersFileWriterRig writer = new CountersFileWriterRig();
        final PullReader reader = new PullReader();
        final SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
        final SluiceOpenTelemetry exported = SluiceOpenTelemetry.register(
            provider.meterBuilder(SluiceOpenTelemetry.INSTRUMENTATION_SCOPE).build(), writer.path());
        boolean closeFailed;

        /**
         * A first collection maps the file.
         */
        public CollectClose()
        {
            SourceWarnings.install();
            if (value(reader.collect(), SluiceMetric.GRAPH_PUBLICATIONS) != CountersFileWriterRig.PUBLICATIONS)
            {
                throw new IllegalStateException("the first collection did not record the writer's values");
            }
        }

        /**
         * The SDK's collecting thread.
         *
         * @param r publications, bottleneck.
         */
        @Actor
        public void collector(final JJI_Result r)
        {
            try
            {
                final Collection<MetricData> metrics = reader.collect();
                r.r1 = value(metrics, SluiceMetric.GRAPH_PUBLICATIONS);
                r.r2 = value(metrics, SluiceMetric.GRAPH_BOTTLENECK);
            }
            catch (final RuntimeException ex)
            {
                r.r1 = -2;
                r.r2 = -2;
            }
        }

        /**
         * The user closes the exporter.
         */
        @Actor
        public void closer()
        {
            try
            {
                exported.close();
            }
            catch (final RuntimeException ex)
            {
                closeFailed = true;
            }
        }

        /**
         * A later collection and the source; then clean up.
         *
         * @param r the check.
         */
        @Arbiter
        public void arbiter(final JJI_Result r)
        {
            int check = 0;
            try
            {
                check |= sluicePoints(reader.collect()) == 0 && null == exported.source().snapshot() &&
                    exported.source().pid() == -1 && null == SourceWarnings.take(writer.path()) ? 0 : 1;
            }
            catch (final RuntimeException ex)
            {
                check |= 4;
            }
            check |= closeFailed ? 2 : 0;
            r.r3 = check;
            provider.close();
            writer.close();
        }
    }

    /**
     * The value of a graph metric's point for graph {@value CountersFileWriterRig#GRAPH}.
     *
     * @param metrics a collection.
     * @param metric  a long graph metric.
     * @return its value, or -1 if the collection has no such point.
     */
    static long value(final Collection<MetricData> metrics, final SluiceMetric metric)
    {
        final String name = OtelInstrument.nameOf(metric);
        for (final MetricData data : metrics)
        {
            if (!data.getName().equals(name))
            {
                continue;
            }
            for (final PointData point : data.getData().getPoints())
            {
                if (point instanceof LongPointData &&
                    CountersFileWriterRig.GRAPH.equals(point.getAttributes().get(SluiceOpenTelemetry.GRAPH)))
                {
                    return ((LongPointData)point).getValue();
                }
            }
        }
        return -1;
    }

    private static int sluicePoints(final Collection<MetricData> metrics)
    {
        int points = 0;
        for (final MetricData data : metrics)
        {
            if (data.getName().startsWith("sluice."))
            {
                points += data.getData().getPoints().size();
            }
        }
        return points;
    }
}
