package io.sluice.runtime.metrics;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * {@link LatencyRecorder} read while it records: the writer (a channel's consumer) records 1 then 2, the reader (the
 * metrics publisher) reads the published count and sum, or the count and an interval histogram. Result: the count
 * seen, then the sum or the histogram's total count.
 * <p>
 * {@code record} writes the histogram, then {@code count} (release), then {@code sum} (release); {@code count()} and
 * {@code sum()} are acquire loads of separate fields, so no read sees the pair at once. What the orders guarantee:
 * <ul>
 *     <li>{@link CountThenSum}, the order {@code SluiceMetrics} does <i>not</i> use: a count of n guarantees only
 *     the sum of the first n - 1 samples (each sum store precedes the next sample's count store), so a sum read
 *     after the count can miss the last counted sample: (1, 0) and (2, 1) are allowed by the code and seen
 *     (ACCEPTABLE_INTERESTING). Only (2, 0) is impossible.</li>
 *     <li>{@link SumThenCount}, the order {@code SluiceMetrics} publishes them in (EDGE_WAIT_SUM, then
 *     EDGE_WAIT_COUNT; the same for service time): a sum that includes sample n guarantees a count of at least n
 *     (the count is stored before the sum), so a sum never covers samples the count does not.</li>
 *     <li>{@link CountThenInterval}: an interval histogram taken after reading a count of n holds at least n
 *     samples (the histogram is written before the count, and HdrHistogram's phaser flip waits for a record in
 *     progress).</li>
 * </ul>
 */
public final class LatencyRecorderTests
{
    private LatencyRecorderTests()
    {
    }

    static LatencyRecorder recorder()
    {
        // a small histogram: cheap to build per state
        return new LatencyRecorder(1_000L, 2, 1);
    }

    @JCStressTest
    @Outcome(id = {"0, 0", "1, 1", "2, 3"}, expect = Expect.ACCEPTABLE,
        desc = "A consistent pair: the sum of exactly the samples counted.")
    @Outcome(id = {"0, 1", "0, 3", "1, 3"}, expect = Expect.ACCEPTABLE,
        desc = "The sum, read after the count, already includes samples recorded after the count was read.")
    @Outcome(id = {"1, 0", "2, 1"}, expect = Expect.ACCEPTABLE_INTERESTING,
        desc = "The count includes a sample whose value the sum does not yet hold: record() stores the count " +
        "before the sum, and the reader (like SluiceMetrics' publisher) reads the count first. Allowed by the code: " +
        "a published wait_count/wait_sum pair can lag by the last sample.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "A count of 2 with a sum missing sample 1 (its sum store precedes count 2's release), or a sum that " +
        "no prefix of the samples makes.")
    @State
    public static class CountThenSum
    {
        final LatencyRecorder recorder = recorder();

        @Actor
        public void writer()
        {
            recorder.record(1);
            recorder.record(2);
        }

        @Actor
        public void reader(final JJ_Result r)
        {
            r.r1 = recorder.count();
            r.r2 = recorder.sum();
        }
    }

    @JCStressTest
    @Outcome(id = {"0, 0", "1, 1", "2, 3"}, expect = Expect.ACCEPTABLE,
        desc = "A consistent pair: the sum of exactly the samples counted.")
    @Outcome(id = {"1, 0", "2, 0", "2, 1"}, expect = Expect.ACCEPTABLE,
        desc = "The count, read after the sum, already includes samples recorded after the sum was read.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "A sum that includes a sample the count (read later) does not: the count store precedes the sum's " +
        "release, so the sum's acquire publishes it.")
    @State
    public static class SumThenCount
    {
        final LatencyRecorder recorder = recorder();

        @Actor
        public void writer()
        {
            recorder.record(1);
            recorder.record(2);
        }

        @Actor
        public void reader(final JJ_Result r)
        {
            final long sum = recorder.sum();
            r.r1 = recorder.count();
            r.r2 = sum;
        }
    }

    @JCStressTest
    @Outcome(id = {"0, 0", "1, 1", "2, 2"}, expect = Expect.ACCEPTABLE,
        desc = "The interval histogram holds exactly the samples counted.")
    @Outcome(id = {"0, 1", "0, 2", "1, 2"}, expect = Expect.ACCEPTABLE,
        desc = "The histogram, taken after the count, already holds samples recorded after the count was read.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "A counted sample missing from the histogram taken after the count.")
    @State
    public static class CountThenInterval
    {
        final LatencyRecorder recorder = recorder();

        @Actor
        public void writer()
        {
            recorder.record(1);
            recorder.record(2);
        }

        @Actor
        public void reader(final JJ_Result r)
        {
            r.r1 = recorder.count();
            r.r2 = recorder.interval(null).getTotalCount();
        }
    }
}
