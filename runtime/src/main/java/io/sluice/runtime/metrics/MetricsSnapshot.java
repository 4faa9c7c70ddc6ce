package io.sluice.runtime.metrics;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

/**
 * Everything one read of a counters file saw: the writer's identity and liveness, and its graphs.
 */
public final class MetricsSnapshot
{
    private final Path file;
    private final long pid;
    private final long startTimeMs;
    private final long heartbeatMs;
    private final int state;
    private final long publishIntervalNs;
    private final long histogramWindowNs;
    private final List<GraphSnapshot> graphs;

    MetricsSnapshot(
        final Path file,
        final long pid,
        final long startTimeMs,
        final long heartbeatMs,
        final int state,
        final long publishIntervalNs,
        final long histogramWindowNs,
        final List<GraphSnapshot> graphs)
    {
        this.file = file;
        this.pid = pid;
        this.startTimeMs = startTimeMs;
        this.heartbeatMs = heartbeatMs;
        this.state = state;
        this.publishIntervalNs = publishIntervalNs;
        this.histogramWindowNs = histogramWindowNs;
        this.graphs = Collections.unmodifiableList(graphs);
    }

    /**
     * The counters file read.
     *
     * @return its path.
     */
    public Path file()
    {
        return file;
    }

    /**
     * The writing process.
     *
     * @return its pid.
     */
    public long pid()
    {
        return pid;
    }

    /**
     * When the writer created the file.
     *
     * @return epoch ms.
     */
    public long startTimeMs()
    {
        return startTimeMs;
    }

    /**
     * When the writer last published.
     *
     * @return epoch ms.
     */
    public long heartbeatMs()
    {
        return heartbeatMs;
    }

    /**
     * The writer's state: {@link CountersFile#STATE_READY} or {@link CountersFile#STATE_CLOSED}.
     *
     * @return the state.
     */
    public int state()
    {
        return state;
    }

    /**
     * How often the writer publishes.
     *
     * @return nanoseconds.
     */
    public long publishIntervalNs()
    {
        return publishIntervalNs;
    }

    /**
     * The window the quantiles cover.
     *
     * @return nanoseconds.
     */
    public long histogramWindowNs()
    {
        return histogramWindowNs;
    }

    /**
     * The graphs (and channels registered on their own, under a graph of their own name), by graph id.
     *
     * @return the graphs.
     */
    public List<GraphSnapshot> graphs()
    {
        return graphs;
    }

    /**
     * A graph by name.
     *
     * @param name of the graph.
     * @return the graph, or null.
     */
    public GraphSnapshot graph(final String name)
    {
        for (final GraphSnapshot graph : graphs)
        {
            if (graph.name().equals(name))
            {
                return graph;
            }
        }
        return null;
    }
}
