package io.sluice.examples.stat;

import io.sluice.runtime.metrics.CounterLabels;
import io.sluice.runtime.metrics.CountersFile;
import io.sluice.runtime.metrics.CountersFileReader;
import io.sluice.runtime.metrics.MetricKind;
import io.sluice.runtime.metrics.MetricScope;
import io.sluice.runtime.metrics.MetricsSnapshot;
import io.sluice.runtime.metrics.SluiceMetric;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A counters file laid out as SluiceMetrics lays it out (same type ids, keys and descriptor labels), with values the
 * test sets one by one, so snapshots hold exactly the numbers a test wants.
 */
final class SyntheticCounters implements AutoCloseable
{
    private final CountersFile file;
    private final CountersManager manager;
    private final UnsafeBuffer key = new UnsafeBuffer(new byte[12]);

    SyntheticCounters(final Path path)
    {
        file = CountersFile.create(path, 1024, PosixFilePermissions.fromString("rw-------"),
            TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.SECONDS.toNanos(1));
        manager = new CountersManager(file.metadata(), file.values(), StandardCharsets.UTF_8);
        file.ready();
    }

    Entity graph(final int graphId, final String name)
    {
        final Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("graph", name);
        attributes.put("name", name);
        attributes.put("threading", "SHARED_THREAD");
        return allocate(MetricScope.GRAPH, graphId, 0, attributes);
    }

    Entity edge(
        final int graphId, final int entityId, final String name, final String policy, final String from,
        final String to, final boolean sampled)
    {
        final Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("graph", "g");
        attributes.put("name", name);
        attributes.put("policy", policy);
        attributes.put("kind", "OBJECT_SPSC");
        attributes.put("from", from);
        attributes.put("to", to);
        if (sampled)
        {
            attributes.put("sampling", "64");
        }
        return allocate(MetricScope.EDGE, graphId, entityId, attributes);
    }

    Entity stage(final int graphId, final int entityId, final String name, final String role, final boolean sampled)
    {
        final Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("graph", "g");
        attributes.put("name", name);
        attributes.put("role", role);
        if (sampled)
        {
            attributes.put("sampling", "64");
        }
        return allocate(MetricScope.STAGE, graphId, entityId, attributes);
    }

    Entity agent(final int graphId, final int entityId, final String name, final String group, final boolean joined)
    {
        final Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("graph", "g");
        attributes.put("name", name);
        attributes.put("group", group);
        attributes.put("joined", Boolean.toString(joined));
        return allocate(MetricScope.AGENT, graphId, entityId, attributes).set(SluiceMetric.AGENT_INFO, joined ? 1 : 0);
    }

    void heartbeat(final long epochMs)
    {
        file.heartbeat(epochMs);
    }

    MetricsSnapshot snapshot()
    {
        try (CountersFileReader reader = CountersFileReader.open(file.file()))
        {
            return reader.snapshot();
        }
    }

    /**
     * Close as a writer does that keeps its file: readers see state closed.
     */
    void closeAndKeep()
    {
        file.close(false);
    }

    @Override
    public void close()
    {
        file.close(true);
    }

    private Entity allocate(
        final MetricScope scope, final int graphId, final int entityId, final Map<String, String> attributes)
    {
        final Entity entity = new Entity();
        final String info = CounterLabels.format(scope, attributes);
        for (final SluiceMetric metric : SluiceMetric.of(scope))
        {
            key.putInt(0, scope.code());
            key.putInt(4, graphId);
            key.putInt(8, entityId);
            final byte[] label = (metric.kind() == MetricKind.INFO ? info : metric.prometheusName())
                .getBytes(StandardCharsets.UTF_8);
            final int id = manager.allocate(
                metric.typeId(), key, 0, key.capacity(), new UnsafeBuffer(label), 0, label.length);
            entity.ids.put(metric, id);
        }
        return entity;
    }

    /**
     * The counters of one graph, edge or stage.
     */
    final class Entity
    {
        private final Map<SluiceMetric, Integer> ids = new EnumMap<>(SluiceMetric.class);

        Entity set(final SluiceMetric metric, final long value)
        {
            manager.setCounterValue(ids.get(metric), value);
            return this;
        }
    }
}
