package io.sluice.jmh.pipeline;

import org.agrona.ErrorHandler;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running three-stage pipeline (source, middle stage, sink over two bounded edges), Sluice or hand-wired. The
 * stages' work is the same {@link StageWork} objects in both; only what carries the messages between them differs.
 */
abstract class Pipeline
{
    final StageWork.Source source;
    final StageWork.Middle middle = new StageWork.Middle();
    final StageWork.Sink sink;
    final Errors errors = new Errors();
    final int capacity;
    final int batch;
    final String idleStrategy;

    Pipeline(final int capacity, final int batch, final String idleStrategy)
    {
        final Integer[] pool = StageWork.newPool();
        this.source = new StageWork.Source(pool);
        this.sink = new StageWork.Sink(pool);
        this.capacity = capacity;
        this.batch = batch;
        this.idleStrategy = idleStrategy;
    }

    /**
     * Build the pipeline a benchmark variant runs.
     */
    static Pipeline create(
        final PipelineBenchmark.Wiring wiring, final int capacity, final int batch, final String idleStrategy)
    {
        return wiring.isSluice() ?
            new SluicePipeline(wiring.sharedThread(), capacity, batch, idleStrategy) :
            new HandWiredPipeline(wiring.sharedThread(), capacity, batch, idleStrategy);
    }

    /**
     * Start the runner threads.
     */
    abstract void start();

    /**
     * Stop the source, let everything in flight reach the sink, stop the runner threads.
     *
     * @return a description of anything that went wrong, or null.
     */
    abstract String stopAndDrain();

    /**
     * Messages delivered to the sink so far (any thread).
     */
    final long delivered()
    {
        return sink.delivered();
    }

    /**
     * Stop and drain, then check that every message emitted reached the sink once, in order, through the middle
     * stage, and that no stage failed.
     *
     * @throws IllegalStateException describing what is wrong.
     */
    final void stopAndVerify()
    {
        final String drainProblem = stopAndDrain();
        final long emitted = source.emitted();
        final long delivered = sink.delivered();
        final StringBuilder problems = new StringBuilder();
        if (null != drainProblem)
        {
            problems.append(drainProblem).append("; ");
        }
        if (errors.count() > 0)
        {
            problems.append(errors.count()).append(" errors, the first: ").append(errors.first()).append("; ");
        }
        if (emitted != delivered || middle.passed() != delivered)
        {
            problems.append("emitted=").append(emitted).append(" passed=").append(middle.passed())
                .append(" delivered=").append(delivered).append("; ");
        }
        if (sink.outOfOrder() != 0)
        {
            problems.append(sink.outOfOrder()).append(" messages out of order at the sink; ");
        }
        if (middle.checksum() != StageWork.expectedChecksum(middle.passed()))
        {
            problems.append("checksum=").append(middle.checksum()).append(", expected ")
                .append(StageWork.expectedChecksum(middle.passed())).append("; ");
        }
        if (problems.length() > 0)
        {
            throw new IllegalStateException(getClass().getSimpleName() + ": " + problems);
        }
    }

    /**
     * Error handler of every runner (and of the graph): counts errors and keeps the first.
     */
    static final class Errors implements ErrorHandler
    {
        private final AtomicLong count = new AtomicLong();
        private final AtomicReference<Throwable> first = new AtomicReference<>();

        @Override
        public void onError(final Throwable throwable)
        {
            count.incrementAndGet();
            if (first.compareAndSet(null, throwable))
            {
                throwable.printStackTrace();
            }
        }

        long count()
        {
            return count.get();
        }

        Throwable first()
        {
            return first.get();
        }
    }
}
