package io.sluice.metrics.prometheus;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.sluice.runtime.metrics.CountersFileWriterRig;
import io.sluice.runtime.metrics.SluiceMetric;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * {@link CountersFileCollector}, the Prometheus exporter's reader of a counters file, raced between a scrape
 * ({@link CountersFileCollector#collect()}, on the HTTP server's thread) and {@link CountersFileCollector#close()}
 * (the user's thread, through {@code PrometheusEndpoint.close()}), and between a scrape and the writer closing its
 * file. The collector claims that scrapes and {@code close()} serialise on it, so a scrape racing {@code close()}
 * reports {@value SluicePrometheus#UP} 1 with the writer's values or {@value SluicePrometheus#UP} 0 alone, never
 * reads the mapping {@code close()} unmaps (that would crash the fork, which jcstress reports as an error), and that
 * after {@code close()} every scrape is down. Each state is a real, READY counters file of one graph
 * ({@link CountersFileWriterRig}: publications {@value CountersFileWriterRig#PUBLICATIONS}, bottleneck
 * {@value CountersFileWriterRig#BOTTLENECK}), written before the actors start; the collector either mapped it before
 * the race (a scrape in the state's constructor) or not (the raced scrape opens the file).
 * <ul>
 *     <li>{@link CollectClose}, {@link FirstCollectClose}: a scrape against {@code close()}, mapped or not.</li>
 *     <li>{@link ClosedStaysDown}: two scrapes against {@code close()}: once down, never up again.</li>
 *     <li>{@link WriterClose}, {@link WriterCloseFirstCollect}: a scrape against the writer's last publication and
 *     {@code CountersFile.close(true)} (CLOSED, unmap, delete), mapped or not.</li>
 * </ul>
 * {@code PrometheusEndpoint.close()} is not raced here: its only state of its own is a {@code closed} flag set under
 * its lock, and it can only be built around a started HTTP server. Actors catch what they call and record
 * {@value CountersFileWriterRig#THREW} instead. Result codes of a scrape ({@link CountersFileWriterRig}'s):
 * {@value CountersFileWriterRig#NONE} (down) {@value SluicePrometheus#UP} 0 and no other family,
 * {@value CountersFileWriterRig#VALUES} up 1 with graph {@value CountersFileWriterRig#GRAPH}'s values written before
 * the race, {@value CountersFileWriterRig#FINAL_VALUES} up 1 with the writer's last publication,
 * {@value CountersFileWriterRig#WRONG} anything else (up 0 with series, another value, the graph missing),
 * {@value CountersFileWriterRig#THREW} an exception.
 */
public final class CountersFileCollectorTests
{
    private CountersFileCollectorTests()
    {
    }

    /**
     * The collector mapped the file before the race (one scrape in the constructor); one actor scrapes, the other
     * closes the collector and scrapes. Result: the scrape, the closer's scrape after its close, the arbiter's check
     * (0: a later scrape is down and {@code isUp()} false).
     */
    @JCStressTest
    @Outcome(id = "1, 0, 0", expect = Expect.ACCEPTABLE,
        desc = "The scrape ran before close(): up 1 with the writer's values, read from the mapping close() then " +
        "unmapped.")
    @Outcome(id = "0, 0, 0", expect = Expect.ACCEPTABLE,
        desc = "The scrape ran after close(): up 0 and nothing else.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "Wrong values or an exception from a scrape racing close(), or a scrape after close() that is not " +
        "down.")
    @State
    public static class CollectClose extends Collected
    {
        /**
         * Mapped before the race.
         */
        public CollectClose()
        {
            super(true);
        }

        /**
         * The HTTP server's thread.
         *
         * @param r the scrape.
         */
        @Actor
        public void scraper(final III_Result r)
        {
            r.r1 = scrape();
        }

        /**
         * The user closes the endpoint.
         *
         * @param r the scrape after close.
         */
        @Actor
        public void closer(final III_Result r)
        {
            r.r2 = closeThenScrape();
        }

        /**
         * A later scrape, then clean up.
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
     * As {@link CollectClose}, but nothing is mapped before the race: the scrape's {@code open} races
     * {@code close()}. Result: the scrape, the closer's scrape after its close, the arbiter's check.
     */
    @JCStressTest
    @Outcome(id = "1, 0, 0", expect = Expect.ACCEPTABLE,
        desc = "The scrape ran before close(): it mapped the file and reported up 1 with the writer's values.")
    @Outcome(id = "0, 0, 0", expect = Expect.ACCEPTABLE,
        desc = "The scrape ran after close(): up 0 and nothing else.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "Wrong values or an exception, or a scrape after close() that is not down.")
    @State
    public static class FirstCollectClose extends Collected
    {
        /**
         * Not mapped before the race.
         */
        public FirstCollectClose()
        {
            super(false);
        }

        /**
         * The HTTP server's thread, on the first scrape.
         *
         * @param r the scrape.
         */
        @Actor
        public void scraper(final III_Result r)
        {
            r.r1 = scrape();
        }

        /**
         * The user closes the endpoint.
         *
         * @param r the scrape after close.
         */
        @Actor
        public void closer(final III_Result r)
        {
            r.r2 = closeThenScrape();
        }

        /**
         * A later scrape, then clean up.
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
     * Two scrapes in a row against {@code close()}, the file not mapped before the race, so a collector that forgot
     * it was closed would map the file again on the second. Result: first scrape, second scrape, the arbiter's check.
     */
    @JCStressTest
    @Outcome(id = {"1, 1, 0", "1, 0, 0", "0, 0, 0"}, expect = Expect.ACCEPTABLE,
        desc = "Up with the values until close(), down from then on.")
    @Outcome(id = "0, 1, 0", expect = Expect.FORBIDDEN,
        desc = "Down (closed), then up: the collector mapped the file again after close().")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "Wrong values or an exception, or a scrape after close() that is not down.")
    @State
    public static class ClosedStaysDown extends Collected
    {
        /**
         * Not mapped before the race.
         */
        public ClosedStaysDown()
        {
            super(false);
        }

        /**
         * Two scrapes.
         *
         * @param r first, second scrape.
         */
        @Actor
        public void scraper(final III_Result r)
        {
            r.r1 = scrape();
            r.r2 = scrape();
        }

        /**
         * The user closes the endpoint.
         */
        @Actor
        public void closer()
        {
            try
            {
                collector.close();
            }
            catch (final RuntimeException ex)
            {
                closeFailed = true;
            }
        }

        /**
         * A later scrape, then clean up.
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
     * The collector mapped the file before the race; the writer publishes
     * {@value CountersFileWriterRig#FINAL_PUBLICATIONS} and closes its file as {@code SluiceMetrics.close()} does
     * (values, then CLOSED with a release store, then its own unmap and the unlink), while the collector scrapes; its
     * mapping outlives the unlink. Result: the scrape, the arbiter's check (0: a later scrape finds the file gone and
     * is down, {@code isUp()} false; the collector closes then).
     */
    @JCStressTest
    @Outcome(id = {"1, 0", "2, 0"}, expect = Expect.ACCEPTABLE,
        desc = "The writer seen live: up 1 with the values before the race or already the last publication's.")
    @Outcome(id = "0, 0", expect = Expect.ACCEPTABLE,
        desc = "The file seen gone or its writer closed: up 0 and nothing else.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "Wrong values or an exception, or a later scrape up though the writer closed its file.")
    @State
    public static class WriterClose extends Collected
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
         * The HTTP server's thread.
         *
         * @param r the scrape.
         */
        @Actor
        public void scraper(final II_Result r)
        {
            r.r1 = scrape();
        }

        /**
         * A later scrape, then clean up.
         *
         * @param r the check.
         */
        @Arbiter
        public void arbiter(final II_Result r)
        {
            r.r2 = afterWriterClosed();
        }
    }

    /**
     * As {@link WriterClose}, but nothing is mapped before the race: the collector's first scrape stats the file and
     * maps it while the writer closes and deletes it. Result: the scrape, the arbiter's check.
     */
    @JCStressTest
    @Outcome(id = {"1, 0", "2, 0"}, expect = Expect.ACCEPTABLE,
        desc = "Mapped before the unlink and found live: up 1 with the values before the race or the last " +
        "publication's.")
    @Outcome(id = "0, 0", expect = Expect.ACCEPTABLE,
        desc = "The file already gone (at the stat or at the open), or mapped and found CLOSED: up 0 and nothing else.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "Wrong values or an exception (a file removed between the stat and the open must read as down), or " +
        "a later scrape up though the writer closed its file.")
    @State
    public static class WriterCloseFirstCollect extends Collected
    {
        /**
         * Not mapped before the race.
         */
        public WriterCloseFirstCollect()
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
         * The HTTP server's thread, on the first scrape.
         *
         * @param r the scrape.
         */
        @Actor
        public void scraper(final II_Result r)
        {
            r.r1 = scrape();
        }

        /**
         * A later scrape, then clean up.
         *
         * @param r the check.
         */
        @Arbiter
        public void arbiter(final II_Result r)
        {
            r.r2 = afterWriterClosed();
        }
    }

    /**
     * What a scrape reported.
     *
     * @param snapshots from {@link CountersFileCollector#collect()}.
     * @return {@link CountersFileWriterRig#NONE} (down), {@link CountersFileWriterRig#VALUES},
     * {@link CountersFileWriterRig#FINAL_VALUES} or {@link CountersFileWriterRig#WRONG}.
     */
    static int classify(final MetricSnapshots snapshots)
    {
        double up = -1;
        double publications = -1;
        double bottleneck = -1;
        for (final MetricSnapshot snapshot : snapshots)
        {
            final String name = snapshot.getMetadata().getName();
            if (SluicePrometheus.UP.equals(name))
            {
                up = snapshot.getDataPoints().size() == 1 ?
                    ((GaugeSnapshot.GaugeDataPointSnapshot)snapshot.getDataPoints().get(0)).getValue() : -2;
            }
            else if (SluiceMetric.GRAPH_PUBLICATIONS.family().equals(name))
            {
                final DataPointSnapshot point = graphPoint(snapshot);
                publications = point instanceof CounterSnapshot.CounterDataPointSnapshot ?
                    ((CounterSnapshot.CounterDataPointSnapshot)point).getValue() : -2;
            }
            else if (SluiceMetric.GRAPH_BOTTLENECK.family().equals(name))
            {
                final DataPointSnapshot point = graphPoint(snapshot);
                bottleneck = point instanceof GaugeSnapshot.GaugeDataPointSnapshot ?
                    ((GaugeSnapshot.GaugeDataPointSnapshot)point).getValue() : -2;
            }
        }
        if (up == 0)
        {
            return snapshots.size() == 1 ? CountersFileWriterRig.NONE : CountersFileWriterRig.WRONG;
        }
        if (up != 1 || bottleneck != CountersFileWriterRig.BOTTLENECK)
        {
            return CountersFileWriterRig.WRONG;
        }
        return publications == CountersFileWriterRig.PUBLICATIONS ? CountersFileWriterRig.VALUES :
            publications == CountersFileWriterRig.FINAL_PUBLICATIONS ? CountersFileWriterRig.FINAL_VALUES :
            CountersFileWriterRig.WRONG;
    }

    private static DataPointSnapshot graphPoint(final MetricSnapshot snapshot)
    {
        for (final DataPointSnapshot point : snapshot.getDataPoints())
        {
            if (CountersFileWriterRig.GRAPH.equals(point.getLabels().get(PrometheusFamily.GRAPH)))
            {
                return point;
            }
        }
        return null;
    }

    /**
     * A writer's READY file and a collector over it.
     */
    abstract static class Collected
    {
        final CountersFileWriterRig writer = new CountersFileWriterRig();
        final CountersFileCollector collector = SluicePrometheus.collector(writer.path());
        boolean closeFailed;

        Collected(final boolean mapFirst)
        {
            if (mapFirst && classify(collector.collect()) != CountersFileWriterRig.VALUES)
            {
                throw new IllegalStateException("the first scrape of a READY file did not report its values");
            }
        }

        /**
         * A scrape, classified.
         *
         * @return its code, {@link CountersFileWriterRig#THREW} if it threw.
         */
        int scrape()
        {
            try
            {
                return classify(collector.collect());
            }
            catch (final RuntimeException ex)
            {
                return CountersFileWriterRig.THREW;
            }
        }

        /**
         * Close the collector, then scrape on the same thread.
         *
         * @return the scrape's code, {@link CountersFileWriterRig#THREW} if either threw.
         */
        int closeThenScrape()
        {
            try
            {
                collector.close();
                return classify(collector.collect());
            }
            catch (final RuntimeException ex)
            {
                return CountersFileWriterRig.THREW;
            }
        }

        /**
         * After the collector was closed by an actor: a scrape and {@code isUp()}; then the writer's file is unmapped
         * and deleted.
         *
         * @return 0 if all is as claimed, else the sum of: 1 a scrape not down, 2 {@code isUp()} true, 4 the close
         * threw, 8 a call threw here.
         */
        int after()
        {
            int check = 0;
            try
            {
                check |= classify(collector.collect()) == CountersFileWriterRig.NONE ? 0 : 1;
                check |= collector.isUp() ? 2 : 0;
            }
            catch (final RuntimeException ex)
            {
                check |= 8;
            }
            check |= closeFailed ? 4 : 0;
            writer.close();
            return check;
        }

        /**
         * After the writer closed and deleted its file: a scrape and {@code isUp()}; then the collector is closed.
         *
         * @return 0 if all is as claimed, else the sum of: 1 a scrape not down, 2 {@code isUp()} true, 8 a call
         * threw here.
         */
        int afterWriterClosed()
        {
            int check = 0;
            try
            {
                check |= classify(collector.collect()) == CountersFileWriterRig.NONE ? 0 : 1;
                check |= collector.isUp() ? 2 : 0;
                collector.close();
            }
            catch (final RuntimeException ex)
            {
                check |= 8;
            }
            writer.close();
            return check;
        }
    }
}
