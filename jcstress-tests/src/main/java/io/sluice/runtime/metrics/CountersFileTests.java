package io.sluice.runtime.metrics;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.IJ_Result;
import org.openjdk.jcstress.infra.results.JJ_Result;

import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The counters file's publication protocol, raced between its writer ({@code SluiceMetrics}: the thread that lays
 * out the file, then the publisher thread) and a reader with its own mapping of the file, as another process has.
 * Every state is a real {@link CountersFile} of one counter on tmpfs (see {@link CountersFiles}), written through
 * the methods {@code SluiceMetrics} uses: Agrona's {@link CountersManager#allocate} (record fields, then the record
 * state with a release store), {@link CountersManager#setCounterValue} (a release store), {@link CountersFile#ready},
 * {@link CountersFile#heartbeat} and {@link CountersFile#close} (release stores of the header's state and heartbeat).
 * The reader is the real {@link CountersFileReader} where it can be opened before the race: {@code open} refuses a
 * file still initialising, so {@link ReadyPublication} reads its own read-only mapping with the loads
 * {@code open} uses (an acquire load of the state, then plain loads of the lengths, then Agrona's
 * {@link CountersReader}).
 * <ul>
 *     <li>{@link ReadyPublication}: a reader that sees READY sees the counter allocated before {@code ready()}
 *     (type id, key, label) and its value.</li>
 *     <li>{@link HeartbeatThenValue}: a reader that loads the heartbeat first and sees the new one sees the values
 *     published before it.</li>
 *     <li>{@link SnapshotHeartbeat}: {@link CountersFileReader#snapshot()} loads the heartbeat first, so its values
 *     are at least as new as the publication its heartbeat names (this test found the opposite order, since
 *     fixed).</li>
 *     <li>{@link MonotonicValue}: a counter raised by its one writer never reads lower on a second read.</li>
 *     <li>{@link ClosedAfterFinalValues}: a reader that sees CLOSED sees the values published before
 *     {@code close()}, as {@code SluiceMetrics.close()} publishes once more before it closes the file.</li>
 *     <li>{@link FreeReuse}: a record freed while a reader walks the records is never read with another counter's
 *     type id, key or label: a freed record is not reused within the free-to-reuse timeout (this test found
 *     immediate reuse, since fixed); the key the free clears may be read cleared.</li>
 * </ul>
 * Header fields (magic, version, pid, lengths, intervals) are written by {@link CountersFile#create} in each state's
 * constructor, which happens-before both actors, so they are not raced here: {@code create} stores them before its
 * release of INITIALISING and {@code ready()} releases again after them, which the READY test covers for the
 * counter metadata written later.
 */
public final class CountersFileTests
{
    private CountersFileTests()
    {
    }

    /**
     * The writer allocates the counter, sets its value to 42 and marks the file ready, as {@code SluiceMetrics}'
     * constructor does; the reader, on its own mapping, loads the state (acquire, as {@code CountersFileReader.open})
     * then the counter's record through Agrona's reader. Result: the state, the record (0 not allocated, 1 allocated
     * with the right type id, key and label, 2 allocated with any of them missing), the value.
     */
    @JCStressTest
    @Outcome(id = "1, 1, 42", expect = Expect.ACCEPTABLE,
        desc = "READY, and the counter laid out before ready() is complete, with its value.")
    @Outcome(id = {"0, 0, 0", "0, 1, 0", "0, 1, 42", "0, 0, 42"}, expect = Expect.ACCEPTABLE,
        desc = "Still initialising (CountersFileReader.open refuses the file): the record and the value, each " +
        "loaded once, may or may not be visible yet, and a record marked allocated is complete (Agrona releases " +
        "the record state after the type id, key and label).")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "READY but the counter's record or value not visible, or a record marked allocated without its type " +
        "id, key or label: ready() would not publish what was laid out before it.")
    @State
    public static class ReadyPublication
    {
        final CountersFile file = CountersFiles.create();
        final CountersManager manager = CountersFiles.manager(file);
        final MappedByteBuffer mapped = CountersFiles.mapReadOnly(file.file());
        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, CountersFile.HEADER_LENGTH);

        /**
         * {@code SluiceMetrics}' constructor with one counter allocated before {@code ready()}.
         */
        @Actor
        public void writer()
        {
            final int id = CountersFiles.allocate(manager);
            manager.setCounterValue(id, 42);
            file.ready();
        }

        /**
         * {@code CountersFileReader.open}'s loads, then the counter's record.
         *
         * @param r state, record, value.
         */
        @Actor
        public void reader(final III_Result r)
        {
            r.r1 = header.getIntAcquire(CountersFile.STATE_OFFSET);
            final int metadataLength = header.getInt(CountersFile.METADATA_LENGTH_OFFSET);
            final int valuesLength = header.getInt(CountersFile.VALUES_LENGTH_OFFSET);
            final CountersReader counters = new CountersReader(
                new UnsafeBuffer(mapped, CountersFile.HEADER_LENGTH, metadataLength),
                new UnsafeBuffer(mapped, CountersFile.HEADER_LENGTH + metadataLength, valuesLength));
            final int recordState = counters.getCounterState(0);
            if (recordState == CountersReader.RECORD_ALLOCATED)
            {
                final int keyOffset = CountersReader.metaDataOffset(0) + CountersReader.KEY_OFFSET;
                final boolean complete = counters.getCounterTypeId(0) == CountersFiles.TYPE_ID &&
                    counters.metaDataBuffer().getInt(keyOffset) == CountersFiles.KEY &&
                    CountersFiles.LABEL.equals(counters.getCounterLabel(0));
                r.r2 = complete ? 1 : 2;
            }
            else
            {
                r.r2 = recordState == CountersReader.RECORD_UNUSED ? 0 : 2;
            }
            r.r3 = (int)counters.getCounterValue(0);
        }

        /**
         * Unmap and delete.
         */
        @Arbiter
        public void arbiter()
        {
            CountersFiles.unmap(mapped);
            file.close(true);
        }
    }

    /**
     * A READY file whose counter holds 1 and heartbeat 1 (the previous publication); the writer publishes the next
     * as {@code SluiceMetrics.publishDue} does (value 2, then heartbeat 2); the reader loads the heartbeat first
     * ({@link CountersFileReader#heartbeatMs}, acquire), then the value (Agrona's {@code getCounterValue}, volatile).
     * Result: heartbeat, value.
     */
    @JCStressTest
    @Outcome(id = {"1, 1", "2, 2"}, expect = Expect.ACCEPTABLE,
        desc = "The heartbeat and the value of one publication.")
    @Outcome(id = "1, 2", expect = Expect.ACCEPTABLE,
        desc = "The value, loaded after the heartbeat, is already the next publication's.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "The new heartbeat with the old value: heartbeat() would not publish the values stored before it.")
    @State
    public static class HeartbeatThenValue extends Published
    {
        /**
         * One publication of {@code SluiceMetrics}' publisher.
         */
        @Actor
        public void writer()
        {
            manager.setCounterValue(id, 2);
            file.heartbeat(2);
        }

        /**
         * The heartbeat, then the value.
         *
         * @param r heartbeat, value.
         */
        @Actor
        public void reader(final JJ_Result r)
        {
            r.r1 = fileReader.heartbeatMs();
            r.r2 = fileReader.counters().getCounterValue(id);
        }

        /**
         * Unmap and delete.
         */
        @Arbiter
        public void arbiter()
        {
            cleanUp();
        }
    }

    /**
     * As {@link HeartbeatThenValue}, but the counter is a graph's {@link SluiceMetric#GRAPH_PUBLICATIONS} and the
     * reader takes a {@link CountersFileReader#snapshot()}, which reads the heartbeat and then every counter. Result:
     * the snapshot's heartbeat, the snapshot's value.
     */
    @JCStressTest
    @Outcome(id = {"1, 1", "2, 2"}, expect = Expect.ACCEPTABLE,
        desc = "The heartbeat and the value of one publication.")
    @Outcome(id = "1, 2", expect = Expect.ACCEPTABLE,
        desc = "The value, read first, is already the next publication's; its heartbeat was not stored yet.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "No graph in the snapshot, a heartbeat or value never written, or the new heartbeat with the old " +
        "value: snapshot() loads the heartbeat first, so its values are at least that publication's.")
    @State
    public static class SnapshotHeartbeat extends Published
    {
        /**
         * A graph counter rather than a raw one, so that the snapshot reads it.
         */
        public SnapshotHeartbeat()
        {
            super(SluiceMetric.GRAPH_PUBLICATIONS);
        }

        /**
         * One publication of {@code SluiceMetrics}' publisher.
         */
        @Actor
        public void writer()
        {
            manager.setCounterValue(id, 2);
            file.heartbeat(2);
        }

        /**
         * A snapshot.
         *
         * @param r heartbeat, value.
         */
        @Actor
        public void reader(final JJ_Result r)
        {
            final MetricsSnapshot snapshot = fileReader.snapshot();
            r.r1 = snapshot.heartbeatMs();
            r.r2 = snapshot.graphs().isEmpty() ?
                -1 : snapshot.graphs().get(0).graph().value(SluiceMetric.GRAPH_PUBLICATIONS);
        }

        /**
         * Unmap and delete.
         */
        @Arbiter
        public void arbiter()
        {
            cleanUp();
        }
    }

    /**
     * The counter (at 1) is raised to 2 then 3 by its one writer, with {@code setCounterValue}; the reader loads it
     * twice with Agrona's {@code getCounterValue} on its own mapping. Result: first read, second read.
     */
    @JCStressTest
    @Outcome(id = {"1, 1", "1, 2", "1, 3", "2, 2", "2, 3", "3, 3"}, expect = Expect.ACCEPTABLE,
        desc = "The value never goes back.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "The second read lower than the first: a counter seen going backwards.")
    @State
    public static class MonotonicValue extends Published
    {
        /**
         * Two publications.
         */
        @Actor
        public void writer()
        {
            manager.setCounterValue(id, 2);
            manager.setCounterValue(id, 3);
        }

        /**
         * Two reads.
         *
         * @param r first, second.
         */
        @Actor
        public void reader(final JJ_Result r)
        {
            final CountersReader counters = fileReader.counters();
            r.r1 = counters.getCounterValue(id);
            r.r2 = counters.getCounterValue(id);
        }

        /**
         * Unmap and delete.
         */
        @Arbiter
        public void arbiter()
        {
            cleanUp();
        }
    }

    /**
     * The writer publishes the final value (2) and closes the file as {@code SluiceMetrics.close()} does (a last
     * publication, then {@link CountersFile#close} with delete: the state CLOSED with a release store, then the
     * writer's unmap and the unlink); the reader, whose mapping outlives both, loads the state
     * ({@link CountersFileReader#state}, acquire) then the value. Result: state, value.
     */
    @JCStressTest
    @Outcome(id = {"1, 1", "1, 2", "2, 2"}, expect = Expect.ACCEPTABLE,
        desc = "READY with the old or the final value, or CLOSED with the final value.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "CLOSED with the old value: close() would not publish the final values stored before it.")
    @State
    public static class ClosedAfterFinalValues extends Published
    {
        /**
         * The last publication, then close.
         */
        @Actor
        public void writer()
        {
            manager.setCounterValue(id, 2);
            file.close(true);
        }

        /**
         * The state, then the value.
         *
         * @param r state, value.
         */
        @Actor
        public void reader(final IJ_Result r)
        {
            r.r1 = fileReader.state();
            r.r2 = fileReader.counters().getCounterValue(id);
        }

        /**
         * Unmap the reader; the writer closed its file already.
         */
        @Arbiter
        public void arbiter()
        {
            fileReader.close();
        }
    }

    /**
     * A READY file with one counter (type 7, its key and label "raced"); the writer frees it and allocates another
     * (type 8, another key, label "other"), as {@code SluiceMetrics} does when one graph closes and the next
     * registers, with the manager built as {@code SluiceMetrics} builds it (a free-to-reuse timeout, so the second
     * allocation takes a new record). The reader walks the records with
     * {@link CountersReader#forEach(CountersReader.MetaData)}, as {@link CountersFileReader#snapshot()} does, and reads
     * the key inside the callback as the snapshot does. Result: the first counter's record (0 not seen, 1 whole, 2 its
     * type id and label with the key cleared by the free, 3 torn otherwise), the second counter's record (0 not seen,
     * 1 whole, 3 torn), 0 (or -1 if a record of neither counter was called).
     */
    @JCStressTest
    @Outcome(id = {"0, 0, 0", "1, 0, 0", "0, 1, 0", "1, 1, 0"}, expect = Expect.ACCEPTABLE,
        desc = "Each counter's record whole, or not seen (freed before the walk reached it, allocated after).")
    @Outcome(id = {"2, 0, 0", "2, 1, 0"}, expect = Expect.ACCEPTABLE_INTERESTING,
        desc = "The freed record read while the free cleared its key: the snapshot skips it, since a key of zeros " +
        "names no scope.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "A torn record: one counter's type id with another's key or label (a freed record reused at once), " +
        "or a record of neither counter.")
    @State
    public static class FreeReuse
    {
        final CountersFile file = CountersFiles.create();
        final CountersManager manager = CountersFiles.manager(file);
        final int id;
        final CountersFileReader fileReader;

        /**
         * The first counter, in a READY file.
         */
        public FreeReuse()
        {
            id = CountersFiles.allocate(manager);
            file.ready();
            fileReader = CountersFileReader.open(file.file());
        }

        /**
         * One graph's counter freed, the next one's allocated.
         */
        @Actor
        public void writer()
        {
            manager.free(id);
            CountersFiles.allocate(manager, CountersFiles.OTHER_TYPE_ID, CountersFiles.OTHER_KEY,
                CountersFiles.OTHER_LABEL);
        }

        /**
         * The records, as the snapshot reads them.
         *
         * @param r counter, key agrees, label agrees.
         */
        @Actor
        public void reader(final III_Result r)
        {
            fileReader.counters().forEach((counterId, typeId, keyBuffer, label) ->
            {
                final int key = keyBuffer.getInt(0);
                if (typeId == CountersFiles.TYPE_ID)
                {
                    r.r1 = key == CountersFiles.KEY && CountersFiles.LABEL.equals(label) ? 1 :
                        key == 0 && CountersFiles.LABEL.equals(label) ? 2 : 3;
                }
                else if (typeId == CountersFiles.OTHER_TYPE_ID)
                {
                    r.r2 = key == CountersFiles.OTHER_KEY && CountersFiles.OTHER_LABEL.equals(label) ? 1 : 3;
                }
                else
                {
                    r.r3 = -1;
                }
            });
        }

        /**
         * Unmap both sides and delete the file.
         */
        @Arbiter
        public void arbiter()
        {
            fileReader.close();
            file.close(true);
        }
    }

    /**
     * A READY counters file with one counter at 1 and the heartbeat at 1, and a {@link CountersFileReader} over it.
     */
    abstract static class Published
    {
        final CountersFile file = CountersFiles.create();
        final CountersManager manager = CountersFiles.manager(file);
        final int id;
        final CountersFileReader fileReader;

        Published()
        {
            this(null);
        }

        Published(final SluiceMetric metric)
        {
            if (null == metric)
            {
                id = CountersFiles.allocate(manager);
            }
            else
            {
                final UnsafeBuffer key = new UnsafeBuffer(new byte[12]);
                key.putInt(0, metric.scope().code());
                key.putInt(4, 1);
                key.putInt(8, 0);
                final byte[] label = "graph".getBytes(StandardCharsets.UTF_8);
                id = manager.allocate(metric.typeId(), key, 0, 12, new UnsafeBuffer(label), 0, label.length);
            }
            manager.setCounterValue(id, 1);
            file.ready();
            file.heartbeat(1);
            fileReader = CountersFileReader.open(file.file());
        }

        /**
         * Unmap both sides and delete the file.
         */
        void cleanUp()
        {
            fileReader.close();
            file.close(true);
        }
    }
}
