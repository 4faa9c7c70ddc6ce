package io.sluice.runtime.failure;

import org.agrona.concurrent.CachedEpochClock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.III_Result;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link DistinctErrorHandler} from several threads: concurrent observations of one error make one record with all
 * of them counted and tell the first-occurrence handler once; a reader concurrent with the first observation sees no
 * record or the whole record.
 */
public final class DistinctErrorHandlerTests
{
    /**
     * Equal errors (class, message and stack trace), distinct instances; a short fixed stack trace keeps the records
     * small.
     */
    static final IllegalStateException[] SAME = { error("same"), error("same") };
    static final IllegalStateException[] DIFFERENT = { error("first"), error("second") };
    static final int BUFFER_BYTES = 4096;

    private DistinctErrorHandlerTests()
    {
    }

    static IllegalStateException error(final String message)
    {
        final IllegalStateException error = new IllegalStateException(message);
        error.setStackTrace(new StackTraceElement[]{ new StackTraceElement("Stage", "onMessage", "Stage.java", 42) });
        return error;
    }

    /**
     * Records read from the log, the sum of their observation counts, first-occurrence calls, total errors.
     */
    static void audit(final DistinctErrorHandler handler, final AtomicInteger told, final IIII_Result r)
    {
        final int[] observations = new int[1];
        r.r1 = handler.read((count, first, last, text) -> observations[0] += count);
        r.r2 = observations[0];
        r.r3 = told.get();
        r.r4 = (int)handler.totalErrors();
    }

    /**
     * Two threads record equal errors at once. Result: records, observations counted, first-occurrence calls, total
     * errors.
     */
    @JCStressTest
    @Outcome(id = "1, 2, 1, 2", expect = Expect.ACCEPTABLE,
        desc = "One distinct record with count 2; the first-occurrence handler was told once.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "Two records for one error, a lost observation, or the first occurrence told twice or never.")
    @State
    public static class SameError
    {
        final AtomicInteger told = new AtomicInteger();
        final DistinctErrorHandler handler =
            new DistinctErrorHandler(BUFFER_BYTES, new CachedEpochClock(), (t) -> told.incrementAndGet());

        @Actor
        public void first()
        {
            handler.onError(SAME[0]);
        }

        @Actor
        public void second()
        {
            handler.onError(SAME[1]);
        }

        @Arbiter
        public void arbiter(final IIII_Result r)
        {
            audit(handler, told, r);
        }
    }

    /**
     * Two threads record different errors at once. Result: records, observations counted, first-occurrence calls,
     * total errors.
     */
    @JCStressTest
    @Outcome(id = "2, 2, 2, 2", expect = Expect.ACCEPTABLE,
        desc = "Two distinct records with count 1 each; the first-occurrence handler was told of each.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "The errors merged, an observation was lost, or a first occurrence was not told.")
    @State
    public static class DifferentErrors
    {
        final AtomicInteger told = new AtomicInteger();
        final DistinctErrorHandler handler =
            new DistinctErrorHandler(BUFFER_BYTES, new CachedEpochClock(), (t) -> told.incrementAndGet());

        @Actor
        public void first()
        {
            handler.onError(DIFFERENT[0]);
        }

        @Actor
        public void second()
        {
            handler.onError(DIFFERENT[1]);
        }

        @Arbiter
        public void arbiter(final IIII_Result r)
        {
            audit(handler, told, r);
        }
    }

    /**
     * A reader reads the log while a thread records an error for the first time. The log publishes the record (its
     * length) before it increments the observation count, so a reader may see the record with count 0. Result:
     * records read, count of the record (-1 if none) and whether its text was the whole encoded error (1) or not (0,
     * -1 if none).
     */
    @JCStressTest
    @Outcome(id = "0, -1, -1", expect = Expect.ACCEPTABLE, desc = "Read before the record was published.")
    @Outcome(id = "1, 1, 1", expect = Expect.ACCEPTABLE, desc = "Read the whole record with its observation.")
    @Outcome(id = "1, 0, 1", expect = Expect.ACCEPTABLE_INTERESTING,
        desc = "Read the whole record before its first observation was counted (the log counts after publishing).")
    @Outcome(expect = Expect.FORBIDDEN, desc = "A partly written record, or a count beyond the observations.")
    @State
    public static class ReadWhileRecording
    {
        static final String TEXT = "java.lang.IllegalStateException: same";

        final DistinctErrorHandler handler = new DistinctErrorHandler(BUFFER_BYTES, new CachedEpochClock(), null);

        @Actor
        public void recorder()
        {
            handler.onError(SAME[0]);
        }

        @Actor
        public void reader(final III_Result r)
        {
            r.r2 = -1;
            r.r3 = -1;
            r.r1 = handler.read((count, first, last, text) ->
            {
                r.r2 = count;
                r.r3 = text.startsWith(TEXT) && text.contains("at Stage.onMessage(Stage.java:42)") ? 1 : 0;
            });
        }
    }
}
