package io.sluice.metrics.opentelemetry;

import io.sluice.runtime.metrics.CountersFileWriterRig;
import io.sluice.runtime.metrics.MetricsSnapshot;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * {@link CountersSource}, the OpenTelemetry exporter's reader of a counters file, raced between the SDK's collecting
 * thread ({@link CountersSource#snapshot()}) and the user's thread ({@link CountersSource#close()}), and between a
 * collection and the writer closing its file. The source claims that every method holds its lock, so a snapshot
 * racing {@code close()} returns the writer's values or null and never reads the mapping {@code close()} unmaps (that
 * would crash the fork, which jcstress reports as an error), and that after {@code close()} every snapshot is null.
 * Each state is a real, READY counters file of one graph ({@link CountersFileWriterRig}: publications
 * {@value CountersFileWriterRig#PUBLICATIONS}, bottleneck {@value CountersFileWriterRig#BOTTLENECK}), written before
 * the actors start; a source either mapped it before the race (its first snapshot taken in the state's constructor:
 * the race is then on an existing mapping, the one {@code close()} unmaps) or not (the raced snapshot opens the file).
 * <ul>
 *     <li>{@link SnapshotClose}, {@link FirstSnapshotClose}: a snapshot against {@code close()}, mapped or not.</li>
 *     <li>{@link ClosedStaysClosed}: two snapshots against {@code close()}: once null, never values again.</li>
 *     <li>{@link WriterClose}, {@link WriterCloseFirstSnapshot}: a snapshot against the writer's last publication and
 *     {@code CountersFile.close(true)} (CLOSED, unmap, delete), mapped or not.</li>
 * </ul>
 * Actors catch what they call and record {@value CountersFileWriterRig#THREW} instead. Result codes of a snapshot:
 * {@value CountersFileWriterRig#NONE} null, {@value CountersFileWriterRig#VALUES} the graph with the values written
 * before the race, {@value CountersFileWriterRig#FINAL_VALUES} the graph with the writer's last publication,
 * {@value CountersFileWriterRig#WRONG} anything else (another graph, name or value),
 * {@value CountersFileWriterRig#THREW} an exception. Every arbiter reports, as the last result, what a later
 * {@code snapshot()} and {@code pid()} see and what the source logged (see {@link Sourced#after()}).
 */
public final class CountersSourceTests
{
    private CountersSourceTests()
    {
    }

    /**
     * The source mapped the file before the race (one snapshot in the constructor); one actor takes a snapshot, the
     * other closes the source and takes one. Result: the snapshot, the closer's snapshot after its close, the
     * arbiter's check.
     */
    @JCStressTest
    @Outcome(id = "1, 0, 0", expect = Expect.ACCEPTABLE,
        desc = "The snapshot ran before close(): the writer's values, read from the mapping close() then unmapped.")
    @Outcome(id = "0, 0, 0", expect = Expect.ACCEPTABLE,
        desc = "The snapshot ran after close(): null.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "Wrong values or an exception from a snapshot racing close(), a snapshot after close() that is not " +
        "null, a mapping left after close(), or a warning logged.")
    @State
    public static class SnapshotClose extends Sourced
    {
        /**
         * Mapped before the race.
         */
        public SnapshotClose()
        {
            super(true);
        }

        /**
         * The SDK's collecting thread.
         *
         * @param r the snapshot.
         */
        @Actor
        public void collector(final III_Result r)
        {
            r.r1 = snapshot();
        }

        /**
         * The user closes the exporter.
         *
         * @param r the snapshot after close.
         */
        @Actor
        public void closer(final III_Result r)
        {
            r.r2 = closeThenSnapshot();
        }

        /**
         * Later calls, then clean up.
         *
         * @param r the check.
         */
        @Arbiter
        public void arbiter(final III_Result r)
        {
            r.r3 = after();
        }
    }

    /**
     * As {@link SnapshotClose}, but nothing is mapped before the race: the snapshot's {@code open} races
     * {@code close()}. Result: the snapshot, the closer's snapshot after its close, the arbiter's check.
     */
    @JCStressTest
    @Outcome(id = "1, 0, 0", expect = Expect.ACCEPTABLE,
        desc = "The snapshot ran before close(): it mapped the file and read the writer's values; close() unmapped it.")
    @Outcome(id = "0, 0, 0", expect = Expect.ACCEPTABLE,
        desc = "The snapshot ran after close(): null, and the file was never mapped.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "Wrong values or an exception, a snapshot after close() that is not null, a mapping opened after " +
        "close() and left (pid() not -1), or a warning logged.")
    @State
    public static class FirstSnapshotClose extends Sourced
    {
        /**
         * Not mapped before the race.
         */
        public FirstSnapshotClose()
        {
            super(false);
        }

        /**
         * The SDK's collecting thread, on its first collection.
         *
         * @param r the snapshot.
         */
        @Actor
        public void collector(final III_Result r)
        {
            r.r1 = snapshot();
        }

        /**
         * The user closes the exporter.
         *
         * @param r the snapshot after close.
         */
        @Actor
        public void closer(final III_Result r)
        {
            r.r2 = closeThenSnapshot();
        }

        /**
         * Later calls, then clean up.
         *
         * @param r the check.
         */
        @Arbiter
        public void arbiter(final III_Result r)
        {
            r.r3 = after();
        }
    }

    /**
     * Two snapshots in a row (two collections of one reader) against {@code close()}, the file not mapped before the
     * race, so a source that forgot it was closed would map the file again on the second. Result: first snapshot,
     * second snapshot, the arbiter's check.
     */
    @JCStressTest
    @Outcome(id = {"1, 1, 0", "1, 0, 0", "0, 0, 0"}, expect = Expect.ACCEPTABLE,
        desc = "Values until close(), null from then on.")
    @Outcome(id = "0, 1, 0", expect = Expect.FORBIDDEN,
        desc = "Null (closed), then the writer's values: the source mapped the file again after close().")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "Wrong values or an exception, a mapping left after close(), or a warning logged.")
    @State
    public static class ClosedStaysClosed extends Sourced
    {
        /**
         * Not mapped before the race.
         */
        public ClosedStaysClosed()
        {
            super(false);
        }

        /**
         * Two collections.
         *
         * @param r first, second snapshot.
         */
        @Actor
        public void collector(final III_Result r)
        {
            r.r1 = snapshot();
            r.r2 = snapshot();
        }

        /**
         * The user closes the exporter.
         */
        @Actor
        public void closer()
        {
            try
            {
                source.close();
            }
            catch (final RuntimeException ex)
            {
                closeFailed = true;
            }
        }

        /**
         * Later calls, then clean up.
         *
         * @param r the check.
         */
        @Arbiter
        public void arbiter(final III_Result r)
        {
            r.r3 = after();
        }
    }

    /**
     * The source mapped the file before the race; the writer publishes
     * {@value CountersFileWriterRig#FINAL_PUBLICATIONS} and closes its file as {@code SluiceMetrics.close()} does
     * (values, then CLOSED with a release store, then its own unmap and the unlink), while the source takes a
     * snapshot. The source's mapping outlives the unlink. Result: the snapshot, the state the snapshot read (-1 for
     * none), the arbiter's check (the source closes then).
     */
    @JCStressTest
    @Outcome(id = {"1, 1, 0", "2, 1, 0"}, expect = Expect.ACCEPTABLE,
        desc = "READY, with the values before the race or already the last publication's.")
    @Outcome(id = "2, 2, 0", expect = Expect.ACCEPTABLE,
        desc = "READY when the source checked liveness, CLOSED when the snapshot loaded the state again: the last " +
        "publication's values.")
    @Outcome(id = "0, -1, 0", expect = Expect.ACCEPTABLE,
        desc = "The writer seen closed (isLive() false): null, and the mapping dropped; the source looked for a new " +
        "file and found it gone (before Files.exists or between it and the open), or mapped it and found it CLOSED.")
    @Outcome(id = "0, -1, 8", expect = Expect.FORBIDDEN,
        desc = "A WARNING for a file deleted between the source's Files.exists and its open: a writer that simply " +
        "exited is a missing file, silently (as in the Prometheus collector).")
    @Outcome(id = "1, 2, 0", expect = Expect.FORBIDDEN,
        desc = "CLOSED with the values before the last publication: close() would not publish the final values.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "Wrong values or an exception; or, after the writer closed, a snapshot that is not null, the old " +
        "mapping kept (pid() not -1), or another warning logged.")
    @State
    public static class WriterClose extends Sourced
    {
        /**
         * Mapped before the race.
         */
        public WriterClose()
        {
            super(true);
        }

        /**
         * {@code SluiceMetrics.close()}.
         */
        @Actor
        public void writer()
        {
            writer.publishFinalAndClose();
        }

        /**
         * The SDK's collecting thread.
         *
         * @param r the snapshot and its state.
         */
        @Actor
        public void collector(final III_Result r)
        {
            snapshotAndState(r);
        }

        /**
         * A later snapshot finds the file gone, then clean up.
         *
         * @param r the check.
         */
        @Arbiter
        public void arbiter(final III_Result r)
        {
            r.r3 = afterWriterClosed();
        }
    }

    /**
     * As {@link WriterClose}, but nothing is mapped before the race: the source's first snapshot checks that the file
     * exists and maps it while the writer closes and deletes it. Result: the snapshot, the state the snapshot read (-1
     * for none), the arbiter's check (the source closes then).
     */
    @JCStressTest
    @Outcome(id = {"1, 1, 0", "2, 1, 0", "2, 2, 0"}, expect = Expect.ACCEPTABLE,
        desc = "Mapped before the unlink and found READY: the values before the race or the last publication's " +
        "(CLOSED only with the last publication's).")
    @Outcome(id = "0, -1, 0", expect = Expect.ACCEPTABLE,
        desc = "The file already gone (before Files.exists or between it and the open), or mapped and found " +
        "CLOSED: null.")
    @Outcome(id = "0, -1, 8", expect = Expect.FORBIDDEN,
        desc = "A WARNING for a file deleted between the source's Files.exists and its open: a writer that simply " +
        "exited is a missing file, silently (as in the Prometheus collector).")
    @Outcome(id = "1, 2, 0", expect = Expect.FORBIDDEN,
        desc = "CLOSED with the values before the last publication: close() would not publish the final values.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "Wrong values or an exception; or, after the writer closed, a snapshot that is not null, a mapping " +
        "kept (pid() not -1), or another warning logged.")
    @State
    public static class WriterCloseFirstSnapshot extends Sourced
    {
        /**
         * Not mapped before the race.
         */
        public WriterCloseFirstSnapshot()
        {
            super(false);
        }

        /**
         * {@code SluiceMetrics.close()}.
         */
        @Actor
        public void writer()
        {
            writer.publishFinalAndClose();
        }

        /**
         * The SDK's collecting thread, on its first collection.
         *
         * @param r the snapshot and its state.
         */
        @Actor
        public void collector(final III_Result r)
        {
            snapshotAndState(r);
        }

        /**
         * A later snapshot finds the file gone, then clean up.
         *
         * @param r the check.
         */
        @Arbiter
        public void arbiter(final III_Result r)
        {
            r.r3 = afterWriterClosed();
        }
    }

    /**
     * A writer's READY file and a source over it.
     */
    abstract static class Sourced
    {
        final CountersFileWriterRig writer = new CountersFileWriterRig();
        final CountersSource source = new CountersSource(writer.path());
        boolean closeFailed;

        Sourced(final boolean mapFirst)
        {
            SourceWarnings.install();
            if (mapFirst && CountersFileWriterRig.classify(source.snapshot()) != CountersFileWriterRig.VALUES)
            {
                throw new IllegalStateException("the first snapshot of a READY file did not read its values");
            }
        }

        /**
         * A snapshot, classified.
         *
         * @return its {@link CountersFileWriterRig} code, {@link CountersFileWriterRig#THREW} if it threw.
         */
        int snapshot()
        {
            try
            {
                return CountersFileWriterRig.classify(source.snapshot());
            }
            catch (final RuntimeException ex)
            {
                return CountersFileWriterRig.THREW;
            }
        }

        /**
         * Close the source, then take a snapshot on the same thread.
         *
         * @return the snapshot's code, {@link CountersFileWriterRig#THREW} if either threw.
         */
        int closeThenSnapshot()
        {
            try
            {
                source.close();
                return CountersFileWriterRig.classify(source.snapshot());
            }
            catch (final RuntimeException ex)
            {
                return CountersFileWriterRig.THREW;
            }
        }

        /**
         * A snapshot and the file state it read.
         *
         * @param r r1 its code, r2 its state (-1 for a null snapshot, {@link CountersFileWriterRig#THREW} if it threw).
         */
        void snapshotAndState(final III_Result r)
        {
            try
            {
                final MetricsSnapshot snapshot = source.snapshot();
                r.r1 = CountersFileWriterRig.classify(snapshot);
                r.r2 = null == snapshot ? -1 : snapshot.state();
            }
            catch (final RuntimeException ex)
            {
                r.r1 = CountersFileWriterRig.THREW;
                r.r2 = CountersFileWriterRig.THREW;
            }
        }

        /**
         * After the source was closed by an actor: a snapshot and {@code pid()}, then the warnings logged for the
         * file; then the writer's file is unmapped and deleted.
         *
         * @return 0 if all is as claimed, else the sum of: 1 a snapshot not null, 2 a mapping left (pid() not -1), 4
         * a warning logged, 8 the close threw, 16 a call threw here.
         */
        int after()
        {
            int check = 0;
            try
            {
                check |= null == source.snapshot() ? 0 : 1;
                check |= source.pid() == -1 ? 0 : 2;
            }
            catch (final RuntimeException ex)
            {
                check |= 16;
            }
            check |= null == SourceWarnings.take(writer.path()) ? 0 : 4;
            check |= closeFailed ? 8 : 0;
            writer.close();
            return check;
        }

        /**
         * After the writer closed and deleted its file: a snapshot and {@code pid()} (the source finds no live
         * writer and drops its mapping), the warnings logged for the file; then the source is closed.
         *
         * @return 0 if all is as claimed, else the sum of: 1 a snapshot not null, 2 a mapping kept (pid() not -1),
         * 4 a warning logged other than the vanished file's, 8 the vanished file's warning ("opening failed" with
         * {@code NoSuchFileException}), 16 a call threw here.
         */
        int afterWriterClosed()
        {
            int check = 0;
            try
            {
                check |= null == source.snapshot() ? 0 : 1;
                check |= source.pid() == -1 ? 0 : 2;
                source.close();
            }
            catch (final RuntimeException ex)
            {
                check |= 16;
            }
            final String warning = SourceWarnings.take(writer.path());
            if (null != warning)
            {
                check |= warning.startsWith("Sluice metrics not exported, opening failed:") &&
                    warning.contains(SourceWarnings.VANISHED) && !warning.contains("; ") ? 8 : 4;
            }
            writer.close();
            return check;
        }
    }
}
