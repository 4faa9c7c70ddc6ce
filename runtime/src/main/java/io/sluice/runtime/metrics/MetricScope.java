package io.sluice.runtime.metrics;

/**
 * What a counter describes. The scope is the first int of every Sluice counter's key.
 */
public enum MetricScope
{
    /**
     * A graph as a whole.
     */
    GRAPH(1),

    /**
     * An edge: one channel between stages, or a channel registered on its own.
     */
    EDGE(2),

    /**
     * A stage (source, stage or sink) of a graph.
     */
    STAGE(3),

    /**
     * A user agent of a graph, declared with the builder or joined while the graph runs.
     */
    AGENT(4);

    private final int code;

    MetricScope(final int code)
    {
        this.code = code;
    }

    /**
     * The code written into a counter's key.
     *
     * @return the code.
     */
    public int code()
    {
        return code;
    }

    /**
     * The scope with a key code.
     *
     * @param code from a counter's key.
     * @return the scope, or null if the code is unknown (a newer writer).
     */
    public static MetricScope ofCode(final int code)
    {
        for (final MetricScope scope : values())
        {
            if (scope.code == code)
            {
                return scope;
            }
        }
        return null;
    }
}
