package io.sluice.metrics.opentelemetry;

import io.sluice.runtime.metrics.CounterLabels;
import io.sluice.runtime.metrics.CountersFile;
import io.sluice.runtime.metrics.GraphSnapshot;
import io.sluice.runtime.metrics.MetricScope;
import io.sluice.runtime.metrics.MetricsSnapshot;
import io.sluice.runtime.metrics.SluiceMetric;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The writer side of the exporter's jcstress states: a real counters file, READY, holding one graph laid out as
 * {@code SluiceMetrics} lays out a graph's counters (same type ids, keys and descriptor label), of three counters:
 * {@link SluiceMetric#GRAPH_INFO} (its label names the graph {@value #GRAPH}), {@link SluiceMetric#GRAPH_BOTTLENECK}
 * at {@value #BOTTLENECK} and {@link SluiceMetric#GRAPH_PUBLICATIONS} at {@value #PUBLICATIONS}. The values are
 * written before the state is handed to the actors, so a snapshot with any other value, a graph missing or another
 * name is a wrong read. {@link #publishFinalAndClose()} is {@code SluiceMetrics.close()}: a last publication
 * ({@value #FINAL_PUBLICATIONS}), then {@link CountersFile#close} with delete. The same as
 * {@code io.sluice.metrics.prometheus.WriterRig} (each test package has its own copy, package-private as the classes
 * under test are).
 * <p>
 * A file is a 4096-byte header page and three counters (1536 bytes of metadata, 384 of values): two pages of tmpfs
 * and one mapping, unmapped and deleted by the state's arbiter ({@link #close()}) unless the writer actor closed it.
 * The files live under one directory per forked VM, {@code sluice-jcstress-otel-<pid>}, on {@code /dev/shm} if it
 * is a writable directory, else under {@code java.io.tmpdir}; a shutdown hook deletes it and a later fork deletes
 * those of VMs that no longer run (killed on a timeout), as {@code io.sluice.runtime.metrics.CountersFiles} does.
 * <p>
 * <b>Note:</b> not thread-safe; one per state, its {@link #publishFinalAndClose()} called by one actor at most.
 */
final class WriterRig
{
    /** Name of the graph. */
    static final String GRAPH = "raced";

    /** {@link SluiceMetric#GRAPH_PUBLICATIONS} before the race. */
    static final long PUBLICATIONS = 42;

    /** {@link SluiceMetric#GRAPH_PUBLICATIONS} after {@link #publishFinalAndClose()}. */
    static final long FINAL_PUBLICATIONS = 43;

    /** {@link SluiceMetric#GRAPH_BOTTLENECK}, never changed. */
    static final long BOTTLENECK = 7;

    /** Result code: no snapshot (null). */
    static final int NONE = 0;

    /** Result code: the graph with {@link #PUBLICATIONS} and {@link #BOTTLENECK}. */
    static final int VALUES = 1;

    /** Result code: the graph with {@link #FINAL_PUBLICATIONS} and {@link #BOTTLENECK}. */
    static final int FINAL_VALUES = 2;

    /** Result code: a snapshot with other graphs, another name or other values. */
    static final int WRONG = 3;

    /** Result code: an exception escaped the call. */
    static final int THREW = 4;

    private static final String ROOT_PREFIX = "sluice-jcstress-otel-";
    private static final int MAX_COUNTERS = 3;
    // SluiceMetrics.FREE_TO_REUSE_TIMEOUT_MS (package-private there); nothing is freed here
    private static final long FREE_TO_REUSE_TIMEOUT_MS = 1_000;
    private static final AtomicLong NEXT_ID = new AtomicLong();
    private static final Path ROOT;

    static
    {
        ROOT = createRoot();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(ROOT), "otel-counters-files-cleanup"));
    }

    private final CountersFile file;
    private final CountersManager manager;
    private final int publicationsId;
    private boolean closed;

    WriterRig()
    {
        file = CountersFile.create(ROOT.resolve("c" + NEXT_ID.incrementAndGet() + ".dat"), MAX_COUNTERS,
            PosixFilePermissions.fromString("rw-------"), 100_000_000L, 1_000_000_000L);
        manager = new CountersManager(file.metadata(), file.values(), StandardCharsets.UTF_8,
            SystemEpochClock.INSTANCE, FREE_TO_REUSE_TIMEOUT_MS);
        final Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("graph", GRAPH);
        attributes.put("name", GRAPH);
        final int infoId = allocate(SluiceMetric.GRAPH_INFO, CounterLabels.format(MetricScope.GRAPH, attributes));
        manager.setCounterValue(infoId, 1);
        final int bottleneckId = allocate(SluiceMetric.GRAPH_BOTTLENECK, "sluice_graph_bottleneck_edge " + GRAPH);
        manager.setCounterValue(bottleneckId, BOTTLENECK);
        publicationsId = allocate(SluiceMetric.GRAPH_PUBLICATIONS, "sluice_graph_publications " + GRAPH);
        manager.setCounterValue(publicationsId, PUBLICATIONS);
        file.ready();
    }

    /**
     * The file's path.
     *
     * @return the path.
     */
    Path path()
    {
        return file.file();
    }

    /**
     * {@code SluiceMetrics.close()}: publish {@value #FINAL_PUBLICATIONS}, then mark the file CLOSED (release),
     * unmap the writer's mapping and delete the file.
     */
    void publishFinalAndClose()
    {
        manager.setCounterValue(publicationsId, FINAL_PUBLICATIONS);
        closed = true;
        file.close(true);
    }

    /**
     * Unmap and delete the file, unless {@link #publishFinalAndClose()} did (the arbiter runs after the actors).
     */
    void close()
    {
        if (!closed)
        {
            closed = true;
            file.close(true);
        }
    }

    /**
     * What a snapshot holds.
     *
     * @param snapshot from {@code CountersSource.snapshot()}, or null.
     * @return {@link #NONE}, {@link #VALUES}, {@link #FINAL_VALUES} or {@link #WRONG}.
     */
    static int classify(final MetricsSnapshot snapshot)
    {
        if (null == snapshot)
        {
            return NONE;
        }
        if (snapshot.graphs().size() != 1)
        {
            return WRONG;
        }
        final GraphSnapshot graph = snapshot.graphs().get(0);
        if (!GRAPH.equals(graph.name()) || graph.graph().value(SluiceMetric.GRAPH_BOTTLENECK) != BOTTLENECK)
        {
            return WRONG;
        }
        final long publications = graph.graph().value(SluiceMetric.GRAPH_PUBLICATIONS);
        return publications == PUBLICATIONS ? VALUES : publications == FINAL_PUBLICATIONS ? FINAL_VALUES : WRONG;
    }

    private int allocate(final SluiceMetric metric, final String label)
    {
        // SluiceMetrics' key: scope code, graph id, entity id (0: the graph itself)
        final UnsafeBuffer key = new UnsafeBuffer(new byte[12]);
        key.putInt(0, metric.scope().code());
        key.putInt(4, 1);
        key.putInt(8, 0);
        final byte[] labelBytes = label.getBytes(StandardCharsets.UTF_8);
        return manager.allocate(metric.typeId(), key, 0, 12, new UnsafeBuffer(labelBytes), 0, labelBytes.length);
    }

    private static Path createRoot()
    {
        final Path shm = Paths.get("/dev/shm");
        final Path parent = Files.isDirectory(shm) && Files.isWritable(shm) ?
            shm : Paths.get(System.getProperty("java.io.tmpdir"));
        deleteStale(parent);
        try
        {
            return Files.createDirectories(parent.resolve(ROOT_PREFIX + ProcessHandle.current().pid()));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void deleteStale(final Path parent)
    {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, ROOT_PREFIX + "*"))
        {
            for (final Path dir : dirs)
            {
                final String name = dir.getFileName().toString();
                try
                {
                    final long pid = Long.parseLong(name.substring(ROOT_PREFIX.length()));
                    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    {
                        deleteTree(dir);
                    }
                }
                catch (final NumberFormatException ex)
                {
                    // not ours
                }
            }
        }
        catch (final IOException ex)
        {
            // nothing to clean, or not allowed to: the run does not depend on it
        }
    }

    private static void deleteTree(final Path dir)
    {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir))
        {
            for (final Path file : files)
            {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        }
        catch (final IOException ex)
        {
            // best effort: a later fork deletes what is left
        }
    }
}
