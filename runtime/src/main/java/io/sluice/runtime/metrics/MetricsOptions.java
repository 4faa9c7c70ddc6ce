package io.sluice.runtime.metrics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Settings of a {@link SluiceMetrics}: where the counters file lives and who may read it, how often counters are
 * published, and how wait and service times are sampled. Validated by {@link SluiceMetrics#start(MetricsOptions)}.
 * <p>
 * Defaults: the directory {@code <base>/sluice-<user>/<pid>} where base is {@code /dev/shm} when it exists and is
 * writable, else {@code java.io.tmpdir}; file {@code counters.dat}, permissions {@code rw-------}, 4096 counters plus
 * room for 64 agents, publication every 100 ms, quantiles over 1 s windows, one message in 1024 sampled for wait time
 * and for service time (see {@link #DEFAULT_SAMPLE_INTERVAL}), histograms to 60 s with 2 significant digits, file
 * removed on close.
 */
public final class MetricsOptions
{
    /**
     * Name of the counters file in its directory unless set.
     */
    public static final String DEFAULT_FILE_NAME = "counters.dat";

    /**
     * Default sample interval of wait and service times: one message in 1024. Each sample costs two clock reads and
     * a histogram record (about 70 ns here); at one in 64 that was a 15 % cost on a channel's fastest path (one
     * thread offering and taking, {@code MetricsOverheadBenchmark.roundTrip}), at one in 1024 no cost could be
     * measured (docs/benchmarks.md). At 100,000 messages per second this still times about 100 a second; a channel
     * much slower than that, where a p99.9 over a short window needs more samples, can take a smaller interval.
     */
    public static final int DEFAULT_SAMPLE_INTERVAL = 1024;

    /**
     * Largest sample interval.
     */
    public static final int MAX_SAMPLE_INTERVAL = 1 << 20;

    /**
     * Default of {@link #maxAgentsPerGraph(int)}.
     */
    public static final int DEFAULT_MAX_AGENTS_PER_GRAPH = 64;

    /**
     * Largest {@link #maxAgentsPerGraph(int)}.
     */
    public static final int MAX_AGENTS_PER_GRAPH = 4096;

    Path directory;
    String fileName = DEFAULT_FILE_NAME;
    String permissions = "rw-------";
    int maxCounters = 4096;
    int maxAgentsPerGraph = DEFAULT_MAX_AGENTS_PER_GRAPH;
    long publishIntervalNs = TimeUnit.MILLISECONDS.toNanos(100);
    long histogramWindowNs = TimeUnit.SECONDS.toNanos(1);
    int waitTimeSampling = DEFAULT_SAMPLE_INTERVAL;
    int serviceTimeSampling = DEFAULT_SAMPLE_INTERVAL;
    long highestTrackableNanos = TimeUnit.SECONDS.toNanos(60);
    int significantDigits = 2;
    boolean keepFileOnClose;

    /**
     * Options with every default.
     */
    public MetricsOptions()
    {
    }

    /**
     * The base directory under which processes create their counters directories by default:
     * {@code /dev/shm/sluice-<user>} on Linux, else {@code <java.io.tmpdir>/sluice-<user>}.
     *
     * @return the base directory (it may not exist yet).
     */
    public static Path baseDirectory()
    {
        final Path shm = Paths.get("/dev/shm");
        final Path base = Files.isDirectory(shm) && Files.isWritable(shm) ?
            shm : Paths.get(System.getProperty("java.io.tmpdir"));
        return base.resolve("sluice-" + System.getProperty("user.name", "user"));
    }

    /**
     * The directory a process uses by default: {@code <baseDirectory>/<pid>}.
     *
     * @param pid the process.
     * @return its default counters directory.
     */
    public static Path defaultDirectory(final long pid)
    {
        return baseDirectory().resolve(Long.toString(pid));
    }

    /**
     * The directory of the counters file; created (owner-only) if missing.
     *
     * @param directory the directory.
     * @return this.
     */
    public MetricsOptions directory(final Path directory)
    {
        this.directory = directory;
        return this;
    }

    /**
     * The directory in effect.
     *
     * @return the set directory or the default for this process.
     */
    public Path directory()
    {
        return null != directory ? directory : defaultDirectory(ProcessHandle.current().pid());
    }

    /**
     * The name of the counters file in its directory (several {@link SluiceMetrics} in one process need distinct
     * names).
     *
     * @param fileName a plain file name ending in {@code .dat}.
     * @return this.
     */
    public MetricsOptions fileName(final String fileName)
    {
        this.fileName = fileName;
        return this;
    }

    /**
     * POSIX permissions of the counters file, as {@code ls} prints them; the default lets only the owner read it.
     *
     * @param permissions for example {@code rw-r-----} to let the owner's group read it.
     * @return this.
     */
    public MetricsOptions permissions(final String permissions)
    {
        this.permissions = permissions;
        return this;
    }

    /**
     * How many counters the file can hold (every graph takes 3, every edge 33, every stage 23).
     *
     * @param maxCounters 64 to 1048576.
     * @return this.
     */
    public MetricsOptions maxCounters(final int maxCounters)
    {
        this.maxCounters = maxCounters;
        return this;
    }

    /**
     * The most user agents (declared with the builder or joined while the graph runs) one graph registers in the
     * counters file; each takes 7 counters. The file is sized with room for this many agents beyond
     * {@link #maxCounters(int)}, so agents joined after the file was created find room. An agent beyond the limit, or
     * joined when the file is full, still runs and is counted in its graph ({@code Graph.agentCounters}); the miss is
     * reported to the metrics' error handler and counted by {@link SluiceMetrics#agentsNotRegistered()}. Agents that
     * left keep their counters (flag {@code sluice_agent_closed} set) until the graph closes.
     *
     * @param maxAgentsPerGraph 0 (agents not in the file) to 4096.
     * @return this.
     */
    public MetricsOptions maxAgentsPerGraph(final int maxAgentsPerGraph)
    {
        this.maxAgentsPerGraph = maxAgentsPerGraph;
        return this;
    }

    /**
     * The most user agents one graph registers in the counters file.
     *
     * @return the limit.
     */
    public int maxAgentsPerGraph()
    {
        return maxAgentsPerGraph;
    }

    /**
     * How often counters are copied into the file.
     *
     * @param interval 1 ms to 60 s.
     * @param unit     of the interval.
     * @return this.
     */
    public MetricsOptions publishInterval(final long interval, final TimeUnit unit)
    {
        this.publishIntervalNs = unit.toNanos(interval);
        return this;
    }

    /**
     * The window the published quantiles and the bottleneck cover.
     *
     * @param window at least the publication interval, at most 1 hour.
     * @param unit   of the window.
     * @return this.
     */
    public MetricsOptions histogramWindow(final long window, final TimeUnit unit)
    {
        this.histogramWindowNs = unit.toNanos(window);
        return this;
    }

    /**
     * Sample the wait time of one message in {@code interval} on every edge; 0 turns wait-time sampling off.
     *
     * @param interval 0, or a power of two from 1 to 1048576.
     * @return this.
     */
    public MetricsOptions waitTimeSampling(final int interval)
    {
        this.waitTimeSampling = interval;
        return this;
    }

    /**
     * Time the handler for one message in {@code interval} on every stage; 0 turns service-time sampling off.
     *
     * @param interval 0, or a power of two from 1 to 1048576.
     * @return this.
     */
    public MetricsOptions serviceTimeSampling(final int interval)
    {
        this.serviceTimeSampling = interval;
        return this;
    }

    /**
     * Range and precision of the histograms; larger samples are clamped to the highest value.
     *
     * @param highestTrackable  1 ms to 1 hour.
     * @param unit              of the highest value.
     * @param significantDigits 1 to 4.
     * @return this.
     */
    public MetricsOptions histogramRange(final long highestTrackable, final TimeUnit unit, final int significantDigits)
    {
        this.highestTrackableNanos = unit.toNanos(highestTrackable);
        this.significantDigits = significantDigits;
        return this;
    }

    /**
     * Keep the counters file after a clean close (for a post-mortem read); by default it is removed.
     *
     * @param keep true to keep it.
     * @return this.
     */
    public MetricsOptions keepFileOnClose(final boolean keep)
    {
        this.keepFileOnClose = keep;
        return this;
    }

    /**
     * Wait-time sample interval in effect.
     *
     * @return 0 (off) or the interval.
     */
    public int waitTimeSampling()
    {
        return waitTimeSampling;
    }

    /**
     * Service-time sample interval in effect.
     *
     * @return 0 (off) or the interval.
     */
    public int serviceTimeSampling()
    {
        return serviceTimeSampling;
    }

    Set<PosixFilePermission> posixPermissions()
    {
        return PosixFilePermissions.fromString(permissions);
    }

    void validate()
    {
        if (null == fileName || fileName.isEmpty() || fileName.contains("/") || fileName.contains("\\") ||
            !fileName.endsWith(".dat"))
        {
            throw new IllegalArgumentException(
                "metrics fileName: '" + fileName + "' is not allowed; a plain file name ending in .dat");
        }
        try
        {
            final Set<PosixFilePermission> set = PosixFilePermissions.fromString(permissions);
            if (!set.contains(PosixFilePermission.OWNER_READ) || !set.contains(PosixFilePermission.OWNER_WRITE))
            {
                throw new IllegalArgumentException("metrics permissions: '" + permissions +
                    "' must let the owner read and write (rw-......)");
            }
        }
        catch (final IllegalArgumentException | NullPointerException ex)
        {
            if (ex.getMessage() != null && ex.getMessage().startsWith("metrics permissions"))
            {
                throw ex;
            }
            throw new IllegalArgumentException("metrics permissions: '" + permissions +
                "' is not a permission string; nine characters such as rw------- or rw-r-----", ex);
        }
        if (maxCounters < 64 || maxCounters > (1 << 20))
        {
            throw new IllegalArgumentException(
                "metrics maxCounters: " + maxCounters + " is out of range; allowed 64 to 1048576");
        }
        if (maxAgentsPerGraph < 0 || maxAgentsPerGraph > MAX_AGENTS_PER_GRAPH)
        {
            throw new IllegalArgumentException("metrics maxAgentsPerGraph: " + maxAgentsPerGraph +
                " is out of range; allowed 0 to " + MAX_AGENTS_PER_GRAPH);
        }
        if (publishIntervalNs < TimeUnit.MILLISECONDS.toNanos(1) || publishIntervalNs > TimeUnit.SECONDS.toNanos(60))
        {
            throw new IllegalArgumentException("metrics publishInterval: " + publishIntervalNs +
                " ns is out of range; allowed 1 ms to 60 s");
        }
        if (histogramWindowNs < publishIntervalNs || histogramWindowNs > TimeUnit.HOURS.toNanos(1))
        {
            throw new IllegalArgumentException("metrics histogramWindow: " + histogramWindowNs +
                " ns is out of range; allowed the publish interval (" + publishIntervalNs + " ns) to 1 hour");
        }
        checkSampling("waitTimeSampling", waitTimeSampling);
        checkSampling("serviceTimeSampling", serviceTimeSampling);
        if (highestTrackableNanos < TimeUnit.MILLISECONDS.toNanos(1) ||
            highestTrackableNanos > TimeUnit.HOURS.toNanos(1))
        {
            throw new IllegalArgumentException("metrics histogramRange: highest " + highestTrackableNanos +
                " ns is out of range; allowed 1 ms to 1 hour");
        }
        if (significantDigits < 1 || significantDigits > 4)
        {
            throw new IllegalArgumentException("metrics histogramRange: significantDigits " + significantDigits +
                " is out of range; allowed 1 to 4");
        }
    }

    private static void checkSampling(final String setting, final int interval)
    {
        if (interval != 0 && (interval < 0 || interval > MAX_SAMPLE_INTERVAL || Integer.bitCount(interval) != 1))
        {
            throw new IllegalArgumentException("metrics " + setting + ": " + interval +
                " is not allowed; 0 (off) or a power of two from 1 to " + MAX_SAMPLE_INTERVAL);
        }
    }
}
