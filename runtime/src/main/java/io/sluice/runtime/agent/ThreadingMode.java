package io.sluice.runtime.agent;

/**
 * How a graph's agents are put on threads, chosen when the graph is built. Every mode runs the same agents; only
 * the runners differ, all of them Agrona's.
 */
public enum ThreadingMode
{
    /**
     * One {@link org.agrona.concurrent.AgentRunner} thread per agent: most parallelism, one core per busy agent.
     */
    THREAD_PER_AGENT,

    /**
     * Every agent in one duty cycle ({@link org.agrona.concurrent.CompositeAgent}) on one runner thread: no
     * cross-thread handoff cost, the throughput of one core.
     */
    SHARED_THREAD,

    /**
     * Explicit groups of agents, one runner thread and idle strategy per group; every agent must be in exactly one.
     */
    GROUPS,

    /**
     * No thread: the user's own loop calls {@link org.agrona.concurrent.AgentInvoker#invoke()} (for embedding in
     * an existing trading or telemetry loop), which runs every agent's duty cycle once.
     */
    INVOKER
}
