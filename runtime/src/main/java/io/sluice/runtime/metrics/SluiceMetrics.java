package io.sluice.runtime.metrics;

import io.sluice.queues.channel.Channel;
import io.sluice.queues.channel.ChannelCounters;
import io.sluice.runtime.failure.CircuitBreaker;
import io.sluice.runtime.graph.AgentCounters;
import io.sluice.runtime.graph.Graph;
import io.sluice.runtime.graph.StageCounters;
import org.HdrHistogram.Histogram;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A process's Sluice metrics: a counters file that other processes can read (Agrona's {@link CountersManager} over
 * a memory-mapped file, laid out by {@link CountersFile}), and a publisher thread that copies every registered
 * graph's counters into it.
 * <p>
 * The hot path never writes the file: channels and stages keep their counters in their own padded fields, as they
 * do without metrics, and the publisher copies snapshots every publication interval (100 ms by default) on a thread
 * of its own ({@code sluice-metrics}, sleeping between publications). So a reader sees values at most one interval
 * old, and metrics cost the hot path nothing but the wait-time and service-time samples. Quantiles (p50, p99,
 * p99.9, max) cover the last histogram window (1 s by default); the bottleneck is re-evaluated every window.
 * <p>
 * Register a graph with {@code GraphBuilder.metrics(metrics)}: the graph registers when built and frees its counters
 * when closed. Its user agents are registered too: those declared with the builder at once, those joined while the
 * graph runs at the next publication (the file has room for {@code maxAgentsPerGraph} agents beyond
 * {@code maxCounters}); an agent that leaves keeps its counters, flagged closed, until the graph closes.
 * {@link #close()} publishes once more, stops the thread, and removes the file (unless kept by option) and the
 * directory if it is then empty.
 */
public final class SluiceMetrics implements AutoCloseable
{
    /**
     * How long a freed counter stays unused before it is allocated again, as Aeron does for its counters: longer than
     * any reader's walk over the records, so a reader never reads one counter's type id with another's label.
     */
    static final long FREE_TO_REUSE_TIMEOUT_MS = 1_000;

    private static final int KEY_LENGTH = 12;

    private final MetricsOptions options;
    private final Path directory;
    private final CountersFile file;
    private final CountersManager manager;
    private final List<GraphRegistration> graphs = new ArrayList<>();
    private final UnsafeBuffer keyBuffer = new UnsafeBuffer(new byte[KEY_LENGTH]);
    private final AgentRunner runner;
    private final ErrorHandler errorHandler;
    // counters kept free of graph registrations for agents that join at run time
    private final int agentHeadroom;
    private volatile long agentsNotRegistered;
    private final boolean createdDirectory;
    private int nextGraphId = 1;
    private long nextPublishNs;
    private long nextWindowNs;
    private boolean closed;

    private SluiceMetrics(final MetricsOptions options, final ErrorHandler errorHandler)
    {
        this.options = options;
        this.directory = options.directory();
        this.createdDirectory = createDirectory(directory);
        this.errorHandler = errorHandler;
        this.agentHeadroom = options.maxAgentsPerGraph * SluiceMetric.of(MetricScope.AGENT).size();
        this.file = CountersFile.create(directory.resolve(options.fileName), options.maxCounters + agentHeadroom,
            options.posixPermissions(), options.publishIntervalNs, options.histogramWindowNs);
        // a freed record is not handed out again for FREE_TO_REUSE_TIMEOUT_MS: a reader walking the records
        // (CountersFileReader#snapshot) must not see a freed record's type id and key with a new owner's label
        this.manager = new CountersManager(file.metadata(), file.values(), StandardCharsets.UTF_8,
            SystemEpochClock.INSTANCE, FREE_TO_REUSE_TIMEOUT_MS);
        file.ready();
        final long now = System.nanoTime();
        nextPublishNs = now;
        nextWindowNs = now + options.histogramWindowNs;
        final long sleepMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(options.publishIntervalNs) / 4);
        runner = new AgentRunner(new SleepingMillisIdleStrategy(sleepMs), errorHandler, null, new Publisher());
        AgentRunner.startOnThread(runner);
    }

    /**
     * Create the counters file and start publishing.
     *
     * @param options where and how; validated here.
     * @return the running metrics.
     * @throws IllegalArgumentException naming the setting at fault.
     * @throws IllegalStateException    if the counters file exists (another {@code SluiceMetrics} of this process,
     *                                  or a live process, uses the name); a file left by a process that is gone is
     *                                  replaced.
     */
    public static SluiceMetrics start(final MetricsOptions options)
    {
        return start(options, Throwable::printStackTrace);
    }

    /**
     * Create the counters file and start publishing, with an error handler for the publisher thread.
     *
     * @param options      where and how; validated here.
     * @param errorHandler told of any error on the publisher thread.
     * @return the running metrics.
     */
    public static SluiceMetrics start(final MetricsOptions options, final ErrorHandler errorHandler)
    {
        options.validate();
        replaceStale(options.directory().resolve(options.fileName));
        return new SluiceMetrics(options, errorHandler);
    }

    /**
     * A file that is being created now may still be unreadable: younger than this and without a pid, it is not
     * taken for stale.
     */
    static final long CREATING_GRACE_MS = 10_000;

    private static void replaceStale(final Path path)
    {
        if (!Files.exists(path))
        {
            return;
        }
        // the pid comes from the header's stamp, readable from just after the writer created the file, so a file
        // that a live process is still laying out (refused by CountersFileReader.open) is never taken for stale
        final long pid = CountersFileReader.writerPid(path);
        final boolean alive = pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        if (alive && !isEarlierIncarnation(path, pid))
        {
            throw new IllegalStateException("counters file " + path + " is in use by live process " + pid +
                "; choose another directory or fileName");
        }
        if (pid <= 0)
        {
            final long ageMs = ageMs(path);
            if (ageMs >= 0 && ageMs < CREATING_GRACE_MS)
            {
                throw new IllegalStateException("counters file " + path + " is being created (no writer pid yet, " +
                    ageMs + " ms old); a file without a pid is taken for stale after " + CREATING_GRACE_MS +
                    " ms: retry then, or choose another directory or fileName");
            }
        }
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("counters file " + path + ": cannot replace a stale file", ex);
        }
    }

    /**
     * A file stamped with this process's pid but created before this process started was left by an earlier process
     * that had the same pid (pids are reused, and in a container a restarted JVM often gets its predecessor's).
     */
    private static boolean isEarlierIncarnation(final Path path, final long pid)
    {
        if (pid != ProcessHandle.current().pid())
        {
            return false;
        }
        final long fileStartMs = CountersFileReader.writerStartTimeMs(path);
        final long processStartMs =
            ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
        return fileStartMs > 0 && processStartMs > 0 && fileStartMs < processStartMs;
    }

    private static long ageMs(final Path path)
    {
        try
        {
            return System.currentTimeMillis() - Files.getLastModifiedTime(path).toMillis();
        }
        catch (final IOException ex)
        {
            return -1;
        }
    }

    private static boolean createDirectory(final Path directory)
    {
        try
        {
            if (Files.isDirectory(directory))
            {
                return false;
            }
            final Path parent = directory.getParent();
            if (null != parent && !Files.isDirectory(parent))
            {
                createDirectory(parent);
            }
            try
            {
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            }
            catch (final UnsupportedOperationException ex)
            {
                Files.createDirectory(directory);
            }
            return true;
        }
        catch (final java.nio.file.FileAlreadyExistsException ex)
        {
            return false;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(
                "metrics directory " + directory + ": cannot create: " + ex.getMessage(), ex);
        }
    }

    /**
     * The options in effect.
     *
     * @return the options.
     */
    public MetricsOptions options()
    {
        return options;
    }

    /**
     * The counters file.
     *
     * @return its path.
     */
    public Path file()
    {
        return file.file();
    }

    /**
     * A new recorder with this metrics' histogram range and the given sample interval.
     *
     * @param sampleInterval one message in this many is sampled.
     * @return the recorder.
     */
    public LatencyRecorder newLatencyRecorder(final int sampleInterval)
    {
        return new LatencyRecorder(options.highestTrackableNanos, options.significantDigits, sampleInterval);
    }

    /**
     * Register a built graph: allocate its counters and publish them from now on. {@code GraphBuilder.metrics} does
     * this; call it yourself only for a graph built without.
     *
     * @param graph the graph.
     * @return closing it publishes the graph's final values and frees its counters.
     * @throws IllegalStateException if the counters file is full (raise {@code maxCounters}) or metrics are closed.
     */
    public synchronized AutoCloseable register(final Graph graph)
    {
        if (closed)
        {
            throw new IllegalStateException("metrics closed: cannot register graph '" + graph.name() + "'");
        }
        final int needed = SluiceMetric.of(MetricScope.GRAPH).size() +
            graph.edgeNames().size() * SluiceMetric.of(MetricScope.EDGE).size() +
            graph.stageNames().size() * SluiceMetric.of(MetricScope.STAGE).size() +
            Math.min(graph.agentCount(), options.maxAgentsPerGraph) * SluiceMetric.of(MetricScope.AGENT).size();
        final int free = Math.max(0, manager.available() - agentHeadroom);
        if (needed > free)
        {
            throw new IllegalStateException("metrics maxCounters: graph '" + graph.name() + "' needs " + needed +
                " counters, " + free + " of " + (manager.capacity() - agentHeadroom) + " are free; raise maxCounters");
        }
        final GraphRegistration registration = new GraphRegistration(graph, nextGraphId++);
        graphs.add(registration);
        registration.publish(true);
        return () -> deregister(registration);
    }

    /**
     * How many user agents ran without counters in the file because their graph had {@code maxAgentsPerGraph}
     * agents registered already or the file was full (each also reported to the error handler).
     *
     * @return agents not registered since start.
     */
    public long agentsNotRegistered()
    {
        return agentsNotRegistered;
    }

    /**
     * Register channels that live outside a graph (a hand-wired pipeline, an inbox), under a group that readers show
     * as a graph of that name without stages. For wait times, build each channel with
     * {@code waitTimeSampling(interval, recorder)} and pass the recorders here in the same order (or nulls).
     *
     * @param group     name readers show the channels under.
     * @param channels  the channels.
     * @param waitTimes each channel's wait-time recorder, or null; null or empty for none at all.
     * @return closing it publishes the channels' final values and frees their counters.
     * @throws IllegalStateException if the counters file is full or metrics are closed.
     */
    public synchronized AutoCloseable register(
        final String group, final List<? extends Channel> channels, final List<LatencyRecorder> waitTimes)
    {
        if (closed)
        {
            throw new IllegalStateException("metrics closed: cannot register channels of '" + group + "'");
        }
        if (null != waitTimes && !waitTimes.isEmpty() && waitTimes.size() != channels.size())
        {
            throw new IllegalArgumentException("metrics register '" + group + "': waitTimes has " + waitTimes.size() +
                " entries for " + channels.size() + " channels; allowed none or one per channel");
        }
        final int needed = SluiceMetric.of(MetricScope.GRAPH).size() +
            channels.size() * SluiceMetric.of(MetricScope.EDGE).size();
        if (needed > manager.available())
        {
            throw new IllegalStateException("metrics maxCounters: channels of '" + group + "' need " + needed +
                " counters, " + manager.available() + " of " + manager.capacity() + " are free; raise maxCounters");
        }
        final LatencyRecorder[] recorders = new LatencyRecorder[channels.size()];
        for (int i = 0; null != waitTimes && i < waitTimes.size(); i++)
        {
            recorders[i] = waitTimes.get(i);
        }
        final GraphRegistration registration =
            new GraphRegistration(group, channels.toArray(new Channel[0]), recorders, nextGraphId++);
        graphs.add(registration);
        registration.publish(true);
        return () -> deregister(registration);
    }

    private synchronized void deregister(final GraphRegistration registration)
    {
        if (graphs.remove(registration) && !closed)
        {
            registration.publish(true);
            registration.free();
        }
    }

    /**
     * Publish every registered graph now (the publisher thread does this every interval).
     */
    public synchronized void publishNow()
    {
        if (closed)
        {
            return;
        }
        for (final GraphRegistration graph : graphs)
        {
            graph.publish(false);
        }
        file.heartbeat(System.currentTimeMillis());
    }

    /**
     * Publish once more, stop the publisher, and remove the counters file (unless kept by option) and its directory
     * if this created it and it is empty.
     */
    @Override
    public void close()
    {
        runner.close();
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            for (final GraphRegistration graph : graphs)
            {
                graph.publish(true);
            }
            closed = true;
            file.close(!options.keepFileOnClose);
        }
        if (!options.keepFileOnClose && createdDirectory)
        {
            try
            {
                Files.deleteIfExists(directory);
            }
            catch (final DirectoryNotEmptyException ex)
            {
                // another file lives there: leave the directory
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("metrics directory " + directory + ": cannot remove", ex);
            }
        }
    }

    private synchronized void publishDue()
    {
        if (closed)
        {
            return;
        }
        final long now = System.nanoTime();
        if (now - nextPublishNs < 0)
        {
            return;
        }
        final boolean windowEnded = now - nextWindowNs >= 0;
        for (final GraphRegistration graph : graphs)
        {
            graph.publish(windowEnded);
        }
        file.heartbeat(System.currentTimeMillis());
        nextPublishNs = now + options.publishIntervalNs;
        if (windowEnded)
        {
            nextWindowNs = now + options.histogramWindowNs;
        }
    }

    private int allocate(final SluiceMetric metric, final int graphId, final int entityId, final String label)
    {
        keyBuffer.putInt(0, metric.scope().code());
        keyBuffer.putInt(4, graphId);
        keyBuffer.putInt(8, entityId);
        final byte[] labelBytes = label.getBytes(StandardCharsets.UTF_8);
        if (labelBytes.length > org.agrona.concurrent.status.CountersReader.MAX_LABEL_LENGTH)
        {
            throw new IllegalArgumentException("metrics label of " + metric.scope().name().toLowerCase() + " is " +
                labelBytes.length + " bytes, allowed at most " +
                org.agrona.concurrent.status.CountersReader.MAX_LABEL_LENGTH + ": " + label);
        }
        final UnsafeBuffer labelBuffer = new UnsafeBuffer(labelBytes);
        final int id = manager.allocate(metric.typeId(), keyBuffer, 0, KEY_LENGTH, labelBuffer, 0, labelBytes.length);
        manager.setCounterOwnerId(id, graphId);
        manager.setCounterReferenceId(id, entityId);
        return id;
    }

    private final class Publisher implements Agent
    {
        @Override
        public int doWork()
        {
            publishDue();
            return 0;
        }

        @Override
        public String roleName()
        {
            return "sluice-metrics";
        }
    }

    /**
     * The counters of one graph: ids of every counter, and the snapshots and histograms used to fill them.
     */
    private final class GraphRegistration
    {
        private final Graph graph;
        private final int graphId;
        private final int[] graphCounters;
        private final String[] edgeNames;
        private final int[][] edgeCounters;
        private final LatencyRecorder[] waitTimes;
        private final Histogram[] waitHistograms;
        private final Channel[] channels;
        private final long[] utilisationPpm;
        private final String[] stageNames;
        private final int[][] stageCounters;
        private final LatencyRecorder[] serviceTimes;
        private final Histogram[] serviceHistograms;
        private final CircuitBreaker[] breakers;
        private final int[][] stageInbound;
        private final int[][] stageOutbound;
        private final ChannelCounters channelSnapshot = new ChannelCounters();
        private final StageCounters stageSnapshot = new StageCounters();
        private final long[] bottleneckState;
        // user agents by their index in the graph; null where not registered (over the limit or the file full)
        private final List<int[]> agentIds = new ArrayList<>();
        private final List<long[]> agentLast = new ArrayList<>();
        // the group and name in each agent's info label: builder-declared agents learn their group at start
        private final List<String> agentGroups = new ArrayList<>();
        private final List<String> agentLabelNames = new ArrayList<>();
        private final Set<String> agentNames = new HashSet<>();
        private final AgentCounters agentSnapshot = new AgentCounters();
        private int agentsRegistered;
        private long publications;
        private int bottleneck = -1;

        GraphRegistration(final Graph graph, final int graphId)
        {
            this.graph = graph;
            this.graphId = graphId;
            final String graphName = graph.name();

            final Map<String, String> graphAttributes = new LinkedHashMap<>();
            graphAttributes.put("graph", graphName);
            graphAttributes.put("name", graphName);
            graphAttributes.put("threading", graph.threading().name());
            graphCounters = allocateAll(MetricScope.GRAPH, 0,
                CounterLabels.format(MetricScope.GRAPH, graphAttributes), graphName);

            final List<String> edges = graph.edgeNames();
            final List<String> stages = graph.stageNames();
            edgeNames = edges.toArray(new String[0]);
            bottleneckState = new long[edgeNames.length];
            edgeCounters = new int[edgeNames.length][];
            waitTimes = new LatencyRecorder[edgeNames.length];
            waitHistograms = new Histogram[edgeNames.length];
            channels = new Channel[edgeNames.length];
            utilisationPpm = new long[edgeNames.length];
            for (int i = 0; i < edgeNames.length; i++)
            {
                final Channel channel = graph.channel(edgeNames[i]);
                channels[i] = channel;
                waitTimes[i] = graph.waitTime(edgeNames[i]);
                final Map<String, String> attributes = new LinkedHashMap<>();
                attributes.put("graph", graphName);
                attributes.put("name", edgeNames[i]);
                attributes.put("policy", channel.policy().name());
                attributes.put("kind", channel.kind().name());
                attributes.put("from", String.join(",", graph.edgeProducers(edgeNames[i])));
                attributes.put("to", graph.edgeConsumer(edgeNames[i]));
                attributes.put("sinkDistance", Integer.toString(graph.edgeDistanceToSink(edgeNames[i])));
                if (null != waitTimes[i])
                {
                    attributes.put("sampling", Integer.toString(waitTimes[i].sampleInterval()));
                }
                edgeCounters[i] = allocateAll(MetricScope.EDGE, i + 1,
                    CounterLabels.format(MetricScope.EDGE, attributes), graphName + "/" + edgeNames[i]);
            }

            stageNames = stages.toArray(new String[0]);
            stageCounters = new int[stageNames.length][];
            serviceTimes = new LatencyRecorder[stageNames.length];
            serviceHistograms = new Histogram[stageNames.length];
            breakers = new CircuitBreaker[stageNames.length];
            stageInbound = new int[stageNames.length][];
            stageOutbound = new int[stageNames.length][];
            for (int i = 0; i < stageNames.length; i++)
            {
                serviceTimes[i] = graph.serviceTime(stageNames[i]);
                breakers[i] = graph.circuitBreaker(stageNames[i]);
                final List<Integer> in = new ArrayList<>();
                final List<Integer> out = new ArrayList<>();
                for (int e = 0; e < edgeNames.length; e++)
                {
                    if (graph.edgeConsumer(edgeNames[e]).equals(stageNames[i]))
                    {
                        in.add(e);
                    }
                    if (graph.edgeProducers(edgeNames[e]).contains(stageNames[i]))
                    {
                        out.add(e);
                    }
                }
                stageInbound[i] = in.stream().mapToInt(Integer::intValue).toArray();
                stageOutbound[i] = out.stream().mapToInt(Integer::intValue).toArray();
                final Map<String, String> attributes = new LinkedHashMap<>();
                attributes.put("graph", graphName);
                attributes.put("name", stageNames[i]);
                attributes.put("role", graph.stageRole(stageNames[i]));
                if (null != serviceTimes[i])
                {
                    attributes.put("sampling", Integer.toString(serviceTimes[i].sampleInterval()));
                }
                stageCounters[i] = allocateAll(MetricScope.STAGE, i + 1,
                    CounterLabels.format(MetricScope.STAGE, attributes), graphName + "/" + stageNames[i]);
            }
            registerAgents();
        }

        /**
         * Register the agents the graph has counted since the last call (all of them on the first): builder-declared
         * ones when the graph registers, joined ones at the publication after they joined.
         */
        private void registerAgents()
        {
            final int count = graph.agentCount();
            final int size = SluiceMetric.of(MetricScope.AGENT).size();
            for (int i = agentIds.size(); i < count; i++)
            {
                final AgentCounters a = graph.agentCounters(i, agentSnapshot);
                int[] ids = null;
                String name = a.name();
                if (agentsRegistered >= options.maxAgentsPerGraph || manager.available() < size)
                {
                    notRegistered(a.name(), agentsRegistered >= options.maxAgentsPerGraph ?
                        "the graph has maxAgentsPerGraph (" + options.maxAgentsPerGraph + ") agents registered" :
                        "the counters file is full (" + manager.capacity() + " counters)");
                }
                else
                {
                    // role names of joined agents need not be unique; the name label must be, within the graph
                    name = agentNames.add(a.name()) ? a.name() : a.name() + "#" + (i + 1);
                    agentNames.add(name);
                    final Map<String, String> attributes = new LinkedHashMap<>();
                    attributes.put("graph", graph.name());
                    attributes.put("name", name);
                    attributes.put("group", a.group());
                    attributes.put("joined", Boolean.toString(a.joined()));
                    try
                    {
                        ids = allocateAll(MetricScope.AGENT, i + 1,
                            CounterLabels.format(MetricScope.AGENT, attributes), graph.name() + "/" + name);
                        agentsRegistered++;
                    }
                    catch (final RuntimeException ex)
                    {
                        notRegistered(a.name(), ex.getMessage());
                    }
                }
                agentIds.add(ids);
                agentLast.add(new long[3]);
                agentGroups.add(a.group());
                agentLabelNames.add(name);
            }
        }

        private void notRegistered(final String agent, final String why)
        {
            try
            {
                errorHandler.onError(new IllegalStateException("metrics maxAgentsPerGraph: agent '" + agent +
                    "' of graph '" + graph.name() + "' runs without counters in the file: " + why));
            }
            finally
            {
                // counted after it was reported: a caller that sees the count can expect the report
                agentsNotRegistered++;
            }
        }

        GraphRegistration(
            final String group, final Channel[] channels, final LatencyRecorder[] recorders, final int graphId)
        {
            this.graph = null;
            this.graphId = graphId;
            final Map<String, String> graphAttributes = new LinkedHashMap<>();
            graphAttributes.put("graph", group);
            graphAttributes.put("name", group);
            graphAttributes.put("threading", "NONE");
            graphCounters = allocateAll(MetricScope.GRAPH, 0,
                CounterLabels.format(MetricScope.GRAPH, graphAttributes), group);
            this.channels = channels;
            edgeNames = new String[channels.length];
            bottleneckState = new long[channels.length];
            edgeCounters = new int[channels.length][];
            waitTimes = recorders;
            waitHistograms = new Histogram[channels.length];
            utilisationPpm = new long[channels.length];
            for (int i = 0; i < channels.length; i++)
            {
                edgeNames[i] = channels[i].name();
                final Map<String, String> attributes = new LinkedHashMap<>();
                attributes.put("graph", group);
                attributes.put("name", edgeNames[i]);
                attributes.put("policy", channels[i].policy().name());
                attributes.put("kind", channels[i].kind().name());
                if (null != waitTimes[i])
                {
                    attributes.put("sampling", Integer.toString(waitTimes[i].sampleInterval()));
                }
                edgeCounters[i] = allocateAll(MetricScope.EDGE, i + 1,
                    CounterLabels.format(MetricScope.EDGE, attributes), group + "/" + edgeNames[i]);
            }
            stageNames = new String[0];
            stageCounters = new int[0][];
            serviceTimes = new LatencyRecorder[0];
            serviceHistograms = new Histogram[0];
            breakers = new CircuitBreaker[0];
            stageInbound = new int[0][];
            stageOutbound = new int[0][];
        }

        private int[] allocateAll(final MetricScope scope, final int entityId, final String info, final String name)
        {
            final List<SluiceMetric> metrics = SluiceMetric.of(scope);
            final int[] ids = new int[metrics.size()];
            for (int m = 0; m < ids.length; m++)
            {
                final SluiceMetric metric = metrics.get(m);
                ids[m] = allocate(metric, graphId, entityId,
                    metric.kind() == MetricKind.INFO ? info : metric.prometheusName() + " " + name);
            }
            return ids;
        }

        void free()
        {
            freeAll(graphCounters);
            for (final int[] ids : edgeCounters)
            {
                freeAll(ids);
            }
            for (final int[] ids : stageCounters)
            {
                freeAll(ids);
            }
            for (final int[] ids : agentIds)
            {
                if (null != ids)
                {
                    freeAll(ids);
                }
            }
        }

        private void freeAll(final int[] ids)
        {
            for (final int id : ids)
            {
                manager.free(id);
            }
        }

        private void set(final int[] ids, final SluiceMetric metric, final long value)
        {
            manager.setCounterValue(ids[metric.ordinal() - SluiceMetric.of(metric.scope()).get(0).ordinal()], value);
        }

        void publish(final boolean windowEnded)
        {
            if (windowEnded && null != graph)
            {
                final String name = graph.isStarted() ? graph.bottleneck(bottleneckState) : null;
                bottleneck = -1;
                for (int i = 0; i < edgeNames.length; i++)
                {
                    if (edgeNames[i].equals(name))
                    {
                        bottleneck = i;
                    }
                }
            }
            for (int i = 0; i < edgeNames.length; i++)
            {
                publishEdge(i, windowEnded);
            }
            for (int i = 0; i < stageNames.length; i++)
            {
                publishStage(i, windowEnded);
            }
            if (null != graph)
            {
                registerAgents();
                for (int i = 0; i < agentIds.size(); i++)
                {
                    publishAgent(i);
                }
            }
            final int[] ids = graphCounters;
            set(ids, SluiceMetric.GRAPH_INFO, null == graph ? 1 : graph.isClosed() ? 2 : graph.isStarted() ? 1 : 0);
            set(ids, SluiceMetric.GRAPH_BOTTLENECK, bottleneck < 0 ? -1 : bottleneck + 1);
            set(ids, SluiceMetric.GRAPH_PUBLICATIONS, ++publications);
        }

        private void publishEdge(final int i, final boolean windowEnded)
        {
            final Channel channel = channels[i];
            final ChannelCounters c = channel.counters(channelSnapshot);
            final int[] ids = edgeCounters[i];
            set(ids, SluiceMetric.EDGE_INFO, channel.capacity());
            set(ids, SluiceMetric.EDGE_OFFERED, c.offered());
            set(ids, SluiceMetric.EDGE_ACCEPTED, c.accepted());
            set(ids, SluiceMetric.EDGE_DELIVERED, c.deliveredFromMemory());
            set(ids, SluiceMetric.EDGE_DELIVERED_FROM_SPILL, c.deliveredFromSpill());
            set(ids, SluiceMetric.EDGE_DROPPED_NEWEST, c.droppedNewest());
            set(ids, SluiceMetric.EDGE_DROPPED_OLDEST, c.droppedOldest());
            set(ids, SluiceMetric.EDGE_SHED, c.shed());
            set(ids, SluiceMetric.EDGE_SPILLED, c.spilled());
            set(ids, SluiceMetric.EDGE_RECOVERED, c.recovered());
            set(ids, SluiceMetric.EDGE_SPILL_REFUSED, c.spillRefused());
            set(ids, SluiceMetric.EDGE_REJECTED, c.rejected());
            set(ids, SluiceMetric.EDGE_TIMED_OUT, c.timedOut());
            set(ids, SluiceMetric.EDGE_BACK_PRESSURED, c.backPressured());
            set(ids, SluiceMetric.EDGE_ABORTED, c.aborted());
            set(ids, SluiceMetric.EDGE_UNWRITABLE_EPISODES, c.unwritableCount());
            set(ids, SluiceMetric.EDGE_UNWRITABLE_TIME, c.unwritableNanos());
            set(ids, SluiceMetric.EDGE_DEPTH, c.depth());
            set(ids, SluiceMetric.EDGE_IN_FLIGHT, c.inFlight());
            set(ids, SluiceMetric.EDGE_SPILL_PENDING, c.spilledPending());
            set(ids, SluiceMetric.EDGE_CREDITS, c.credits());
            set(ids, SluiceMetric.EDGE_HIGH_WATER_MARK, channel.highWaterMark());
            set(ids, SluiceMetric.EDGE_LOW_WATER_MARK, channel.lowWaterMark());
            final long utilisation = Math.min(1_000_000L, Math.max(0L, c.depth() * 1_000_000L / channel.capacity()));
            utilisationPpm[i] = utilisation;
            set(ids, SluiceMetric.EDGE_UTILISATION, utilisation);
            set(ids, SluiceMetric.EDGE_WRITABLE, c.writable() ? 1 : 0);
            set(ids, SluiceMetric.EDGE_CLOSED, c.closed() ? 1 : 0);
            set(ids, SluiceMetric.EDGE_BOTTLENECK, bottleneck == i ? 1 : 0);
            final LatencyRecorder recorder = waitTimes[i];
            if (null != recorder)
            {
                // sum before count: the count then covers every sample in the sum
                set(ids, SluiceMetric.EDGE_WAIT_SUM, recorder.sum());
                set(ids, SluiceMetric.EDGE_WAIT_COUNT, recorder.count());
                if (windowEnded)
                {
                    final Histogram histogram = recorder.interval(waitHistograms[i]);
                    waitHistograms[i] = histogram;
                    set(ids, SluiceMetric.EDGE_WAIT_P50, histogram.getValueAtPercentile(50.0));
                    set(ids, SluiceMetric.EDGE_WAIT_P99, histogram.getValueAtPercentile(99.0));
                    set(ids, SluiceMetric.EDGE_WAIT_P999, histogram.getValueAtPercentile(99.9));
                    set(ids, SluiceMetric.EDGE_WAIT_MAX, histogram.getMaxValue());
                }
            }
        }

        private void publishAgent(final int i)
        {
            final int[] ids = agentIds.get(i);
            if (null == ids)
            {
                return;
            }
            final AgentCounters a = graph.agentCounters(i, agentSnapshot);
            if (!a.group().equals(agentGroups.get(i)))
            {
                // once per agent, when a builder-declared agent's duty cycle is known (the graph started)
                agentGroups.set(i, a.group());
                final Map<String, String> attributes = new LinkedHashMap<>();
                attributes.put("graph", graph.name());
                attributes.put("name", agentLabelNames.get(i));
                attributes.put("group", a.group());
                attributes.put("joined", Boolean.toString(a.joined()));
                manager.setCounterLabel(ids[0], CounterLabels.format(MetricScope.AGENT, attributes));
            }
            // last[0], last[1]: duty and busy cycles at the previous publication; last[2]: the saturation then
            final long[] last = agentLast.get(i);
            final long cycles = a.dutyCycles() - last[0];
            if (cycles > 0)
            {
                last[2] = Math.min(1_000_000L, (a.busyCycles() - last[1]) * 1_000_000L / cycles);
            }
            else if (a.closed())
            {
                last[2] = 0;
            }
            last[0] = a.dutyCycles();
            last[1] = a.busyCycles();
            set(ids, SluiceMetric.AGENT_INFO, a.joined() ? 1 : 0);
            set(ids, SluiceMetric.AGENT_BUSY_CYCLES, a.busyCycles());
            set(ids, SluiceMetric.AGENT_WORK, a.workCount());
            set(ids, SluiceMetric.AGENT_ERRORS, a.errors());
            set(ids, SluiceMetric.AGENT_DUTY_CYCLES, a.dutyCycles());
            set(ids, SluiceMetric.AGENT_SATURATION, last[2]);
            set(ids, SluiceMetric.AGENT_CLOSED, a.closed() ? 1 : 0);
        }

        private void publishStage(final int i, final boolean windowEnded)
        {
            final StageCounters s = graph.stageCounters(stageNames[i], stageSnapshot);
            final int[] ids = stageCounters[i];
            final String role = graph.stageRole(stageNames[i]);
            set(ids, SluiceMetric.STAGE_INFO, "source".equals(role) ? 0 : "sink".equals(role) ? 2 : 1);
            set(ids, SluiceMetric.STAGE_RECEIVED, s.received());
            set(ids, SluiceMetric.STAGE_SUCCEEDED, s.succeeded());
            set(ids, SluiceMetric.STAGE_ERRORS, s.failedAttempts());
            set(ids, SluiceMetric.STAGE_RETRIES, s.retries());
            set(ids, SluiceMetric.STAGE_DEAD_LETTERED, s.deadLettered());
            set(ids, SluiceMetric.STAGE_SHED, s.shed());
            set(ids, SluiceMetric.STAGE_DUPLICATES, s.duplicates());
            set(ids, SluiceMetric.STAGE_RETRYING, s.retrying());
            set(ids, SluiceMetric.STAGE_HELD, s.held());
            set(ids, SluiceMetric.STAGE_EMITTED, s.emitted());
            set(ids, SluiceMetric.STAGE_DUTY_CYCLES, s.dutyCycles());
            set(ids, SluiceMetric.STAGE_BUSY_CYCLES, s.busyCycles());
            long saturation = 0;
            final int[] edges = stageInbound[i].length > 0 ? stageInbound[i] : stageOutbound[i];
            for (final int e : edges)
            {
                saturation = Math.max(saturation, utilisationPpm[e]);
            }
            set(ids, SluiceMetric.STAGE_SATURATION, saturation);
            final CircuitBreaker breaker = breakers[i];
            if (null != breaker)
            {
                set(ids, SluiceMetric.STAGE_BREAKER_STATE, breaker.state().ordinal());
                set(ids, SluiceMetric.STAGE_BREAKER_OPENED, breaker.openedCount());
            }
            else
            {
                set(ids, SluiceMetric.STAGE_BREAKER_STATE, -1);
            }
            set(ids, SluiceMetric.STAGE_DONE, s.done() ? 1 : 0);
            final LatencyRecorder recorder = serviceTimes[i];
            if (null != recorder)
            {
                // sum before count: the count then covers every sample in the sum
                set(ids, SluiceMetric.STAGE_SERVICE_SUM, recorder.sum());
                set(ids, SluiceMetric.STAGE_SERVICE_COUNT, recorder.count());
                if (windowEnded)
                {
                    final Histogram histogram = recorder.interval(serviceHistograms[i]);
                    serviceHistograms[i] = histogram;
                    set(ids, SluiceMetric.STAGE_SERVICE_P50, histogram.getValueAtPercentile(50.0));
                    set(ids, SluiceMetric.STAGE_SERVICE_P99, histogram.getValueAtPercentile(99.0));
                    set(ids, SluiceMetric.STAGE_SERVICE_P999, histogram.getValueAtPercentile(99.9));
                    set(ids, SluiceMetric.STAGE_SERVICE_MAX, histogram.getMaxValue());
                }
            }
        }
    }
}
