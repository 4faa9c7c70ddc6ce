package io.sluice.metrics.prometheus;

import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.sluice.runtime.metrics.CountersFileReader;
import io.sluice.runtime.metrics.EntitySnapshot;
import io.sluice.runtime.metrics.GraphSnapshot;
import io.sluice.runtime.metrics.MetricScope;
import io.sluice.runtime.metrics.MetricsSnapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A Prometheus {@link MultiCollector} that reads a Sluice counters file on every scrape and converts what it finds
 * into Prometheus snapshots: one family per {@link io.sluice.runtime.metrics.SluiceMetric#family()} (counters,
 * gauges, and a summary per distribution), plus {@value SluicePrometheus#UP} (1 when a live writer's file was read,
 * else 0). Make one with {@link SluicePrometheus#collector(Path)} and register it in a
 * {@link io.prometheus.metrics.model.registry.PrometheusRegistry}, or let {@link PrometheusEndpoint} do both.
 * <p>
 * <b>Missing file, exited writer.</b> When the file does not exist, is still being laid out, or its writer closed it
 * or died ({@link CountersFileReader#isLive()} is false), the scrape succeeds with {@code sluice_up 0} and no other
 * Sluice series. The file is mapped again on a later scrape once it is back: a restarted writer creates a new file
 * (another inode, pid and start time), and the old mapping is dropped as soon as its writer is gone. Liveness is
 * judged by the writer's pid, so the collector must run in the writer's pid namespace (same host or container). A file
 * that exists but may not be read (the file is {@code rw-------} by default) fails the scrape with the reason, which
 * Prometheus shows on its targets page.
 * <p>
 * <b>Graph names.</b> Series carry the graph's name in the {@code graph} label. Should two live graphs of one file
 * share a name, the later ones (by registration) are labelled {@code name#id} with the graph's id in the file, so that
 * no series is lost and none is duplicated.
 * <p>
 * A registry holds one collector per family name: register one counters file per registry (the registry refuses a
 * second with {@code IllegalArgumentException: sluice_up: duplicate metric name with identical label schema}), and
 * run one endpoint per counters file to export several.
 * <p>
 * <b>Note:</b> thread-safe; scrapes are serialised on the collector. It maps the file read-only and allocates on each
 * scrape; it is never called by channels or stages.
 */
public final class CountersFileCollector implements MultiCollector, AutoCloseable
{
    private static final String UP_HELP = "1 if the Sluice counters file was read from a live writer on this scrape, " +
        "0 if it is missing, not ready, or its writer has exited";
    private static final List<MetricFamilyDescriptor> DESCRIPTORS = descriptors();

    private final Path file;
    private CountersFileReader reader;
    private Object readerKey;
    private boolean up;
    private boolean closed;

    CountersFileCollector(final Path file)
    {
        if (null == file)
        {
            throw new IllegalArgumentException(
                "prometheus countersFile: null is not allowed; the path of a Sluice counters file");
        }
        this.file = file;
    }

    /**
     * The counters file read on every scrape.
     *
     * @return its path.
     */
    public Path file()
    {
        return file;
    }

    /**
     * Whether the last scrape read a live writer's file (the value it reported as {@value SluicePrometheus#UP}).
     *
     * @return true if the last scrape was up; false before the first.
     */
    public synchronized boolean isUp()
    {
        return up;
    }

    /**
     * Read the counters file and convert it: {@value SluicePrometheus#UP}, then every family that has a series.
     *
     * @return the snapshots of this scrape.
     */
    @Override
    public synchronized MetricSnapshots collect()
    {
        final MetricsSnapshot snapshot = read();
        up = null != snapshot;
        final MetricSnapshots.Builder snapshots = MetricSnapshots.builder();
        snapshots.metricSnapshot(GaugeSnapshot.builder().name(SluicePrometheus.UP).help(UP_HELP)
            .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(up ? 1 : 0).labels(Labels.EMPTY).build())
            .build());
        if (up)
        {
            convert(snapshot, snapshots);
        }
        return snapshots.build();
    }

    /**
     * Every family this collector can report (name, type, help, unit, label names), so that a registry refuses a
     * second collector of the same families and can skip this one when a scrape asks for other names only.
     *
     * @return the descriptors.
     */
    @Override
    public List<MetricFamilyDescriptor> getMetricFamilyDescriptors()
    {
        return DESCRIPTORS;
    }

    /**
     * Unmap the file; later scrapes report {@value SluicePrometheus#UP} 0 and nothing else.
     */
    @Override
    public synchronized void close()
    {
        closed = true;
        closeReader();
    }

    private static List<MetricFamilyDescriptor> descriptors()
    {
        final List<MetricFamilyDescriptor> descriptors = new ArrayList<>(PrometheusFamily.ALL.size() + 1);
        descriptors.add(MetricFamilyDescriptor.of(
            MetricType.GAUGE, new MetricMetadata(SluicePrometheus.UP, UP_HELP), Collections.emptySet()));
        for (final PrometheusFamily family : PrometheusFamily.ALL)
        {
            descriptors.add(family.descriptor());
        }
        return Collections.unmodifiableList(descriptors);
    }

    private MetricsSnapshot read()
    {
        if (closed)
        {
            return null;
        }
        final Object key = fileKey();
        if (null != reader && (null == key || !key.equals(readerKey) || !reader.isLive()))
        {
            // gone, replaced by a restarted writer, or its writer exited: a new file gets a new mapping
            closeReader();
        }
        if (null == key)
        {
            return null;
        }
        if (null == reader)
        {
            try
            {
                reader = CountersFileReader.open(file);
                readerKey = key;
            }
            catch (final IllegalStateException ex)
            {
                // a writer's new file is empty, then zeroed, until it is laid out and marked ready: down for now
                return null;
            }
            catch (final UncheckedIOException ex)
            {
                if (ex.getCause() instanceof NoSuchFileException)
                {
                    // removed since the stat
                    return null;
                }
                throw ex;
            }
            if (!reader.isLive())
            {
                closeReader();
                return null;
            }
        }
        return reader.snapshot();
    }

    private Object fileKey()
    {
        try
        {
            final BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return null != attributes.fileKey() ? attributes.fileKey() : attributes.creationTime();
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("counters file " + file + ": cannot read: " + ex.getMessage(), ex);
        }
    }

    private void closeReader()
    {
        if (null != reader)
        {
            reader.close();
            reader = null;
            readerKey = null;
        }
    }

    private static void convert(final MetricsSnapshot snapshot, final MetricSnapshots.Builder snapshots)
    {
        final List<GraphSnapshot> graphs = snapshot.graphs();
        final String[] graphLabels = graphLabels(graphs);
        for (final PrometheusFamily family : PrometheusFamily.ALL)
        {
            final PrometheusFamily.Series series = family.series();
            for (int g = 0; g < graphs.size(); g++)
            {
                for (final EntitySnapshot entity : entities(graphs.get(g), family.scope()))
                {
                    series.add(entity, PrometheusFamily.entityLabels(graphLabels[g], entity));
                }
            }
            final MetricSnapshot metric = series.build();
            if (null != metric)
            {
                snapshots.metricSnapshot(metric);
            }
        }
    }

    private static String[] graphLabels(final List<GraphSnapshot> graphs)
    {
        final String[] labels = new String[graphs.size()];
        final Set<String> seen = new HashSet<>();
        for (int g = 0; g < labels.length; g++)
        {
            final GraphSnapshot graph = graphs.get(g);
            final String name = graph.name();
            String label = name;
            int suffix = graph.graph().graphId();
            while (!seen.add(label))
            {
                label = name + "#" + suffix++;
            }
            labels[g] = label;
        }
        return labels;
    }

    private static List<EntitySnapshot> entities(final GraphSnapshot graph, final MetricScope scope)
    {
        switch (scope)
        {
            case GRAPH:
                return List.of(graph.graph());
            case EDGE:
                return graph.edges();
            case STAGE:
                return graph.stages();
            case AGENT:
                return graph.agents();
            default:
                throw new IllegalStateException("unknown metric scope " + scope);
        }
    }
}
