package io.sluice.metrics.opentelemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.BatchCallback;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.api.metrics.ObservableMeasurement;
import io.sluice.runtime.metrics.EntitySnapshot;
import io.sluice.runtime.metrics.GraphSnapshot;
import io.sluice.runtime.metrics.MetricKind;
import io.sluice.runtime.metrics.MetricsSnapshot;
import io.sluice.runtime.metrics.SluiceMetric;
import io.sluice.runtime.metrics.SluiceMetrics;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sluice metrics as OpenTelemetry instruments: every {@link OtelInstrument} registered as an asynchronous
 * instrument on a {@link Meter}, all fed by one batch callback that reads the counters file once per collection.
 * The collecting thread (the SDK's metric reader) does the reading; the process that writes the file is not
 * touched, so this may run in that process or in any other that can read the file.
 * <pre>
 * try (SluiceOpenTelemetry exported = SluiceOpenTelemetry.register(openTelemetry, metrics))
 * {
 *     // every collection of openTelemetry's meter provider now reads metrics.file()
 * }
 * </pre>
 * <b>Attributes.</b> {@code graph} on every point; {@code edge} and {@code policy} on edge instruments;
 * {@code stage} on stage instruments; and the metric's own label ({@code reason}, {@code source},
 * {@code quantile}) where it has one: the labels of the Prometheus exporter. Where an edge or stage is not sampled
 * (sampling off), its distribution has no quantile points; its count and sum stay (zero).
 * <p>
 * <b>Liveness.</b> While the file is missing or its writer has exited (closed, or its process is gone), a collection
 * records no Sluice points and does not throw. When a writer creates the file again, the next collection maps the new
 * file. A file that cannot be read is reported once through {@code java.util.logging} (this class's logger).
 * <p>
 * Register once per meter and file: a second registration, or two graphs of one name in one file, would record the
 * same attributes twice, and the SDK keeps only one of them.
 * <p>
 * <b>Note:</b> thread-safe; collections by several metric readers serialise on the file.
 */
public final class SluiceOpenTelemetry implements AutoCloseable
{
    /**
     * The instrumentation scope name of the meter the {@link OpenTelemetry} overloads create.
     */
    public static final String INSTRUMENTATION_SCOPE = "io.sluice.metrics";

    /**
     * Attribute: the graph's name (channels registered outside a graph: their group's name).
     */
    public static final AttributeKey<String> GRAPH = AttributeKey.stringKey("graph");

    /**
     * Attribute: the edge's name.
     */
    public static final AttributeKey<String> EDGE = AttributeKey.stringKey("edge");

    /**
     * Attribute: the edge's overflow policy, e.g. {@code BLOCK} or {@code SPILL}.
     */
    public static final AttributeKey<String> POLICY = AttributeKey.stringKey("policy");

    /**
     * Attribute: the stage's name.
     */
    public static final AttributeKey<String> STAGE = AttributeKey.stringKey("stage");

    /**
     * Attribute: the user agent's name.
     */
    public static final AttributeKey<String> AGENT = AttributeKey.stringKey("agent");

    /**
     * The policy attribute's value when the file does not say (a writer that did not record it).
     */
    public static final String UNKNOWN = "unknown";

    private static final String SAMPLING = "sampling";

    private final CountersSource source;
    private final Map<SluiceMetric, ObservableLongMeasurement> longs = new EnumMap<>(SluiceMetric.class);
    private final Map<SluiceMetric, ObservableDoubleMeasurement> doubles = new EnumMap<>(SluiceMetric.class);
    private final Map<SluiceMetric, AttributeKey<String>> labels = new EnumMap<>(SluiceMetric.class);
    private final BatchCallback callback;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SluiceOpenTelemetry(final Meter meter, final Path countersFile)
    {
        source = new CountersSource(countersFile);
        final List<ObservableMeasurement> measurements = new ArrayList<>();
        for (final OtelInstrument instrument : OtelInstrument.all())
        {
            final ObservableMeasurement measurement = build(meter, instrument);
            measurements.add(measurement);
            for (final SluiceMetric metric : instrument.metrics())
            {
                // the SDK's observer implements both interfaces: the instrument's type decides
                if (instrument.type() == OtelInstrument.Type.LONG_COUNTER ||
                    instrument.type() == OtelInstrument.Type.LONG_GAUGE)
                {
                    longs.put(metric, (ObservableLongMeasurement)measurement);
                }
                else
                {
                    doubles.put(metric, (ObservableDoubleMeasurement)measurement);
                }
                if (null != metric.labelName())
                {
                    labels.put(metric, AttributeKey.stringKey(metric.labelName()));
                }
            }
        }
        callback = meter.batchCallback(this::observe, measurements.get(0),
            measurements.subList(1, measurements.size()).toArray(new ObservableMeasurement[0]));
    }

    /**
     * Register the instruments on a meter, reading a counters file.
     *
     * @param meter        where the instruments go.
     * @param countersFile the file a {@link SluiceMetrics} writes (it need not exist yet).
     * @return closing it removes the callback and unmaps the file.
     */
    public static SluiceOpenTelemetry register(final Meter meter, final Path countersFile)
    {
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(countersFile, "countersFile");
        return new SluiceOpenTelemetry(meter, countersFile);
    }

    /**
     * Register the instruments on a meter, reading the counters file of this process's metrics.
     *
     * @param meter   where the instruments go.
     * @param metrics the metrics whose file is read.
     * @return closing it removes the callback and unmaps the file.
     */
    public static SluiceOpenTelemetry register(final Meter meter, final SluiceMetrics metrics)
    {
        return register(meter, metrics.file());
    }

    /**
     * Register the instruments on a meter of {@code openTelemetry}'s meter provider, scope
     * {@link #INSTRUMENTATION_SCOPE}, reading a counters file.
     *
     * @param openTelemetry for example an SDK from {@link OtelExport#sdk(OtelExporterKind, OtelExportOptions)}.
     * @param countersFile  the file a {@link SluiceMetrics} writes (it need not exist yet).
     * @return closing it removes the callback and unmaps the file.
     */
    public static SluiceOpenTelemetry register(final OpenTelemetry openTelemetry, final Path countersFile)
    {
        return register(meter(openTelemetry), countersFile);
    }

    /**
     * Register the instruments on a meter of {@code openTelemetry}'s meter provider, scope
     * {@link #INSTRUMENTATION_SCOPE}, reading the counters file of this process's metrics.
     *
     * @param openTelemetry for example an SDK from {@link OtelExport#sdk(OtelExporterKind, OtelExportOptions)}.
     * @param metrics       the metrics whose file is read.
     * @return closing it removes the callback and unmaps the file.
     */
    public static SluiceOpenTelemetry register(final OpenTelemetry openTelemetry, final SluiceMetrics metrics)
    {
        return register(meter(openTelemetry), metrics.file());
    }

    /**
     * The meter the {@link OpenTelemetry} overloads register on.
     *
     * @param openTelemetry the API entry point.
     * @return its meter for scope {@link #INSTRUMENTATION_SCOPE}.
     */
    public static Meter meter(final OpenTelemetry openTelemetry)
    {
        Objects.requireNonNull(openTelemetry, "openTelemetry");
        final MeterBuilder builder = openTelemetry.getMeterProvider().meterBuilder(INSTRUMENTATION_SCOPE);
        final String version = SluiceOpenTelemetry.class.getPackage().getImplementationVersion();
        if (null != version)
        {
            builder.setInstrumentationVersion(version);
        }
        return builder.build();
    }

    /**
     * The counters file read.
     *
     * @return its path.
     */
    public Path file()
    {
        return source.file();
    }

    /**
     * Remove the callback (later collections record no Sluice points) and unmap the file. Idempotent.
     */
    @Override
    public void close()
    {
        if (closed.compareAndSet(false, true))
        {
            callback.close();
            source.close();
        }
    }

    CountersSource source()
    {
        return source;
    }

    private static ObservableMeasurement build(final Meter meter, final OtelInstrument instrument)
    {
        switch (instrument.type())
        {
            case LONG_COUNTER:
                return meter.counterBuilder(instrument.name()).setUnit(instrument.unit())
                    .setDescription(instrument.description()).buildObserver();
            case DOUBLE_COUNTER:
                return meter.counterBuilder(instrument.name()).ofDoubles().setUnit(instrument.unit())
                    .setDescription(instrument.description()).buildObserver();
            case LONG_GAUGE:
                return meter.gaugeBuilder(instrument.name()).ofLongs().setUnit(instrument.unit())
                    .setDescription(instrument.description()).buildObserver();
            case DOUBLE_GAUGE:
                return meter.gaugeBuilder(instrument.name()).setUnit(instrument.unit())
                    .setDescription(instrument.description()).buildObserver();
            default:
                throw new IllegalStateException("unknown instrument type " + instrument.type());
        }
    }

    private void observe()
    {
        final MetricsSnapshot snapshot = source.snapshot();
        if (null == snapshot)
        {
            return;
        }
        for (final GraphSnapshot graph : snapshot.graphs())
        {
            final String graphName = graph.name();
            observe(graph.graph(), Attributes.of(GRAPH, graphName));
            for (final EntitySnapshot edge : graph.edges())
            {
                final String policy = edge.attribute(POLICY.getKey());
                observe(edge, Attributes.of(GRAPH, graphName, EDGE, edge.name(), POLICY,
                    null == policy ? UNKNOWN : policy));
            }
            for (final EntitySnapshot stage : graph.stages())
            {
                observe(stage, Attributes.of(GRAPH, graphName, STAGE, stage.name()));
            }
            for (final EntitySnapshot agent : graph.agents())
            {
                observe(agent, Attributes.of(GRAPH, graphName, AGENT, agent.name()));
            }
        }
    }

    private void observe(final EntitySnapshot entity, final Attributes common)
    {
        // without sampling nothing is timed: no quantile points rather than zeros (Prometheus shows NaN)
        final boolean sampled = null != entity.attribute(SAMPLING);
        for (final SluiceMetric metric : SluiceMetric.of(entity.scope()))
        {
            if (!entity.has(metric) || metric.kind() == MetricKind.QUANTILE && !sampled)
            {
                continue;
            }
            final Attributes attributes = null == metric.labelName() ? common :
                common.toBuilder().put(labels.get(metric), metric.labelValue()).build();
            final long raw = entity.value(metric);
            final ObservableLongMeasurement asLong = longs.get(metric);
            if (null != asLong)
            {
                asLong.record(raw, attributes);
            }
            else
            {
                doubles.get(metric).record(metric.unit().toBase(raw), attributes);
            }
        }
    }
}
