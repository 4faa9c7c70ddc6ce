package io.sluice.runtime.graph;

import io.sluice.queues.channel.Channel;
import io.sluice.queues.channel.ChannelBuilder;
import io.sluice.queues.channel.ChannelKind;
import io.sluice.runtime.metrics.LatencyRecorder;
import io.sluice.runtime.metrics.SluiceMetrics;
import io.sluice.queues.overflow.OverflowPolicy;
import io.sluice.runtime.agent.IdleStrategies;
import io.sluice.runtime.agent.ThreadingMode;
import io.sluice.runtime.failure.DistinctErrorHandler;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Builds a {@link Graph}: named stages, the edges between them (each a channel with its own settings), user agents,
 * and the threading mode. {@link #build()} checks the whole graph and names the stage or edge at fault: duplicate
 * names, edges to or from unknown stages, unconnected ports (a stage without input or output, a source with an
 * inbound edge, a sink with an outbound one), cycles, a single-producer edge with two producers, an object edge on
 * a binary stage and the other way round, and group assignments.
 *
 * <h2>Edges and backpressure</h2>
 * An edge whose policy is {@code BLOCK} (the default of {@link #edge(String, String, String)}) propagates
 * backpressure: its producer stage takes no more input than the edge has room for, and holds in its outbox what
 * does not fit; it never blocks its thread. An edge with any other policy applies that policy to what does not fit
 * (drop, shed, spill, fail fast) and so does not slow its producer down: that is what choosing it means. One mix of
 * the two: a {@code SPILL} edge whose store refuses (full, past its limit) with the default fallback
 * {@code FAIL_FAST} pushes back like a {@code BLOCK} edge: the producer holds the refused message and sends it, in
 * order, once the store has drained to half of what it held when it refused (each refusal counts as
 * {@code rejected} and {@code spillRefused}, and the later send as another offer). Overflow goes to disk up to the
 * store's limit, then slows the producer: bounded disk, nothing lost. With fallback {@code DROP_NEWEST} a full store
 * drops instead.
 * <pre>{@code
 * GraphBuilder g = GraphBuilder.graph("orders");
 * g.source("ingest", (Outbox<Order> out, int limit) -> ...);
 * g.stage("price", (Order o, Outbox<Quote> out) -> out.emit(price(o))).retry(RetryPolicy.fixed(3, 1, MILLISECONDS));
 * g.sink("publish", (Quote q) -> ...);
 * g.edge("ingest->price", "ingest", "price").capacity(1024);
 * g.edge("price->publish", "price", "publish").capacity(256);
 * Graph graph = g.threading(ThreadingMode.SHARED_THREAD).idleStrategy("backoff").build();
 * }</pre>
 */
public final class GraphBuilder
{
    /**
     * Default for {@link #idleStrategy(String)}.
     */
    public static final String DEFAULT_IDLE_STRATEGY = IdleStrategies.BACKOFF;

    /**
     * Size of the default error handler's distinct error log, in bytes.
     */
    public static final int DEFAULT_ERROR_LOG_BYTES = 64 * 1024;

    private final String name;
    private final Map<String, StageSpec<?, ?>> stages = new LinkedHashMap<>();
    private final Map<String, Agent> agents = new LinkedHashMap<>();
    private final List<EdgeSpec> edges = new ArrayList<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private ThreadingMode threading = ThreadingMode.SHARED_THREAD;
    private String idleStrategy = DEFAULT_IDLE_STRATEGY;
    private ErrorHandler errorHandler;
    private SluiceMetrics metrics;
    private NanoClock nanoClock = SystemNanoClock.INSTANCE;
    private EpochNanoClock epochClock = new SystemEpochNanoClock();

    private GraphBuilder(final String name)
    {
        this.name = name;
    }

    /**
     * Start building a graph.
     *
     * @param name of the graph, not blank.
     * @return a new builder.
     */
    public static GraphBuilder graph(final String name)
    {
        if (null == name || name.isBlank())
        {
            throw new IllegalArgumentException("graph name=" + name + " is not allowed; allowed a non-blank name");
        }
        return new GraphBuilder(name);
    }

    /**
     * Declare an object source.
     *
     * @param name    of the stage, unique in the graph.
     * @param handler called each duty cycle with the room downstream.
     * @param <O>     type of the messages emitted.
     * @return the stage's settings.
     */
    public <O> StageSpec<Void, O> source(final String name, final SourceHandler<O> handler)
    {
        return add(name, false, StageAgent.Role.SOURCE, handler);
    }

    /**
     * Declare an object stage.
     *
     * @param name    of the stage, unique in the graph.
     * @param handler called per message.
     * @param <I>     type of the messages received.
     * @param <O>     type of the messages emitted.
     * @return the stage's settings.
     */
    public <I, O> StageSpec<I, O> stage(final String name, final StageHandler<I, O> handler)
    {
        return add(name, false, StageAgent.Role.STAGE, handler);
    }

    /**
     * Declare an object sink.
     *
     * @param name    of the stage, unique in the graph.
     * @param handler called per message.
     * @param <I>     type of the messages received.
     * @return the stage's settings.
     */
    public <I> StageSpec<I, Void> sink(final String name, final SinkHandler<I> handler)
    {
        return add(name, false, StageAgent.Role.SINK, handler);
    }

    /**
     * Declare a binary source.
     *
     * @param name    of the stage, unique in the graph.
     * @param handler called each duty cycle with the room downstream.
     * @return the stage's settings.
     */
    public StageSpec<Void, Void> binarySource(final String name, final BinarySourceHandler handler)
    {
        return add(name, true, StageAgent.Role.SOURCE, handler);
    }

    /**
     * Declare a binary stage.
     *
     * @param name    of the stage, unique in the graph.
     * @param handler called per message.
     * @return the stage's settings.
     */
    public StageSpec<Void, Void> binaryStage(final String name, final BinaryStageHandler handler)
    {
        return add(name, true, StageAgent.Role.STAGE, handler);
    }

    /**
     * Declare a binary sink.
     *
     * @param name    of the stage, unique in the graph.
     * @param handler called per message.
     * @return the stage's settings.
     */
    public StageSpec<Void, Void> binarySink(final String name, final BinarySinkHandler handler)
    {
        return add(name, true, StageAgent.Role.SINK, handler);
    }

    private <I, O> StageSpec<I, O> add(
        final String stage, final boolean binary, final StageAgent.Role role, final Object handler)
    {
        checkName("stage", stage);
        final StageSpec<I, O> spec = new StageSpec<>(stage, binary, role, handler);
        stages.put(stage, spec);
        return spec;
    }

    private void checkName(final String what, final String value)
    {
        if (null == value || value.isBlank())
        {
            throw new IllegalArgumentException(
                "graph '" + name + "': " + what + " name=" + value + " is not allowed; allowed a non-blank name");
        }
        if (stages.containsKey(value) || agents.containsKey(value))
        {
            throw new IllegalArgumentException("graph '" + name + "': " + what + " name '" + value +
                "' is already used by another stage or agent; names must be unique");
        }
    }

    /**
     * Add a user agent to the graph's duty cycle, beside the stages. It runs on the thread its group (or mode) gives
     * it and is closed with the graph.
     *
     * @param agent the agent; its role name is its name in the graph and must be unique.
     * @return this.
     */
    public GraphBuilder agent(final Agent agent)
    {
        Objects.requireNonNull(agent, () -> "graph '" + name + "': agent");
        checkName("agent", agent.roleName());
        agents.put(agent.roleName(), agent);
        return this;
    }

    /**
     * Connect two stages with a new edge that propagates backpressure: kind {@code OBJECT_SPSC} and policy
     * {@code BLOCK} (never blocking in a graph, see the class comment) until changed on the returned builder.
     *
     * @param edge name of the edge (its channel's name), unique in the graph.
     * @param from the producing stage.
     * @param to   the consuming stage.
     * @return the edge's channel builder, to set kind, capacity, water marks, credits or policy.
     */
    public ChannelBuilder<Object> edge(final String edge, final String from, final String to)
    {
        return edge(edge, List.of(from), to);
    }

    /**
     * Merge several producers into one stage over one edge (fan-in): kind {@code OBJECT_MPSC}, policy
     * {@code BLOCK}, until changed on the returned builder.
     *
     * @param edge name of the edge, unique in the graph.
     * @param from the producing stages.
     * @param to   the consuming stage.
     * @return the edge's channel builder.
     */
    public ChannelBuilder<Object> edge(final String edge, final List<String> from, final String to)
    {
        final ChannelBuilder<Object> channel = ChannelBuilder.channel(edge)
            .kind(from.size() > 1 ? ChannelKind.OBJECT_MPSC : ChannelKind.OBJECT_SPSC)
            .policy(OverflowPolicy.BLOCK);
        edges.add(new EdgeSpec(channel, List.copyOf(from), to));
        return channel;
    }

    /**
     * Connect stages with a channel configured in full by the caller (its policy included).
     *
     * @param channel the channel's builder; its name is the edge's name.
     * @param from    the producing stages (one unless the kind is MPSC).
     * @param to      the consuming stage.
     * @return this.
     */
    public GraphBuilder edge(final ChannelBuilder<?> channel, final List<String> from, final String to)
    {
        edges.add(new EdgeSpec(Objects.requireNonNull(channel, "channel"), List.copyOf(from), to));
        return this;
    }

    /**
     * How agents are put on threads (default {@link ThreadingMode#SHARED_THREAD}).
     *
     * @param threading the mode.
     * @return this.
     */
    public GraphBuilder threading(final ThreadingMode threading)
    {
        this.threading = Objects.requireNonNull(threading, () -> "graph '" + name + "': threading");
        return this;
    }

    /**
     * Idle strategy of every runner thread that has none of its own, by name (see {@link IdleStrategies}).
     *
     * @param idleStrategy a name from {@link IdleStrategies#NAMES}; default {@link #DEFAULT_IDLE_STRATEGY}.
     * @return this.
     */
    public GraphBuilder idleStrategy(final String idleStrategy)
    {
        this.idleStrategy = IdleStrategies.validate("graph '" + name + "': idleStrategy", idleStrategy);
        return this;
    }

    /**
     * A group of agents sharing one thread, for {@link ThreadingMode#GROUPS}.
     *
     * @param group        name of the group (and of its thread).
     * @param idleStrategy name of the group thread's idle strategy.
     * @param members      stage or agent names; each must be in exactly one group.
     * @return this.
     */
    public GraphBuilder group(final String group, final String idleStrategy, final String... members)
    {
        if (null == group || group.isBlank() || groups.containsKey(group))
        {
            throw new IllegalArgumentException("graph '" + name + "': group name=" + group +
                " is not allowed; allowed a non-blank name not used by another group");
        }
        IdleStrategies.validate("graph '" + name + "': group '" + group + "' idleStrategy", idleStrategy);
        if (members.length == 0)
        {
            throw new IllegalArgumentException(
                "graph '" + name + "': group '" + group + "' members=[] is not allowed; allowed 1 or more names");
        }
        groups.put(group, new Group(group, idleStrategy, List.of(members)));
        return this;
    }

    /**
     * Publish the graph's counters (every edge, every stage and the graph's own) into a counters file that other
     * processes can read, sample wait times on every edge and service times on every stage into HdrHistogram
     * recorders, as the metrics' options say. The graph registers when built and frees its counters when closed.
     *
     * @param metrics the process's metrics, started by {@link SluiceMetrics#start}.
     * @return this.
     */
    public GraphBuilder metrics(final SluiceMetrics metrics)
    {
        this.metrics = Objects.requireNonNull(metrics, () -> "graph '" + name + "': metrics");
        return this;
    }

    /**
     * Where errors go: handler failures, source failures and agent errors. Default: a
     * {@link DistinctErrorHandler} that prints the first occurrence of each distinct error to standard error and
     * counts repeats.
     *
     * @param errorHandler the handler; called on agent threads, so thread-safe.
     * @return this.
     */
    public GraphBuilder errorHandler(final ErrorHandler errorHandler)
    {
        this.errorHandler = Objects.requireNonNull(errorHandler, () -> "graph '" + name + "': errorHandler");
        return this;
    }

    /**
     * Clocks for retry delays (monotonic) and dead-letter times (epoch); replace them for tests.
     *
     * @param nanoClock  monotonic clock for retry and breaker timing.
     * @param epochClock clock for the times recorded in dead letters.
     * @return this.
     */
    public GraphBuilder clocks(final NanoClock nanoClock, final EpochNanoClock epochClock)
    {
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.epochClock = Objects.requireNonNull(epochClock, "epochClock");
        return this;
    }

    /**
     * Validate the graph, build its channels and agents. Nothing runs until {@link Graph#start()}.
     *
     * @return the graph.
     * @throws IllegalArgumentException naming the stage or edge at fault.
     */
    public Graph build()
    {
        if (stages.isEmpty())
        {
            throw new IllegalArgumentException("graph '" + name + "' has no stage; allowed a graph of 1 or more");
        }

        final Map<String, List<Built>> inboundOf = new LinkedHashMap<>();
        final Map<String, List<Built>> outboundOf = new LinkedHashMap<>();
        for (final String stage : stages.keySet())
        {
            inboundOf.put(stage, new ArrayList<>());
            outboundOf.put(stage, new ArrayList<>());
        }

        final Map<String, Built> built = new LinkedHashMap<>();
        for (final EdgeSpec spec : edges)
        {
            final Built edge = buildEdge(spec, built.keySet());
            built.put(edge.channel.name(), edge);
            inboundOf.get(spec.to).add(edge);
            for (final String from : spec.from)
            {
                outboundOf.get(from).add(edge);
            }
        }

        for (final StageSpec<?, ?> stage : stages.values())
        {
            checkPorts(stage, inboundOf.get(stage.name).size(), outboundOf.get(stage.name).size());
        }
        final List<String> order = topologicalOrder(inboundOf, outboundOf);
        final Map<String, Integer> distance = distancesToSinks(order, outboundOf);
        checkGroups();

        final ErrorHandler errors = null != errorHandler ? errorHandler : defaultErrorHandler();
        final GraphControl control = new GraphControl(nanoClock, epochClock, errors);
        final Map<String, Edge> runtimeEdges = new LinkedHashMap<>();
        for (final Built edge : built.values())
        {
            runtimeEdges.put(edge.channel.name(), new Edge(
                edge.channel, edge.spec.from.toArray(new String[0]), edge.spec.to, distance.get(edge.spec.to),
                edge.waitTime));
        }

        final List<StageAgent> stageAgents = new ArrayList<>();
        for (final String stage : order)
        {
            final StageSpec<?, ?> spec = stages.get(stage);
            final Edge[] in = edgesOf(inboundOf.get(stage), runtimeEdges);
            final Edge[] out = edgesOf(outboundOf.get(stage), runtimeEdges);
            final StageAgent agent = spec.binary ?
                new BinaryStageAgent(spec, spec.role, in, out, control) :
                new ObjectStageAgent(spec, spec.role, in, out, control);
            if (null != metrics && metrics.options().serviceTimeSampling() > 0)
            {
                agent.sampleServiceTime(metrics.newLatencyRecorder(metrics.options().serviceTimeSampling()));
            }
            stageAgents.add(agent);
        }

        final Graph graph = new Graph(name, threading, idleStrategy, control, runtimeEdges, stageAgents,
            new ArrayList<>(agents.values()), new ArrayList<>(groups.values()), errors);
        if (null != metrics)
        {
            graph.metricsRegistration(metrics.register(graph));
        }
        return graph;
    }

    private static ErrorHandler defaultErrorHandler()
    {
        return new DistinctErrorHandler(
            DEFAULT_ERROR_LOG_BYTES, SystemEpochClock.INSTANCE, (throwable) -> throwable.printStackTrace());
    }

    private static Edge[] edgesOf(final List<Built> list, final Map<String, Edge> runtimeEdges)
    {
        final Edge[] edges = new Edge[list.size()];
        for (int i = 0; i < edges.length; i++)
        {
            edges[i] = runtimeEdges.get(list.get(i).channel.name());
        }
        return edges;
    }

    private Built buildEdge(final EdgeSpec spec, final java.util.Set<String> existing)
    {
        final StageSpec<?, ?> to = stages.get(spec.to);
        if (spec.channel.policy() == OverflowPolicy.BLOCK && !spec.channel.hasBlockTimeout())
        {
            // a stage never blocks on a BLOCK edge (it holds and retries next cycle): the timeout is never used
            spec.channel.blockTimeout(1, TimeUnit.SECONDS);
        }
        final ChannelKind builtKind = spec.channel.kind();
        final boolean binary = builtKind == ChannelKind.BINARY_SPSC || builtKind == ChannelKind.BINARY_MPSC;
        LatencyRecorder waitTime = null;
        if (null != metrics && metrics.options().waitTimeSampling() > 0)
        {
            waitTime = metrics.newLatencyRecorder(metrics.options().waitTimeSampling());
            spec.channel.waitTimeSampling(metrics.options().waitTimeSampling(), waitTime);
        }
        final Channel channel = binary ? spec.channel.buildBinaryChannel() : spec.channel.buildObjectChannel();
        final String edge = channel.name();
        if (existing.contains(edge))
        {
            throw new IllegalArgumentException(
                "graph '" + name + "': edge name '" + edge + "' is used twice; edge names must be unique");
        }
        if (spec.from.isEmpty())
        {
            throw new IllegalArgumentException(
                "edge '" + edge + "': from=[] is not allowed; allowed 1 or more producing stages");
        }
        final List<String> seen = new ArrayList<>();
        for (final String from : spec.from)
        {
            final StageSpec<?, ?> producer = stages.get(from);
            if (null == producer)
            {
                throw new IllegalArgumentException(
                    "edge '" + edge + "': from stage '" + from + "' does not exist" + known());
            }
            if (producer.role == StageAgent.Role.SINK)
            {
                throw new IllegalArgumentException(
                    "edge '" + edge + "': from " + producer.describe() +
                    " is not allowed: a sink has no outbound edge");
            }
            if (producer.binary != binary)
            {
                throw kindMismatch(edge, channel, producer);
            }
            if (seen.contains(from))
            {
                throw new IllegalArgumentException(
                    "edge '" + edge + "': stage '" + from + "' is listed twice as a producer");
            }
            seen.add(from);
        }
        if (null == to)
        {
            throw new IllegalArgumentException(
                "edge '" + edge + "': to stage '" + spec.to + "' does not exist" + known());
        }
        if (to.role == StageAgent.Role.SOURCE)
        {
            throw new IllegalArgumentException(
                "edge '" + edge + "': to " + to.describe() + " is not allowed: a source has no inbound edge");
        }
        if (to.binary != binary)
        {
            throw kindMismatch(edge, channel, to);
        }
        final ChannelKind kind = channel.kind();
        if ((kind == ChannelKind.OBJECT_SPSC || kind == ChannelKind.BINARY_SPSC) && spec.from.size() > 1)
        {
            throw new IllegalArgumentException("edge '" + edge + "': kind " + kind + " allows one producer but " +
                spec.from.size() + " stages write to it " + spec.from + "; use an MPSC kind");
        }
        return new Built(spec, channel, waitTime);
    }

    private IllegalArgumentException kindMismatch(final String edge, final Channel channel, final StageSpec<?, ?> stage)
    {
        return new IllegalArgumentException("edge '" + edge + "': kind " + channel.kind() + " does not fit " +
            stage.describe() + "; " + (stage.binary ? "binary stages need BINARY_SPSC or BINARY_MPSC edges" :
            "object stages need OBJECT_SPSC or OBJECT_MPSC edges"));
    }

    private String known()
    {
        return "; stages are " + stages.keySet();
    }

    private static void checkPorts(final StageSpec<?, ?> stage, final int inbound, final int outbound)
    {
        if (stage.role != StageAgent.Role.SOURCE && inbound == 0)
        {
            throw new IllegalArgumentException(
                stage.describe() + " has no inbound edge (unconnected port); connect one with edge(..., \"" +
                stage.name + "\")");
        }
        if (stage.role != StageAgent.Role.SINK && outbound == 0)
        {
            throw new IllegalArgumentException(
                stage.describe() + " has no outbound edge (unconnected port); connect one with edge(..., \"" +
                stage.name + "\", ...)");
        }
    }

    private List<String> topologicalOrder(
        final Map<String, List<Built>> inboundOf, final Map<String, List<Built>> outboundOf)
    {
        final Map<String, Integer> pending = new LinkedHashMap<>();
        final ArrayDeque<String> ready = new ArrayDeque<>();
        for (final String stage : stages.keySet())
        {
            int producers = 0;
            for (final Built edge : inboundOf.get(stage))
            {
                producers += edge.spec.from.size();
            }
            pending.put(stage, producers);
            if (producers == 0)
            {
                ready.add(stage);
            }
        }
        final List<String> order = new ArrayList<>();
        while (!ready.isEmpty())
        {
            final String stage = ready.poll();
            order.add(stage);
            for (final Built edge : outboundOf.get(stage))
            {
                final int left = pending.merge(edge.spec.to, -1, Integer::sum);
                if (left == 0)
                {
                    ready.add(edge.spec.to);
                }
            }
        }
        if (order.size() != stages.size())
        {
            final List<String> cyclic = new ArrayList<>();
            for (final Map.Entry<String, Integer> entry : pending.entrySet())
            {
                if (entry.getValue() > 0)
                {
                    cyclic.add(entry.getKey());
                }
            }
            // what is left is on a cycle or downstream of one: peel off the stages that feed nothing left
            boolean peeled = true;
            while (peeled)
            {
                peeled = cyclic.removeIf((stage) -> outboundOf.get(stage).stream()
                    .noneMatch((edge) -> cyclic.contains(edge.spec.to)));
            }
            throw new IllegalArgumentException("graph '" + name + "' has a cycle through stages " + cyclic +
                "; a graph must be acyclic");
        }
        return order;
    }

    private static Map<String, Integer> distancesToSinks(
        final List<String> order, final Map<String, List<Built>> outboundOf)
    {
        final Map<String, Integer> distance = new LinkedHashMap<>();
        for (int i = order.size() - 1; i >= 0; i--)
        {
            final String stage = order.get(i);
            int nearest = Integer.MAX_VALUE;
            for (final Built edge : outboundOf.get(stage))
            {
                nearest = Math.min(nearest, distance.get(edge.spec.to) + 1);
            }
            distance.put(stage, nearest == Integer.MAX_VALUE ? 0 : nearest);
        }
        return distance;
    }

    private void checkGroups()
    {
        if (threading != ThreadingMode.GROUPS)
        {
            if (!groups.isEmpty())
            {
                throw new IllegalArgumentException("graph '" + name + "': groups " + groups.keySet() +
                    " are set but threading=" + threading + "; groups need threading=GROUPS");
            }
            return;
        }
        final Map<String, String> groupOf = new LinkedHashMap<>();
        for (final Group group : groups.values())
        {
            for (final String member : group.members)
            {
                if (!stages.containsKey(member) && !agents.containsKey(member))
                {
                    throw new IllegalArgumentException("graph '" + name + "': group '" + group.name +
                        "' member '" + member + "' is no stage or agent of the graph");
                }
                final String previous = groupOf.put(member, group.name);
                if (null != previous)
                {
                    throw new IllegalArgumentException("graph '" + name + "': '" + member + "' is in groups '" +
                        previous + "' and '" + group.name + "'; each stage or agent must be in exactly one group");
                }
            }
        }
        final List<String> all = new ArrayList<>(stages.keySet());
        all.addAll(agents.keySet());
        for (final String member : all)
        {
            if (!groupOf.containsKey(member))
            {
                throw new IllegalArgumentException("graph '" + name + "': '" + member +
                    "' is in no group; with threading=GROUPS each stage or agent must be in exactly one group");
            }
        }
    }

    record Group(String name, String idleStrategy, List<String> members)
    {
    }

    private record EdgeSpec(ChannelBuilder<?> channel, List<String> from, String to)
    {
    }

    private record Built(EdgeSpec spec, Channel channel, LatencyRecorder waitTime)
    {
    }
}
