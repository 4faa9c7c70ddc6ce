package io.sluice.metrics.opentelemetry;

import io.sluice.runtime.metrics.MetricKind;
import io.sluice.runtime.metrics.MetricScope;
import io.sluice.runtime.metrics.MetricUnit;
import io.sluice.runtime.metrics.SluiceMetric;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One OpenTelemetry instrument and the {@link SluiceMetric}s it reports, derived from the metric list so that a
 * metric added there is exported without a change here.
 * <p>
 * <b>Names.</b> The Prometheus family in dotted form, without the unit suffix: {@code sluice_<scope>_<rest>} becomes
 * {@code sluice.<scope>.<rest>} (the scope is the namespace, the rest keeps its underscores), and
 * {@code _seconds} goes into the unit. So {@code sluice_edge_wait_seconds} is {@code sluice.edge.wait} in
 * {@code s}, {@code sluice_edge_offered_total} is {@code sluice.edge.offered}, and {@code sluice_edge_back_pressured}
 * is {@code sluice.edge.back_pressured}. OpenTelemetry's own Prometheus translation turns these names back into the
 * Prometheus families.
 * <p>
 * <b>Types.</b> {@link MetricKind#COUNTER} is an asynchronous counter (monotonic sum), {@link MetricKind#GAUGE} and
 * {@link MetricKind#INFO} asynchronous gauges; values in nanoseconds or parts per million are doubles in seconds or
 * ratios, the rest longs. A distribution (wait time, service time) has no asynchronous instrument of its own in the
 * OpenTelemetry API, so it is three: its quantiles as a gauge with a {@code quantile} attribute
 * ({@code sluice.edge.wait}), and its sample count and sum as counters with {@code _count} and {@code _sum} appended
 * to the leaf ({@code sluice.edge.wait_count} in {@code {sample}}, {@code sluice.edge.wait_sum} in {@code s}); an
 * instrument name is never the namespace of another.
 * <p>
 * <b>Units.</b> {@code s} for nanoseconds, {@code 1} for ratios, flags and states, and a {@code {annotation}} for
 * counts: {@code {message}} unless the metric counts something else ({@code {cycle}}, {@code {episode}},
 * {@code {sample}}, ...).
 * <p>
 * Several metrics of one family told apart by a label ({@code sluice_edge_dropped} with {@code reason},
 * {@code sluice_edge_delivered} with {@code source}, the quantiles) are one instrument; the label becomes an
 * attribute. <b>Note:</b> immutable.
 */
public final class OtelInstrument
{
    /**
     * The OpenTelemetry instrument an {@link OtelInstrument} is registered as.
     */
    public enum Type
    {
        /**
         * Asynchronous counter of longs (a monotonic cumulative sum).
         */
        LONG_COUNTER,

        /**
         * Asynchronous counter of doubles (a monotonic cumulative sum).
         */
        DOUBLE_COUNTER,

        /**
         * Asynchronous gauge of longs.
         */
        LONG_GAUGE,

        /**
         * Asynchronous gauge of doubles.
         */
        DOUBLE_GAUGE
    }

    /**
     * Unit of a time (exported in seconds).
     */
    public static final String UNIT_SECONDS = "s";

    /**
     * Unit of a dimensionless value: a ratio, a flag or a state.
     */
    public static final String UNIT_ONE = "1";

    /**
     * Unit of most counts.
     */
    public static final String UNIT_MESSAGES = "{message}";

    private static final Map<SluiceMetric, String> COUNT_UNITS = new EnumMap<>(SluiceMetric.class);
    private static final List<OtelInstrument> ALL;
    private static final Map<SluiceMetric, OtelInstrument> BY_METRIC = new EnumMap<>(SluiceMetric.class);

    static
    {
        // counts of something other than messages; every other count is of messages
        COUNT_UNITS.put(SluiceMetric.GRAPH_PUBLICATIONS, "{publication}");
        COUNT_UNITS.put(SluiceMetric.EDGE_BACK_PRESSURED, "{call}");
        COUNT_UNITS.put(SluiceMetric.EDGE_ABORTED, "{claim}");
        COUNT_UNITS.put(SluiceMetric.EDGE_UNWRITABLE_EPISODES, "{episode}");
        COUNT_UNITS.put(SluiceMetric.EDGE_CREDITS, "{credit}");
        COUNT_UNITS.put(SluiceMetric.STAGE_ERRORS, "{call}");
        COUNT_UNITS.put(SluiceMetric.STAGE_RETRIES, "{attempt}");
        COUNT_UNITS.put(SluiceMetric.STAGE_DUTY_CYCLES, "{cycle}");
        COUNT_UNITS.put(SluiceMetric.STAGE_BUSY_CYCLES, "{cycle}");
        COUNT_UNITS.put(SluiceMetric.STAGE_BREAKER_OPENED, "{event}");
        COUNT_UNITS.put(SluiceMetric.AGENT_DUTY_CYCLES, "{cycle}");
        COUNT_UNITS.put(SluiceMetric.AGENT_BUSY_CYCLES, "{cycle}");
        COUNT_UNITS.put(SluiceMetric.AGENT_WORK, "{work}");
        COUNT_UNITS.put(SluiceMetric.AGENT_ERRORS, "{call}");

        final Map<String, List<SluiceMetric>> byName = new LinkedHashMap<>();
        for (final SluiceMetric metric : SluiceMetric.values())
        {
            byName.computeIfAbsent(nameOf(metric), (name) -> new ArrayList<>()).add(metric);
        }
        final List<OtelInstrument> all = new ArrayList<>();
        for (final Map.Entry<String, List<SluiceMetric>> entry : byName.entrySet())
        {
            final OtelInstrument instrument = new OtelInstrument(entry.getKey(), entry.getValue());
            all.add(instrument);
            for (final SluiceMetric metric : entry.getValue())
            {
                BY_METRIC.put(metric, instrument);
            }
        }
        ALL = Collections.unmodifiableList(all);
    }

    private final String name;
    private final String unit;
    private final String description;
    private final Type type;
    private final MetricScope scope;
    private final List<SluiceMetric> metrics;

    private OtelInstrument(final String name, final List<SluiceMetric> metrics)
    {
        final SluiceMetric first = metrics.get(0);
        this.name = name;
        this.unit = unitOf(first);
        this.type = typeOf(first);
        this.scope = first.scope();
        this.description = descriptionOf(first);
        this.metrics = Collections.unmodifiableList(metrics);
        for (final SluiceMetric metric : metrics)
        {
            // metrics of one family differ only by their label; a new metric that breaks this must get its own name
            if (!unitOf(metric).equals(unit) || typeOf(metric) != type || metric.scope() != scope ||
                null == metric.labelName() && metrics.size() > 1)
            {
                throw new IllegalStateException("OpenTelemetry instrument " + name + ": " + metric + " (" +
                    unitOf(metric) + ", " + typeOf(metric) + ") does not fit " + first + " (" + unit + ", " + type +
                    "); metrics of one instrument may differ only by their label");
            }
        }
    }

    /**
     * Every instrument, in the order of {@link SluiceMetric} (graph, then edge, then stage).
     *
     * @return the instruments.
     */
    public static List<OtelInstrument> all()
    {
        return ALL;
    }

    /**
     * The instrument that reports a metric.
     *
     * @param metric any metric.
     * @return its instrument.
     */
    public static OtelInstrument of(final SluiceMetric metric)
    {
        return BY_METRIC.get(metric);
    }

    /**
     * The instrument name of a metric: {@code sluice_edge_wait_seconds} becomes {@code sluice.edge.wait}, its
     * sample count {@code sluice.edge.wait_count} and its sum {@code sluice.edge.wait_sum}.
     *
     * @param metric any metric.
     * @return the instrument name.
     */
    public static String nameOf(final SluiceMetric metric)
    {
        String base = metric.family();
        if (metric.unit() == MetricUnit.NANOSECONDS && base.endsWith("_seconds"))
        {
            base = base.substring(0, base.length() - "_seconds".length());
        }
        if (metric.kind() == MetricKind.SUMMARY_COUNT)
        {
            base += "_count";
        }
        else if (metric.kind() == MetricKind.SUMMARY_SUM)
        {
            base += "_sum";
        }
        final String scope = metric.scope().name().toLowerCase();
        final String prefix = "sluice_" + scope + "_";
        if (!base.startsWith(prefix))
        {
            throw new IllegalStateException(metric + ": family " + metric.family() + " does not start with " + prefix);
        }
        return "sluice." + scope + "." + base.substring(prefix.length());
    }

    /**
     * The unit of a metric's exported values, UCUM as OpenTelemetry writes it.
     *
     * @param metric any metric.
     * @return {@code s}, {@code 1}, or a count annotation such as {@code {message}}.
     */
    public static String unitOf(final SluiceMetric metric)
    {
        switch (metric.unit())
        {
            case NANOSECONDS:
                return UNIT_SECONDS;
            case COUNT:
                if (metric.kind() == MetricKind.SUMMARY_COUNT)
                {
                    return "{sample}";
                }
                return COUNT_UNITS.getOrDefault(metric, UNIT_MESSAGES);
            default:
                return UNIT_ONE;
        }
    }

    private static Type typeOf(final SluiceMetric metric)
    {
        final boolean isDouble = metric.unit() == MetricUnit.NANOSECONDS || metric.unit() == MetricUnit.PPM;
        switch (metric.kind())
        {
            case COUNTER:
            case SUMMARY_COUNT:
            case SUMMARY_SUM:
                return isDouble ? Type.DOUBLE_COUNTER : Type.LONG_COUNTER;
            default:
                return isDouble ? Type.DOUBLE_GAUGE : Type.LONG_GAUGE;
        }
    }

    private static String descriptionOf(final SluiceMetric metric)
    {
        switch (metric.kind())
        {
            case QUANTILE:
                return metric.help() + "; the quantile attribute says which quantile";
            case SUMMARY_COUNT:
                return metric.help() + "; number of samples since registration";
            case SUMMARY_SUM:
                return metric.help() + "; sum of the samples since registration";
            default:
                return metric.help();
        }
    }

    /**
     * The instrument's name.
     *
     * @return for example {@code sluice.edge.offered}.
     */
    public String name()
    {
        return name;
    }

    /**
     * The instrument's unit.
     *
     * @return for example {@code s} or {@code {message}}.
     */
    public String unit()
    {
        return unit;
    }

    /**
     * The instrument's description (the metric's help).
     *
     * @return one line.
     */
    public String description()
    {
        return description;
    }

    /**
     * How the instrument is registered.
     *
     * @return counter or gauge, long or double.
     */
    public Type type()
    {
        return type;
    }

    /**
     * What the instrument describes, which decides its attributes.
     *
     * @return graph, edge or stage.
     */
    public MetricScope scope()
    {
        return scope;
    }

    /**
     * The metrics the instrument reports, one attribute set each per entity.
     *
     * @return one metric, or several told apart by their label.
     */
    public List<SluiceMetric> metrics()
    {
        return metrics;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return name + " (" + type + ", " + unit + ")";
    }
}
