package io.sluice.runtime.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One graph's counters as read from a counters file: the graph entity, its edges and its stages, each in
 * declaration (entity id) order.
 */
public final class GraphSnapshot
{
    private final EntitySnapshot graph;
    final List<EntitySnapshot> edges = new ArrayList<>();
    final List<EntitySnapshot> stages = new ArrayList<>();
    final List<EntitySnapshot> agents = new ArrayList<>();

    GraphSnapshot(final EntitySnapshot graph)
    {
        this.graph = graph;
    }

    void sort()
    {
        edges.sort((a, b) -> Integer.compare(a.entityId(), b.entityId()));
        stages.sort((a, b) -> Integer.compare(a.entityId(), b.entityId()));
        agents.sort((a, b) -> Integer.compare(a.entityId(), b.entityId()));
    }

    /**
     * The graph's own counters.
     *
     * @return the graph entity.
     */
    public EntitySnapshot graph()
    {
        return graph;
    }

    /**
     * The graph's name.
     *
     * @return the name.
     */
    public String name()
    {
        return graph.name();
    }

    /**
     * The edges, in declaration order.
     *
     * @return the edges.
     */
    public List<EntitySnapshot> edges()
    {
        return Collections.unmodifiableList(edges);
    }

    /**
     * The stages, in the graph's order (sources first).
     *
     * @return the stages.
     */
    public List<EntitySnapshot> stages()
    {
        return Collections.unmodifiableList(stages);
    }

    /**
     * The graph's user agents (declared with the builder, then joined at run time, including those that left and
     * are flagged {@link SluiceMetric#AGENT_CLOSED}), in the order the graph counted them.
     *
     * @return the agents.
     */
    public List<EntitySnapshot> agents()
    {
        return Collections.unmodifiableList(agents);
    }

    /**
     * An agent by the name in its label (its role name, with {@code #n} appended when another agent of the graph
     * had the name first).
     *
     * @param name the agent's name.
     * @return its snapshot, or null.
     */
    public EntitySnapshot agent(final String name)
    {
        for (final EntitySnapshot agent : agents)
        {
            if (agent.name().equals(name))
            {
                return agent;
            }
        }
        return null;
    }

    /**
     * An edge by name.
     *
     * @param name of the edge.
     * @return the edge, or null.
     */
    public EntitySnapshot edge(final String name)
    {
        for (final EntitySnapshot edge : edges)
        {
            if (edge.name().equals(name))
            {
                return edge;
            }
        }
        return null;
    }

    /**
     * A stage by name.
     *
     * @param name of the stage.
     * @return the stage, or null.
     */
    public EntitySnapshot stage(final String name)
    {
        for (final EntitySnapshot stage : stages)
        {
            if (stage.name().equals(name))
            {
                return stage;
            }
        }
        return null;
    }

    /**
     * The bottleneck edge the graph last reported.
     *
     * @return the edge's name, or null if none.
     */
    public String bottleneck()
    {
        final long id = graph.value(SluiceMetric.GRAPH_BOTTLENECK);
        for (final EntitySnapshot edge : edges)
        {
            if (edge.entityId() == id)
            {
                return edge.name();
            }
        }
        return null;
    }
}
