package io.sluice.runtime.graph;

import io.sluice.queues.channel.Channel;
import io.sluice.queues.channel.ChannelCounters;
import io.sluice.runtime.agent.IdleStrategies;
import io.sluice.runtime.agent.ThreadingMode;
import io.sluice.runtime.failure.CircuitBreaker;
import io.sluice.runtime.metrics.LatencyRecorder;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.DynamicCompositeAgent;
import org.agrona.concurrent.IdleStrategy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A built pipeline: stages joined by edges, run by Agrona runners in the chosen {@link ThreadingMode}.
 * <p>
 * Lifecycle: {@link #start()} starts every agent as a unit. {@link #close()} is graceful: the sources stop, every
 * stage drains its inbound edges and then closes its outbound ones, so the stream ends in topological order with
 * nothing lost; then the runners stop. {@link #close(long, TimeUnit)} does the same with a deadline and reports by
 * count what was still in flight when it passed.
 * <p>
 * In {@link ThreadingMode#INVOKER} mode nothing runs unless the user's loop calls {@link #invoker()}'s
 * {@code invoke()}; {@code close} must then be called from that same thread, and drives the invoker itself until
 * the graph has drained.
 * <p>
 * Counters, the bottleneck report and {@link #isDone()} may be read from any thread at any time.
 */
public final class Graph implements AutoCloseable
{
    private final String name;
    private final ThreadingMode threading;
    private final String idleStrategy;
    private final GraphControl control;
    private final Map<String, Edge> edges;
    private final Map<String, StageAgent> stages = new LinkedHashMap<>();
    private final List<Agent> userAgents;
    // every user agent's counting wrapper, builder-declared first, then joined ones in join order; never shrinks
    // before close, so an index names one agent for the graph's life (the metrics publisher reads it by index)
    private final List<CountingAgent> countingAgents = new CopyOnWriteArrayList<>();
    // the user's agent -> its wrapper, for leave(); guarded by this
    private final Map<Agent, CountingAgent> wrappers = new IdentityHashMap<>();
    private final List<GraphBuilder.Group> groups;
    private final ErrorHandler errorHandler;
    private final List<AgentRunner> runners = new ArrayList<>();
    private final Map<String, DynamicCompositeAgent> composites = new LinkedHashMap<>();
    private final long[] lastUnwritableNanos;
    private AgentInvoker invoker;
    private volatile AutoCloseable metricsRegistration;
    private volatile boolean started;
    private volatile boolean closed;

    Graph(final String name, final ThreadingMode threading, final String idleStrategy, final GraphControl control,
        final Map<String, Edge> edges, final List<StageAgent> stageAgents, final List<Agent> userAgents,
        final List<GraphBuilder.Group> groups, final ErrorHandler errorHandler)
    {
        this.name = name;
        this.threading = threading;
        this.idleStrategy = idleStrategy;
        this.control = control;
        this.edges = edges;
        this.lastUnwritableNanos = new long[edges.size()];
        for (final StageAgent stage : stageAgents)
        {
            stages.put(stage.name, stage);
        }
        this.userAgents = new ArrayList<>(userAgents.size());
        for (final Agent agent : userAgents)
        {
            final CountingAgent counting = new CountingAgent(agent, false, "");
            this.userAgents.add(counting);
            countingAgents.add(counting);
            wrappers.put(agent, counting);
        }
        this.groups = groups;
        this.errorHandler = errorHandler;
    }

    /**
     * Name of the graph.
     *
     * @return the name.
     */
    public String name()
    {
        return name;
    }

    /**
     * The threading mode the graph was built with.
     *
     * @return the mode.
     */
    public ThreadingMode threading()
    {
        return threading;
    }

    /**
     * Start every agent: runner threads for the thread modes, the invoker (which the caller then drives) for
     * {@link ThreadingMode#INVOKER}.
     *
     * @throws IllegalStateException if already started or closed.
     */
    public synchronized void start()
    {
        if (started || closed)
        {
            throw new IllegalStateException("graph '" + name + "': start() is allowed once, before close()");
        }
        started = true;
        final List<Agent> all = allAgents();
        switch (threading)
        {
            case THREAD_PER_AGENT:
                for (final Agent agent : all)
                {
                    assignGroup(agent, agent.roleName());
                    runners.add(new AgentRunner(newIdle(idleStrategy), errorHandler, null, agent));
                }
                break;
            case SHARED_THREAD:
                assignGroup(all, name);
                runners.add(new AgentRunner(newIdle(idleStrategy), errorHandler, null, composite(name, all)));
                break;
            case GROUPS:
                for (final GraphBuilder.Group group : groups)
                {
                    final List<Agent> members = new ArrayList<>();
                    for (final Agent agent : all)
                    {
                        if (group.members().contains(agent.roleName()))
                        {
                            assignGroup(agent, group.name());
                            members.add(agent);
                        }
                    }
                    runners.add(new AgentRunner(
                        newIdle(group.idleStrategy()), errorHandler, null, composite(group.name(), members)));
                }
                break;
            default:
                assignGroup(all, name);
                invoker = new AgentInvoker(errorHandler, null, composite(name, all));
                invoker.start();
                return;
        }
        for (final AgentRunner runner : runners)
        {
            AgentRunner.startOnThread(runner);
        }
    }

    private static void assignGroup(final List<Agent> agents, final String group)
    {
        for (final Agent agent : agents)
        {
            assignGroup(agent, group);
        }
    }

    private static void assignGroup(final Agent agent, final String group)
    {
        if (agent instanceof CountingAgent)
        {
            ((CountingAgent)agent).group(group);
        }
    }

    private Agent composite(final String roleName, final List<Agent> agents)
    {
        final DynamicCompositeAgent composite = new DynamicCompositeAgent(roleName, agents);
        composites.put(roleName, composite);
        return composite;
    }

    /**
     * Join a user agent to the running graph's duty cycle: the shared thread's or the invoker's (for
     * {@link ThreadingMode#GROUPS} use {@link #join(String, Agent)}), or a runner thread of its own for
     * {@link ThreadingMode#THREAD_PER_AGENT}. It is closed with the graph. The graph counts its duty cycles, work and
     * errors ({@link #agentCounters(int, AgentCounters)}, and the counters file when built with metrics).
     *
     * @param agent the agent to add.
     * @return true if it will run from the next duty cycle on; false if another join or leave on the same thread
     * is still pending (Agrona's {@code DynamicCompositeAgent} takes one at a time), or the duty cycle's thread has
     * not started yet (right after {@link #start()}): try again.
     * @throws IllegalStateException if the graph is not running, or in {@link ThreadingMode#GROUPS} mode.
     */
    public synchronized boolean join(final Agent agent)
    {
        if (threading == ThreadingMode.GROUPS)
        {
            throw new IllegalStateException(
                "graph '" + name + "': with threading=GROUPS, join(group, agent) names the group to join");
        }
        return join(name, agent);
    }

    /**
     * Join a user agent to a running group's duty cycle ({@link ThreadingMode#GROUPS}).
     *
     * @param group name of the group, or of the graph for the shared thread or invoker.
     * @param agent the agent to add.
     * @return as {@link #join(Agent)}.
     * @throws IllegalStateException if the graph is not running or has no such group.
     */
    public synchronized boolean join(final String group, final Agent agent)
    {
        if (!started || closed)
        {
            throw new IllegalStateException("graph '" + name + "': join is allowed while the graph runs");
        }
        if (threading == ThreadingMode.THREAD_PER_AGENT)
        {
            final CountingAgent counting = new CountingAgent(agent, true, agent.roleName());
            final AgentRunner runner = new AgentRunner(newIdle(idleStrategy), errorHandler, null, counting);
            runners.add(runner);
            wrappers.put(agent, counting);
            countingAgents.add(counting);
            AgentRunner.startOnThread(runner);
            return true;
        }
        final DynamicCompositeAgent composite = compositeOf(group);
        if (composite.status() != DynamicCompositeAgent.Status.ACTIVE)
        {
            // its thread has not run onStart yet (just after start()): Agrona's tryAdd would throw
            return false;
        }
        final CountingAgent counting = new CountingAgent(agent, true, group);
        if (!composite.tryAdd(counting))
        {
            return false;
        }
        wrappers.put(agent, counting);
        countingAgents.add(counting);
        return true;
    }

    /**
     * Take a joined user agent out of its duty cycle again (not for {@link ThreadingMode#THREAD_PER_AGENT}, where
     * a joined agent runs until the graph closes). Its {@code onClose} is called.
     *
     * @param group name of the group it joined, or of the graph.
     * @param agent the agent to remove: the one passed to join (or to {@code GraphBuilder.agent}), not a wrapper.
     * @return true if it will be removed on the next duty cycle; false if another join or leave is pending.
     */
    public synchronized boolean leave(final String group, final Agent agent)
    {
        if (!started || closed || threading == ThreadingMode.THREAD_PER_AGENT)
        {
            throw new IllegalStateException("graph '" + name + "': leave is allowed while the graph runs, " +
                "in a mode with shared duty cycles; threading is " + threading);
        }
        final CountingAgent counting = wrappers.get(agent);
        final boolean removing = compositeOf(group).tryRemove(null == counting ? agent : counting);
        if (removing && null != counting)
        {
            // its counters stay (closed flag set by onClose) until the graph closes; a later join wraps it anew
            wrappers.remove(agent);
        }
        return removing;
    }

    /**
     * How many user agents the graph has counted: those declared with the builder, then those joined at run time,
     * including joined agents that have left since (their counters stay until the graph closes).
     *
     * @return the number of agents; indexes below it stay valid for the graph's life.
     */
    public int agentCount()
    {
        return countingAgents.size();
    }

    /**
     * Copy a user agent's counters (any thread, no allocation).
     *
     * @param index from 0 to {@link #agentCount()} - 1: builder-declared agents in declaration order, then joined
     *              ones in join order.
     * @param into  the snapshot to fill.
     * @return {@code into}.
     * @throws IndexOutOfBoundsException if there is no such agent.
     */
    public AgentCounters agentCounters(final int index, final AgentCounters into)
    {
        return countingAgents.get(index).counters(into);
    }

    private DynamicCompositeAgent compositeOf(final String group)
    {
        final DynamicCompositeAgent composite = composites.get(group);
        if (null == composite)
        {
            throw new IllegalStateException(
                "graph '" + name + "': no duty cycle named '" + group + "'; there are " + composites.keySet());
        }
        return composite;
    }

    private List<Agent> allAgents()
    {
        final List<Agent> all = new ArrayList<>(stages.values());
        all.addAll(userAgents);
        return all;
    }

    private static IdleStrategy newIdle(final String idle)
    {
        return IdleStrategies.newIdleStrategy("idleStrategy", idle);
    }

    /**
     * The invoker to drive from the user's own loop ({@link ThreadingMode#INVOKER} only, after {@link #start()}).
     *
     * @return the invoker.
     * @throws IllegalStateException in any other mode or before start.
     */
    public AgentInvoker invoker()
    {
        if (null == invoker)
        {
            throw new IllegalStateException("graph '" + name + "': invoker() needs threading=INVOKER and start(); " +
                "threading is " + threading + (started ? "" : " and the graph is not started"));
        }
        return invoker;
    }

    /**
     * Whether every stage has finished (sources stopped or ended, every edge drained and closed).
     *
     * @return true once the whole graph is done.
     */
    public boolean isDone()
    {
        for (final StageAgent stage : stages.values())
        {
            if (!stage.isDone())
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Graceful close without a deadline: stop the sources, drain every edge, finish every stage, stop the runners.
     */
    @Override
    public void close()
    {
        close(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    }

    /**
     * Graceful close with a deadline: as {@link #close()}, but when the deadline passes the runners are stopped
     * anyway and the report counts what was still in flight.
     *
     * @param timeout how long to let the graph drain.
     * @param unit    of the timeout.
     * @return what was left in flight (nothing if {@link CloseReport#drained()}).
     */
    public CloseReport close(final long timeout, final TimeUnit unit)
    {
        synchronized (this)
        {
            if (closed)
            {
                return report();
            }
            closed = true;
        }
        control.signalClose();
        final long start = System.nanoTime();
        final long timeoutNs = unit.toNanos(timeout);
        if (started)
        {
            while (!isDone() && System.nanoTime() - start < timeoutNs)
            {
                if (null != invoker)
                {
                    invoker.invoke();
                }
                else
                {
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
                }
            }
        }
        for (final AgentRunner runner : runners)
        {
            runner.close();
        }
        if (null != invoker)
        {
            invoker.close();
        }
        final CloseReport report = report();
        final AutoCloseable registration = metricsRegistration;
        if (null != registration)
        {
            metricsRegistration = null;
            try
            {
                registration.close();
            }
            catch (final Exception ex)
            {
                errorHandler.onError(ex);
            }
        }
        return report;
    }

    /**
     * Whether {@link #start()} has been called.
     *
     * @return true once started.
     */
    public boolean isStarted()
    {
        return started;
    }

    /**
     * Whether {@link #close()} has begun.
     *
     * @return true once closing or closed.
     */
    public boolean isClosed()
    {
        return closed;
    }

    /**
     * The stages that produce into an edge.
     *
     * @param edge name of the edge.
     * @return the producing stages' names.
     */
    public List<String> edgeProducers(final String edge)
    {
        return List.of(edgeOf(edge).producers);
    }

    /**
     * The stage that consumes an edge.
     *
     * @param edge name of the edge.
     * @return the consuming stage's name.
     */
    public String edgeConsumer(final String edge)
    {
        return edgeOf(edge).consumer;
    }

    /**
     * How many stages lie between an edge's consumer and a sink (0 for an edge into a sink).
     *
     * @param edge name of the edge.
     * @return the distance.
     */
    public int edgeDistanceToSink(final String edge)
    {
        return edgeOf(edge).distanceToSink;
    }

    /**
     * The role of a stage: {@code source}, {@code stage} or {@code sink}.
     *
     * @param stage name of the stage.
     * @return the role.
     */
    public String stageRole(final String stage)
    {
        return stageAgent(stage).role.name().toLowerCase();
    }

    /**
     * The circuit breaker guarding a stage's handler.
     *
     * @param stage name of the stage.
     * @return the breaker, or null if the stage has none.
     */
    public CircuitBreaker circuitBreaker(final String stage)
    {
        return stageAgent(stage).breaker;
    }

    /**
     * The wait-time recorder of an edge, when the graph was built with metrics and wait-time sampling on.
     *
     * @param edge name of the edge.
     * @return the recorder, or null.
     */
    public LatencyRecorder waitTime(final String edge)
    {
        return edgeOf(edge).waitTime;
    }

    /**
     * The service-time recorder of a stage, when the graph was built with metrics and service-time sampling on.
     *
     * @param stage name of the stage.
     * @return the recorder, or null.
     */
    public LatencyRecorder serviceTime(final String stage)
    {
        return stageAgent(stage).serviceTime;
    }

    /**
     * Attach the registration the graph closes when it closes (its counters are freed then).
     */
    void metricsRegistration(final AutoCloseable registration)
    {
        this.metricsRegistration = registration;
    }

    private CloseReport report()
    {
        final ChannelCounters counters = new ChannelCounters();
        final Map<String, Long> byEdge = new LinkedHashMap<>();
        final Map<String, Long> byStage = new LinkedHashMap<>();
        long total = 0;
        for (final Edge edge : edges.values())
        {
            edge.channel.counters(counters);
            final long inFlight = counters.depth() + counters.spilledPending();
            if (inFlight > 0)
            {
                byEdge.put(edge.name, inFlight);
                total += inFlight;
            }
        }
        final StageCounters stageCounters = new StageCounters();
        for (final StageAgent stage : stages.values())
        {
            stage.counters(stageCounters);
            final long held = stageCounters.held() + stageCounters.retrying();
            if (held > 0)
            {
                byStage.put(stage.name, held);
                total += held;
            }
        }
        return new CloseReport(isDone() && total == 0, total, Collections.unmodifiableMap(byEdge),
            Collections.unmodifiableMap(byStage));
    }

    /**
     * The edge that limits the graph. Over the interval since the previous call (since {@link #start()} for the
     * first), each edge's time unwritable is measured; the candidates are the edges unwritable now and those
     * unwritable for at least a quarter as long as the edge unwritable longest. Of the candidates, the one nearest the
     * sinks (fewest stages between its consumer and a sink) is the bottleneck, ties broken by the longer time
     * unwritable: upstream of a slow stage every edge fills, so the one nearest the sinks is where the flow is held
     * back. An edge under a slow consumer swings between its water marks, which is why time over an interval counts
     * and not only a look at one instant. Null if no edge was unwritable in the interval.
     *
     * @return the bottleneck edge's name, or null.
     */
    public synchronized String bottleneck()
    {
        return bottleneck(lastUnwritableNanos);
    }

    /**
     * {@link #bottleneck()} over the interval since the caller's previous call, with the caller's own interval state,
     * so that several readers (a metrics publisher, a live view) do not cut each other's intervals short.
     *
     * @param lastUnwritableNanos one slot per edge ({@link #edgeNames()} order), zero before the first call; updated.
     * @return the bottleneck edge's name, or null.
     * @throws IllegalArgumentException if the array's length is not the number of edges.
     */
    public String bottleneck(final long[] lastUnwritableNanos)
    {
        if (lastUnwritableNanos.length != edges.size())
        {
            throw new IllegalArgumentException("graph '" + name + "': bottleneck state has " +
                lastUnwritableNanos.length + " slots; allowed exactly one per edge (" + edges.size() + ")");
        }
        final int count = edges.size();
        final long[] nanos = new long[count];
        final boolean[] unwritableNow = new boolean[count];
        final ChannelCounters counters = new ChannelCounters();
        long longest = 0;
        int index = 0;
        for (final Edge edge : edges.values())
        {
            edge.channel.counters(counters);
            final long total = counters.unwritableNanos();
            nanos[index] = total - lastUnwritableNanos[index];
            lastUnwritableNanos[index] = total;
            // a flag whose producer has not looked since the consumer drained it is stale: not holding anything back
            unwritableNow[index] = !counters.writable() && !counters.closed() &&
                counters.depth() > edge.channel.lowWaterMark();
            longest = Math.max(longest, nanos[index]);
            index++;
        }

        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        long bestNanos = -1;
        index = 0;
        for (final Edge edge : edges.values())
        {
            final long edgeNanos = nanos[index];
            if (unwritableNow[index] || (edgeNanos > 0 && 4 * edgeNanos >= longest))
            {
                if (edge.distanceToSink < bestDistance ||
                    (edge.distanceToSink == bestDistance && edgeNanos > bestNanos))
                {
                    best = edge.name;
                    bestDistance = edge.distanceToSink;
                    bestNanos = edgeNanos;
                }
            }
            index++;
        }
        return best;
    }

    /**
     * Names of the edges, in declaration order.
     *
     * @return the edge names.
     */
    public List<String> edgeNames()
    {
        return List.copyOf(edges.keySet());
    }

    /**
     * Names of the stages, in topological order (sources first).
     *
     * @return the stage names.
     */
    public List<String> stageNames()
    {
        return List.copyOf(stages.keySet());
    }

    /**
     * The channel of an edge, for its counters and settings (its producer and consumer methods belong to the
     * graph's stages).
     *
     * @param edge name of the edge.
     * @return the channel.
     * @throws IllegalArgumentException if there is no such edge.
     */
    public Channel channel(final String edge)
    {
        return edgeOf(edge).channel;
    }

    /**
     * Copy an edge's counters (any thread, no allocation).
     *
     * @param edge name of the edge.
     * @param into the snapshot to fill.
     * @return {@code into}.
     */
    public ChannelCounters edgeCounters(final String edge, final ChannelCounters into)
    {
        return edgeOf(edge).channel.counters(into);
    }

    /**
     * Copy a stage's counters (any thread, no allocation).
     *
     * @param stage name of the stage.
     * @param into  the snapshot to fill.
     * @return {@code into}.
     */
    public StageCounters stageCounters(final String stage, final StageCounters into)
    {
        return stageAgent(stage).counters(into);
    }

    /**
     * The agent of a stage, for tests that drive duty cycles themselves.
     */
    StageAgent stageAgent(final String stage)
    {
        final StageAgent agent = stages.get(stage);
        if (null == agent)
        {
            throw new IllegalArgumentException(
                "graph '" + name + "': stage '" + stage + "' does not exist; stages are " + stages.keySet());
        }
        return agent;
    }

    private Edge edgeOf(final String edge)
    {
        final Edge found = edges.get(edge);
        if (null == found)
        {
            throw new IllegalArgumentException(
                "graph '" + name + "': edge '" + edge + "' does not exist; edges are " + edges.keySet());
        }
        return found;
    }
}
