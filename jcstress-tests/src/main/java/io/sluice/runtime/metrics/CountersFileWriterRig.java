package io.sluice.runtime.metrics;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The writer side of the exporters' jcstress states ({@code CountersSourceTests} and
 * {@code SluiceOpenTelemetryTests} in {@code io.sluice.metrics.opentelemetry}, {@code CountersFileCollectorTests} in
 * {@code io.sluice.metrics.prometheus}): a real counters file, READY, holding one graph laid out as
 * {@link SluiceMetrics} lays out a graph's counters (same type ids, keys and descriptor label), of three counters:
 * {@link SluiceMetric#GRAPH_INFO} (its label names the graph {@value #GRAPH}), {@link SluiceMetric#GRAPH_BOTTLENECK}
 * at {@value #BOTTLENECK} and {@link SluiceMetric#GRAPH_PUBLICATIONS} at {@value #PUBLICATIONS}. The values are
 * written before the state is handed to the actors, so a read with any other value, a graph missing or another name
 * is a wrong read. {@link #publishFinalAndClose()} is {@code SluiceMetrics.close()}: a last publication
 * ({@value #FINAL_PUBLICATIONS}), then {@link CountersFile#close} with delete. Public, in the package of the writer
 * it stands for, so that the tests of both exporters share it (each had its own package-private copy) and it can
 * build its manager as {@link SluiceMetrics} does ({@link CountersFiles#manager}: Agrona's {@link CountersManager}
 * with {@link SluiceMetrics}' free-to-reuse timeout; nothing is freed here).
 * <p>
 * A file is a 4096-byte header page and three counters (1536 bytes of metadata, 384 of values): two pages of tmpfs
 * and one mapping, unmapped and deleted by the state's arbiter ({@link #close()}) unless the writer actor closed it.
 * The files are created by {@link CountersFiles}, under its one directory per forked VM
 * ({@value CountersFiles#ROOT_PREFIX}{@code <pid>}, on {@code /dev/shm} if it is a writable directory, else under
 * {@code java.io.tmpdir}), which a shutdown hook deletes and a later fork deletes if its VM no longer runs (killed on a
 * timeout).
 * <p>
 * The result codes ({@link #NONE}, {@link #VALUES}, {@link #FINAL_VALUES}, {@link #WRONG}, {@link #THREW}) are the
 * ones both exporters' tests report a read of this file with: {@link #classify(MetricsSnapshot)} for a
 * {@link MetricsSnapshot}, the Prometheus tests their own classification of a scrape.
 * <p>
 * <b>Note:</b> not thread-safe; one per state, its {@link #publishFinalAndClose()} called by one actor at most.
 */
public final class CountersFileWriterRig
{
    /** Name of the graph. */
    public static final String GRAPH = "raced";

    /** {@link SluiceMetric#GRAPH_PUBLICATIONS} before the race. */
    public static final long PUBLICATIONS = 42;

    /** {@link SluiceMetric#GRAPH_PUBLICATIONS} after {@link #publishFinalAndClose()}. */
    public static final long FINAL_PUBLICATIONS = 43;

    /** {@link SluiceMetric#GRAPH_BOTTLENECK}, never changed. */
    public static final long BOTTLENECK = 7;

    /** Result code: nothing read, a null snapshot or a scrape that is down ({@code sluice_up} 0 and nothing else). */
    public static final int NONE = 0;

    /** Result code: the graph with {@link #PUBLICATIONS} and {@link #BOTTLENECK}. */
    public static final int VALUES = 1;

    /** Result code: the graph with {@link #FINAL_PUBLICATIONS} and {@link #BOTTLENECK}. */
    public static final int FINAL_VALUES = 2;

    /** Result code: anything else (other graphs, another name or other values; a scrape down with series). */
    public static final int WRONG = 3;

    /** Result code: an exception escaped the call. */
    public static final int THREW = 4;

    private static final int MAX_COUNTERS = 3;
    // SluiceMetrics.KEY_LENGTH (private there)
    private static final int KEY_LENGTH = 12;

    private final CountersFile file;
    private final CountersManager manager;
    private final int publicationsId;
    private boolean closed;

    /**
     * Create the file, allocate and set the graph's three counters and mark the file READY.
     */
    public CountersFileWriterRig()
    {
        file = CountersFiles.create(MAX_COUNTERS);
        manager = CountersFiles.manager(file);
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
    public Path path()
    {
        return file.file();
    }

    /**
     * {@code SluiceMetrics.close()}: publish {@value #FINAL_PUBLICATIONS}, then mark the file CLOSED (release),
     * unmap the writer's mapping and delete the file.
     */
    public void publishFinalAndClose()
    {
        manager.setCounterValue(publicationsId, FINAL_PUBLICATIONS);
        closed = true;
        file.close(true);
    }

    /**
     * Unmap and delete the file, unless {@link #publishFinalAndClose()} did (the arbiter runs after the actors).
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            file.close(true);
        }
    }

    /**
     * What a snapshot of the file holds.
     *
     * @param snapshot from {@code CountersSource.snapshot()}, or null.
     * @return {@link #NONE}, {@link #VALUES}, {@link #FINAL_VALUES} or {@link #WRONG}.
     */
    public static int classify(final MetricsSnapshot snapshot)
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
        final UnsafeBuffer key = new UnsafeBuffer(new byte[KEY_LENGTH]);
        key.putInt(0, metric.scope().code());
        key.putInt(4, 1);
        key.putInt(8, 0);
        final byte[] labelBytes = label.getBytes(StandardCharsets.UTF_8);
        return manager.allocate(metric.typeId(), key, 0, KEY_LENGTH, new UnsafeBuffer(labelBytes), 0,
            labelBytes.length);
    }
}
