package io.sluice.metrics.prometheus;

import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import io.sluice.runtime.metrics.EntitySnapshot;
import io.sluice.runtime.metrics.MetricKind;
import io.sluice.runtime.metrics.MetricScope;
import io.sluice.runtime.metrics.MetricUnit;
import io.sluice.runtime.metrics.SluiceMetric;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Prometheus metric family and the {@link SluiceMetric}s that are its series, derived from the metric list so
 * that a metric added there is exported without a change here. Metrics sharing a {@link SluiceMetric#family()} are
 * one family: a counter or gauge whose series the metric's own label tells apart ({@code reason}, {@code source}),
 * or a summary made of the {@link MetricKind#QUANTILE}, {@link MetricKind#SUMMARY_COUNT} and
 * {@link MetricKind#SUMMARY_SUM} metrics of one distribution. {@link MetricKind#INFO} descriptors are gauges.
 * <p>
 * <b>Note:</b> immutable.
 */
final class PrometheusFamily
{
    /**
     * Label naming the graph, on every series.
     */
    static final String GRAPH = "graph";

    /**
     * Label naming the edge, on edge series.
     */
    static final String EDGE = "edge";

    /**
     * Label with the edge's overflow policy, on edge series.
     */
    static final String POLICY = "policy";

    /**
     * Label naming the stage, on stage series.
     */
    static final String STAGE = "stage";

    /**
     * Label naming the user agent, on agent series.
     */
    static final String AGENT = "agent";

    /**
     * Value of the policy label when the descriptor does not say.
     */
    static final String UNKNOWN = "unknown";

    /**
     * Every family, in the order of {@link SluiceMetric}.
     */
    static final List<PrometheusFamily> ALL = derive();

    private final String name;
    private final MetricType type;
    private final MetricScope scope;
    private final Unit unit;
    private final String help;
    private final List<SluiceMetric> metrics;
    private final SluiceMetric count;
    private final SluiceMetric sum;
    private final List<SluiceMetric> quantiles;
    private final Set<String> labelNames;
    private final MetricFamilyDescriptor descriptor;

    private PrometheusFamily(final String name, final List<SluiceMetric> metrics)
    {
        final SluiceMetric first = metrics.get(0);
        this.name = name;
        this.type = typeOf(first.kind());
        this.scope = first.scope();
        this.help = first.help();
        this.metrics = Collections.unmodifiableList(metrics);
        SluiceMetric countMetric = null;
        SluiceMetric sumMetric = null;
        final List<SluiceMetric> quantileMetrics = new ArrayList<>();
        boolean seconds = false;
        final Set<String> labels = new LinkedHashSet<>(scopeLabels(scope));
        for (final SluiceMetric metric : metrics)
        {
            if (typeOf(metric.kind()) != type || metric.scope() != scope)
            {
                throw new IllegalStateException("SluiceMetric family " + name + ": " + metric + " is a " +
                    metric.scope() + " " + metric.kind() + ", " + first + " a " + scope + " " + first.kind() +
                    "; one family has one scope and one Prometheus type");
            }
            seconds |= metric.unit() == MetricUnit.NANOSECONDS;
            if (metric.kind() == MetricKind.SUMMARY_COUNT)
            {
                countMetric = metric;
            }
            else if (metric.kind() == MetricKind.SUMMARY_SUM)
            {
                sumMetric = metric;
            }
            else if (metric.kind() == MetricKind.QUANTILE)
            {
                quantileMetrics.add(metric);
            }
            else if (null != metric.labelName())
            {
                labels.add(metric.labelName());
            }
        }
        if (type == MetricType.SUMMARY && (null == countMetric || null == sumMetric))
        {
            throw new IllegalStateException("SluiceMetric family " + name + ": a summary needs a SUMMARY_COUNT and a " +
                "SUMMARY_SUM metric");
        }
        this.count = countMetric;
        this.sum = sumMetric;
        this.quantiles = Collections.unmodifiableList(quantileMetrics);
        // the exposition formats require a family with a unit to end in it; every nanosecond family ends in _seconds
        this.unit = seconds && name.endsWith("_seconds") ? Unit.SECONDS : null;
        this.labelNames = Collections.unmodifiableSet(labels);
        this.descriptor = MetricFamilyDescriptor.of(type, new MetricMetadata(name, help, unit), labelNames);
    }

    private static List<PrometheusFamily> derive()
    {
        final Map<String, List<SluiceMetric>> byName = new LinkedHashMap<>();
        for (final SluiceMetric metric : SluiceMetric.values())
        {
            if (metric.kind() != MetricKind.SUMMARY_COUNT)
            {
                byName.computeIfAbsent(metric.family(), family -> new ArrayList<>()).add(metric);
            }
        }
        for (final SluiceMetric metric : SluiceMetric.values())
        {
            if (metric.kind() == MetricKind.SUMMARY_COUNT)
            {
                byName.get(summaryOf(metric, byName)).add(metric);
            }
        }
        final List<PrometheusFamily> families = new ArrayList<>(byName.size());
        for (final Map.Entry<String, List<SluiceMetric>> entry : byName.entrySet())
        {
            families.add(new PrometheusFamily(entry.getKey(), entry.getValue()));
        }
        return Collections.unmodifiableList(families);
    }

    /**
     * The summary a sample count belongs to. A count is in {@link MetricUnit#COUNT}, so its family carries no unit
     * suffix ({@code sluice_edge_wait}) while the quantiles' and the sum's does ({@code sluice_edge_wait_seconds}):
     * the summary is the one of the same scope whose name is the count's family, with or without a unit suffix.
     */
    private static String summaryOf(final SluiceMetric count, final Map<String, List<SluiceMetric>> byName)
    {
        String summary = null;
        for (final Map.Entry<String, List<SluiceMetric>> entry : byName.entrySet())
        {
            final SluiceMetric member = entry.getValue().get(0);
            final String name = entry.getKey();
            if (member.scope() == count.scope() && typeOf(member.kind()) == MetricType.SUMMARY &&
                (name.equals(count.family()) || name.startsWith(count.family() + "_")))
            {
                if (null != summary)
                {
                    throw new IllegalStateException("SluiceMetric " + count + ": sample count of both " + summary +
                        " and " + name);
                }
                summary = name;
            }
        }
        if (null == summary)
        {
            throw new IllegalStateException("SluiceMetric " + count + ": no summary named " + count.family() +
                " or " + count.family() + "_<unit> for this sample count");
        }
        return summary;
    }

    static MetricType typeOf(final MetricKind kind)
    {
        switch (kind)
        {
            case COUNTER:
                return MetricType.COUNTER;
            case GAUGE:
            case INFO:
                return MetricType.GAUGE;
            case QUANTILE:
            case SUMMARY_COUNT:
            case SUMMARY_SUM:
                return MetricType.SUMMARY;
            default:
                throw new IllegalStateException("no Prometheus type for metric kind " + kind);
        }
    }

    static List<String> scopeLabels(final MetricScope scope)
    {
        switch (scope)
        {
            case GRAPH:
                return List.of(GRAPH);
            case EDGE:
                return List.of(GRAPH, EDGE, POLICY);
            case STAGE:
                return List.of(GRAPH, STAGE);
            case AGENT:
                return List.of(GRAPH, AGENT);
            default:
                throw new IllegalStateException("no labels for metric scope " + scope);
        }
    }

    /**
     * The labels every series of an entity carries: graph; edge and policy for an edge; stage for a stage; agent for
     * an agent.
     *
     * @param graph  the graph label's value.
     * @param entity the graph, edge or stage.
     * @return the labels.
     */
    static Labels entityLabels(final String graph, final EntitySnapshot entity)
    {
        switch (entity.scope())
        {
            case GRAPH:
                return Labels.of(GRAPH, graph);
            case EDGE:
                final String policy = entity.attribute(POLICY);
                return Labels.of(GRAPH, graph, EDGE, entity.name(), POLICY, null == policy ? UNKNOWN : policy);
            case STAGE:
                return Labels.of(GRAPH, graph, STAGE, entity.name());
            case AGENT:
                return Labels.of(GRAPH, graph, AGENT, entity.name());
            default:
                throw new IllegalStateException("no labels for metric scope " + entity.scope());
        }
    }

    /**
     * The family's name, without a {@code _total} suffix (the exposition formats add it to counters).
     *
     * @return the name.
     */
    String name()
    {
        return name;
    }

    MetricType type()
    {
        return type;
    }

    MetricScope scope()
    {
        return scope;
    }

    List<SluiceMetric> metrics()
    {
        return metrics;
    }

    Set<String> labelNames()
    {
        return labelNames;
    }

    MetricFamilyDescriptor descriptor()
    {
        return descriptor;
    }

    /**
     * Start collecting one scrape's series of this family.
     *
     * @return an empty builder.
     */
    Series series()
    {
        return new Series();
    }

    /**
     * The series of one family in one scrape.
     */
    final class Series
    {
        private final CounterSnapshot.Builder counter;
        private final GaugeSnapshot.Builder gauge;
        private final SummarySnapshot.Builder summary;
        private int points;

        private Series()
        {
            counter = type == MetricType.COUNTER ? CounterSnapshot.builder().name(name).help(help) : null;
            gauge = type == MetricType.GAUGE ? GaugeSnapshot.builder().name(name).help(help) : null;
            summary = type == MetricType.SUMMARY ? SummarySnapshot.builder().name(name).help(help) : null;
            if (null != unit)
            {
                if (null != counter)
                {
                    counter.unit(unit);
                }
                if (null != gauge)
                {
                    gauge.unit(unit);
                }
                if (null != summary)
                {
                    summary.unit(unit);
                }
            }
        }

        /**
         * Add an entity's series of this family: one per metric the entity has, or one summary.
         *
         * @param entity of the family's scope.
         * @param labels from {@link #entityLabels(String, EntitySnapshot)}.
         */
        void add(final EntitySnapshot entity, final Labels labels)
        {
            if (type == MetricType.SUMMARY)
            {
                addSummary(entity, labels);
                return;
            }
            for (final SluiceMetric metric : metrics)
            {
                if (!entity.has(metric))
                {
                    continue;
                }
                final Labels series = null == metric.labelName() ? labels : labels.add(
                    metric.labelName(), metric.labelValue());
                final double value = metric.unit().toBase(entity.value(metric));
                if (null != counter)
                {
                    counter.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                        .value(value).labels(series).build());
                }
                else
                {
                    gauge.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .value(value).labels(series).build());
                }
                points++;
            }
        }

        private void addSummary(final EntitySnapshot entity, final Labels labels)
        {
            if (!entity.has(count) || !entity.has(sum))
            {
                return;
            }
            // without sampling nothing is timed: NaN quantiles, as the Prometheus client's own empty summaries show
            final boolean sampled = null != entity.attribute("sampling");
            final List<Quantile> values = new ArrayList<>(quantiles.size());
            for (final SluiceMetric metric : quantiles)
            {
                if (entity.has(metric))
                {
                    values.add(new Quantile(metric.quantile(),
                        sampled ? metric.unit().toBase(entity.value(metric)) : Double.NaN));
                }
            }
            summary.dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder()
                .count(entity.value(count))
                .sum(sum.unit().toBase(entity.value(sum)))
                .quantiles(Quantiles.of(values))
                .labels(labels)
                .build());
            points++;
        }

        /**
         * The family's snapshot.
         *
         * @return the snapshot, or null if no entity had a series of it.
         */
        MetricSnapshot build()
        {
            if (0 == points)
            {
                return null;
            }
            return null != counter ? counter.build() : null != gauge ? gauge.build() : summary.build();
        }
    }
}
