package io.sluice.runtime.metrics;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps a counters file read-only, from the writing process or any other, and reads it into a
 * {@link MetricsSnapshot}. Reading allocates; it is meant for tools, tests and exporters, not the hot path.
 * <p>
 * <b>Note:</b> not thread-safe.
 */
public final class CountersFileReader implements AutoCloseable
{
    private final Path file;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final CountersReader counters;

    private CountersFileReader(final Path file, final MappedByteBuffer mapped, final CountersReader counters)
    {
        this.file = file;
        this.mapped = mapped;
        this.header = new UnsafeBuffer(mapped, 0, CountersFile.HEADER_LENGTH);
        this.counters = counters;
    }

    /**
     * Map a counters file.
     *
     * @param file the file.
     * @return the reader.
     * @throws IllegalStateException if the file is not a Sluice counters file, or its writer has not finished
     *                               laying it out (try again shortly).
     * @throws UncheckedIOException  if it cannot be read.
     */
    public static CountersFileReader open(final Path file)
    {
        final MappedByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (size < CountersFile.HEADER_LENGTH)
            {
                // a writer creates the file empty, then sizes it: until then it is being laid out
                throw new IllegalStateException("counters file " + file + ": still being laid out by its writer (" +
                    size + " bytes, shorter than the header of " + CountersFile.HEADER_LENGTH + ")");
            }
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("counters file " + file + ": cannot read: " + ex.getMessage(), ex);
        }

        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, CountersFile.HEADER_LENGTH);
        try
        {
            // the state first (acquire): the writer's header stores come before its release of READY, so magic,
            // version and lengths read after a READY or CLOSED state are the writer's; a file still zero-filled
            // (sized, not yet stamped) is being laid out, not foreign
            final int state = header.getIntAcquire(CountersFile.STATE_OFFSET);
            final int magic = header.getInt(CountersFile.MAGIC_OFFSET);
            if (state == CountersFile.STATE_INITIALISING && (magic == 0 || magic == CountersFile.MAGIC))
            {
                throw new IllegalStateException("counters file " + file + ": still being laid out by its writer");
            }
            if (magic != CountersFile.MAGIC)
            {
                throw new IllegalStateException("counters file " + file + ": not a Sluice counters file (magic 0x" +
                    Integer.toHexString(magic) + ")");
            }
            final int version = header.getInt(CountersFile.VERSION_OFFSET);
            if (version != CountersFile.VERSION)
            {
                throw new IllegalStateException("counters file " + file + ": layout version " + version +
                    ", this reader knows " + CountersFile.VERSION);
            }
            final int metadataLength = header.getInt(CountersFile.METADATA_LENGTH_OFFSET);
            final int valuesLength = header.getInt(CountersFile.VALUES_LENGTH_OFFSET);
            if ((long)CountersFile.HEADER_LENGTH + metadataLength + valuesLength > mapped.capacity())
            {
                throw new IllegalStateException("counters file " + file + ": header says " +
                    (CountersFile.HEADER_LENGTH + (long)metadataLength + valuesLength) + " bytes, file has " +
                    mapped.capacity());
            }
            final CountersReader counters = new CountersReader(
                new UnsafeBuffer(mapped, CountersFile.HEADER_LENGTH, metadataLength),
                new UnsafeBuffer(mapped, CountersFile.HEADER_LENGTH + metadataLength, valuesLength));
            return new CountersFileReader(file, mapped, counters);
        }
        catch (final RuntimeException ex)
        {
            IoUtil.unmap(mapped);
            throw ex;
        }
    }

    /**
     * The pid a counters file's header names, whatever the file's state: a writer stamps it before it lays out the
     * counters, so it is known from shortly after the file is created, while {@link #open(Path)} still refuses the
     * file. For deciding whether a file belongs to a live process.
     *
     * @param file the file.
     * @return the writer's pid, or -1 if the file is missing, shorter than the stamp, or not a Sluice counters file.
     */
    public static long writerPid(final Path file)
    {
        final ByteBuffer stamp = readStamp(file);
        final long pid = null == stamp ? -1 : stamp.getLong(CountersFile.PID_OFFSET);
        return pid > 0 ? pid : -1;
    }

    /**
     * The writer's start time a counters file's header names, whatever the file's state (stamped with the pid).
     *
     * @param file the file.
     * @return epoch ms, or -1 if the file is missing, shorter than the stamp, or not a Sluice counters file.
     */
    public static long writerStartTimeMs(final Path file)
    {
        final ByteBuffer stamp = readStamp(file);
        final long startTimeMs = null == stamp ? -1 : stamp.getLong(CountersFile.START_TIME_OFFSET);
        return startTimeMs > 0 ? startTimeMs : -1;
    }

    private static ByteBuffer readStamp(final Path file)
    {
        final ByteBuffer stamp = ByteBuffer.allocate(CountersFile.START_TIME_OFFSET + Long.BYTES)
            .order(ByteOrder.nativeOrder());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            while (stamp.hasRemaining() && channel.read(stamp) >= 0)
            {
                // the stamp is 24 bytes: one read unless the file is shorter
            }
        }
        catch (final IOException ex)
        {
            return null;
        }
        return stamp.hasRemaining() || stamp.getInt(CountersFile.MAGIC_OFFSET) != CountersFile.MAGIC ? null : stamp;
    }

    /**
     * The file.
     *
     * @return its path.
     */
    public Path file()
    {
        return file;
    }

    /**
     * The writer's pid.
     *
     * @return pid.
     */
    public long pid()
    {
        return header.getLong(CountersFile.PID_OFFSET);
    }

    /**
     * The writer's start time.
     *
     * @return epoch ms.
     */
    public long startTimeMs()
    {
        return header.getLong(CountersFile.START_TIME_OFFSET);
    }

    /**
     * The writer's last publication.
     *
     * @return epoch ms.
     */
    public long heartbeatMs()
    {
        return header.getLongAcquire(CountersFile.HEARTBEAT_OFFSET);
    }

    /**
     * The writer's state.
     *
     * @return {@link CountersFile#STATE_READY} or {@link CountersFile#STATE_CLOSED}.
     */
    public int state()
    {
        return header.getIntAcquire(CountersFile.STATE_OFFSET);
    }

    /**
     * Whether the writer is still publishing: the file is not closed and the writing process is alive. A process
     * killed without a clean close leaves its file in state ready; the pid check tells.
     *
     * @return true if live.
     */
    public boolean isLive()
    {
        return state() == CountersFile.STATE_READY && ProcessHandle.of(pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * Agrona's reader over the file, for tools that want the raw counters (type id, key, label, value).
     *
     * @return the counters reader.
     */
    public CountersReader counters()
    {
        return counters;
    }

    /**
     * Read every Sluice counter into a snapshot. The heartbeat and state are read first (acquire), so the values are
     * at least as new as the publication the snapshot's heartbeat names (jcstress {@code CountersFileTests}).
     *
     * @return the snapshot.
     */
    public MetricsSnapshot snapshot()
    {
        final long heartbeatMs = heartbeatMs();
        final int state = state();
        final Map<Integer, GraphSnapshot> graphs = new TreeMap<>();
        final Map<Long, EntitySnapshot> entities = new TreeMap<>();
        counters.forEach((counterId, typeId, keyBuffer, label) ->
        {
            final SluiceMetric metric = SluiceMetric.ofTypeId(typeId);
            if (null == metric)
            {
                return;
            }
            final MetricScope scope = MetricScope.ofCode(keyBuffer.getInt(0));
            if (scope != metric.scope())
            {
                return;
            }
            final int graphId = keyBuffer.getInt(4);
            final int entityId = keyBuffer.getInt(8);
            final long value = counters.getCounterValue(counterId);
            // a record freed while it was read may have had its key cleared part way: use it only if it is still
            // allocated after the reads (a freed record is not reused within SluiceMetrics' free-to-reuse timeout)
            VarHandle.loadLoadFence();
            if (counters.getCounterState(counterId) != CountersReader.RECORD_ALLOCATED)
            {
                return;
            }
            final long entityKey = ((long)scope.code() << 56) | ((long)graphId << 24) | entityId;
            EntitySnapshot entity = entities.get(entityKey);
            if (null == entity)
            {
                entity = new EntitySnapshot(scope, graphId, entityId);
                entities.put(entityKey, entity);
            }
            if (metric.kind() == MetricKind.INFO)
            {
                entity.attributes(CounterLabels.parse(label));
            }
            entity.value(metric, value);
        });

        for (final EntitySnapshot entity : entities.values())
        {
            if (entity.scope() == MetricScope.GRAPH)
            {
                graphs.put(entity.graphId(), new GraphSnapshot(entity));
            }
        }
        for (final EntitySnapshot entity : entities.values())
        {
            final GraphSnapshot graph = graphs.get(entity.graphId());
            if (null == graph)
            {
                continue;
            }
            if (entity.scope() == MetricScope.EDGE)
            {
                graph.edges.add(entity);
            }
            else if (entity.scope() == MetricScope.STAGE)
            {
                graph.stages.add(entity);
            }
            else if (entity.scope() == MetricScope.AGENT)
            {
                graph.agents.add(entity);
            }
        }
        for (final GraphSnapshot graph : graphs.values())
        {
            graph.sort();
        }

        return new MetricsSnapshot(
            file,
            pid(),
            startTimeMs(),
            heartbeatMs,
            state,
            header.getLong(CountersFile.PUBLISH_INTERVAL_OFFSET),
            header.getLong(CountersFile.HISTOGRAM_WINDOW_OFFSET),
            new ArrayList<>(graphs.values()));
    }

    /**
     * Unmap the file.
     */
    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
