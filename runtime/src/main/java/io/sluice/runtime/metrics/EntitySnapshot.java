package io.sluice.runtime.metrics;

import java.util.Collections;
import java.util.Map;

/**
 * The counters of one graph, edge or stage as read from a counters file.
 */
public final class EntitySnapshot
{
    private final MetricScope scope;
    private final int graphId;
    private final int entityId;
    private final long[] values = new long[SluiceMetric.values().length];
    private final boolean[] present = new boolean[SluiceMetric.values().length];
    private Map<String, String> attributes = Collections.emptyMap();

    EntitySnapshot(final MetricScope scope, final int graphId, final int entityId)
    {
        this.scope = scope;
        this.graphId = graphId;
        this.entityId = entityId;
    }

    void attributes(final Map<String, String> attributes)
    {
        this.attributes = Collections.unmodifiableMap(attributes);
    }

    void value(final SluiceMetric metric, final long value)
    {
        values[metric.ordinal()] = value;
        present[metric.ordinal()] = true;
    }

    /**
     * Graph, edge or stage.
     *
     * @return the scope.
     */
    public MetricScope scope()
    {
        return scope;
    }

    /**
     * The id of the graph this entity belongs to (unique within the writing process).
     *
     * @return the graph id.
     */
    public int graphId()
    {
        return graphId;
    }

    /**
     * The id of the entity within its graph: the edge or stage index in declaration order; 0 for a graph.
     *
     * @return the entity id.
     */
    public int entityId()
    {
        return entityId;
    }

    /**
     * The entity's name (the graph's, edge's or stage's).
     *
     * @return the name, or "?" if the descriptor was not read.
     */
    public String name()
    {
        return attributes.getOrDefault("name", "?");
    }

    /**
     * An attribute from the entity's descriptor: {@code graph}, {@code name}, and for an edge {@code policy},
     * {@code kind}, {@code from}, {@code to}; for a stage {@code role}; for a graph {@code threading}.
     *
     * @param key attribute name.
     * @return the value, or null.
     */
    public String attribute(final String key)
    {
        return attributes.get(key);
    }

    /**
     * Every attribute of the descriptor, in order.
     *
     * @return the attributes.
     */
    public Map<String, String> attributes()
    {
        return attributes;
    }

    /**
     * Whether the file holds this metric for the entity.
     *
     * @param metric of this entity's scope.
     * @return true if read.
     */
    public boolean has(final SluiceMetric metric)
    {
        return present[metric.ordinal()];
    }

    /**
     * The raw value of a metric, in its {@link MetricUnit}.
     *
     * @param metric of this entity's scope.
     * @return the value, 0 if absent.
     */
    public long value(final SluiceMetric metric)
    {
        return values[metric.ordinal()];
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder(scope.name().toLowerCase()).append(' ').append(name());
        for (final SluiceMetric metric : SluiceMetric.of(scope))
        {
            if (present[metric.ordinal()])
            {
                text.append(' ').append(metric.name().toLowerCase()).append('=').append(values[metric.ordinal()]);
            }
        }
        return text.toString();
    }
}
