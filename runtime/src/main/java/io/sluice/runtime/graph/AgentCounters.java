package io.sluice.runtime.graph;

/**
 * A snapshot of one user agent's counters, filled by {@link Graph#agentCounters(int, AgentCounters)} without
 * allocation. The graph wraps every user agent (declared with {@code GraphBuilder.agent} or joined with
 * {@code Graph.join}) in a counting agent that publishes these at the end of each duty cycle, so a snapshot
 * is at most one cycle old.
 * <p>
 * <b>Note:</b> a snapshot is filled by one thread at a time; it is not itself thread-safe.
 */
public final class AgentCounters
{
    String name = "";
    String group = "";
    boolean joined;
    long dutyCycles;
    long busyCycles;
    long workCount;
    long errors;
    boolean closed;

    /**
     * An empty snapshot to fill.
     */
    public AgentCounters()
    {
    }

    /**
     * The agent's role name.
     *
     * @return the name.
     */
    public String name()
    {
        return name;
    }

    /**
     * The duty cycle the agent runs on: the graph's name for the shared thread or the invoker, the group's name in
     * GROUPS mode, the agent's own name for a thread of its own; empty before the graph starts.
     *
     * @return the duty cycle's name.
     */
    public String group()
    {
        return group;
    }

    /**
     * Whether the agent joined the running graph ({@code Graph.join}) rather than being declared with the
     * builder.
     *
     * @return true if joined at run time.
     */
    public boolean joined()
    {
        return joined;
    }

    /**
     * Calls of the agent's {@code doWork}.
     *
     * @return duty cycles.
     */
    public long dutyCycles()
    {
        return dutyCycles;
    }

    /**
     * Duty cycles whose {@code doWork} returned more than zero.
     *
     * @return busy cycles.
     */
    public long busyCycles()
    {
        return busyCycles;
    }

    /**
     * Sum of the work counts {@code doWork} returned (positive ones).
     *
     * @return work count.
     */
    public long workCount()
    {
        return workCount;
    }

    /**
     * Calls of {@code doWork} that threw (other than to terminate the agent).
     *
     * @return errors.
     */
    public long errors()
    {
        return errors;
    }

    /**
     * Whether the agent has been closed: it left its duty cycle or the graph closed.
     *
     * @return true once closed.
     */
    public boolean closed()
    {
        return closed;
    }

    @Override
    public String toString()
    {
        return "AgentCounters{name=" + name + ", group=" + group + ", joined=" + joined + ", dutyCycles=" +
            dutyCycles + ", busyCycles=" + busyCycles + ", workCount=" + workCount + ", errors=" + errors +
            ", closed=" + closed + '}';
    }
}
