package io.sluice.jmh.latency;

import io.sluice.jmh.support.SpinAgent;
import io.sluice.queues.channel.ChannelBuilder;
import io.sluice.queues.channel.ChannelCounters;
import io.sluice.queues.channel.ChannelKind;
import io.sluice.queues.channel.ObjectChannel;
import io.sluice.queues.channel.OfferResult;
import io.sluice.queues.overflow.OverflowPolicy;
import org.HdrHistogram.Histogram;
import org.jctools.queues.SpscArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Response time at a fixed offered rate, open loop: the benchmark thread offers messages on a fixed schedule, a
 * consumer thread polls them and records, for each, the time from its <em>intended</em> send time to its receipt in
 * an HdrHistogram. Percentiles p50, p99, p99.9, p99.99 and max of every iteration are reported through
 * {@link LatencyPercentiles}.
 * <p>
 * Method: the intended send time of message i is {@code start + i * interval}, fixed when the iteration starts and
 * never taken from "now", and the producer busy-spins on {@link System#nanoTime()} until it (sleeping is far too
 * coarse at 1M messages/s). Each message is a preallocated mutable {@link Stamp} carrying its intended send time; the
 * stamps are cycled through a ring at least four times the queue's capacity, which the queue's bound makes safe: the
 * producer can be at most capacity + 1 stamps ahead of the one the consumer is reading. Nothing is allocated per
 * message. If the queue is full at a send time the producer retries until the message is accepted; the wait then
 * counts in the response time of that message and of every later one, since they are measured from their intended
 * times. The consumer records {@code now - intendedSendTime} with {@code Histogram.recordValue}.
 * <p>
 * Coordinated omission: measuring from the intended send time is the correction. The schedule does not slip when
 * anything stalls: a stalled producer sends late but its messages are charged from when they should have left, and a
 * stalled consumer finds the messages sent meanwhile queued, each charged its full wait. Issue 6 also names
 * {@code recordValueWithExpectedInterval}, HdrHistogram's at-recording correction for closed-loop measurements; it is
 * deliberately not used. It back-fills {@code value / interval} extra values for every value above the interval, which
 * here would count each stall a second time (HdrHistogram's documentation warns that one coordinated omission must be
 * corrected only once), and it makes the consumer's work per message grow with the latency: after a scheduler stall
 * every queued message back-fills thousands of values, the consumer falls further behind, and the backlog grows
 * quadratically. In a smoke run on the shared 2-core machine that stalled the consumer for over 10 s at 100k
 * messages/s.
 * <p>
 * Pitfalls avoided: coordinated omission (above); allocation per message (none: see
 * {@link LatencyPercentiles#allocatedBytesPerMessage}, counted on the two threads during the schedule, since
 * {@code -prof gc} divides the harness's few kB per iteration by one call); the histogram is reset at every
 * iteration; each iteration ends only when the consumer has received every message sent, so no message of one
 * iteration is counted in the next.
 * <p>
 * Mode: {@code SingleShotTime}, one call per iteration that sends a fixed number of messages, {@code rate *
 * scheduleMillis / 1000}, and waits for the last one to arrive. Chosen over a time-bound {@code Throughput} or
 * {@code AverageTime} loop because one call owns the whole schedule: the schedule starts when the call starts, with
 * no harness code between two messages, every iteration has exactly the same number of samples, and the iteration
 * cannot end with messages in flight. The primary score is then the time to run the schedule, which should be
 * {@code scheduleMillis} plus the last message's response time: a larger figure means the producer fell behind.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, batchSize = 1)
@Measurement(iterations = 10, batchSize = 1)
@Fork(3)
@Threads(1)
public class ResponseTime
{
    /**
     * Longest wait for the queue to accept one message, for the consumer to catch up, and for the consumer thread.
     */
    static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    /**
     * Largest value the histograms track, in ns; larger values are recorded as this.
     */
    static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(60);

    /**
     * System property: when true, the trial's tear-down prints the percentiles of all measurement iterations of the
     * fork merged. Off by default: printing from a fork allocates some 300 kB (JMH ships the output to the host),
     * which {@code -prof gc} would charge to the last iteration.
     */
    static final String PRINT_TRIAL_PERCENTILES_PROPERTY = "sluice.jmh.responseTime.printTrialPercentiles";

    /**
     * The offered rate, in messages per second, at which the p99.9 goal ({@link Impl#maxP999RatioToPeer()}) is judged
     * (issue 6: 100k/s); at the other rates the ratio is shown without a goal.
     */
    public static final int P999_GOAL_RATE = 100_000;

    /**
     * Significant decimal digits of the histograms.
     */
    static final int SIGNIFICANT_DIGITS = 3;

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    /**
     * The implementations under test.
     */
    public enum Impl
    {
        /**
         * A Sluice OBJECT_SPSC channel (credits AUTO, counters on, FAIL_FAST: a refused offer is retried).
         */
        SLUICE_OBJECT_SPSC("Sluice OBJECT_SPSC", true, "JCTOOLS_SPSC_ARRAY_QUEUE", 1.5),

        /**
         * A raw JCTools {@code SpscArrayQueue}, the queue inside OBJECT_SPSC.
         */
        JCTOOLS_SPSC_ARRAY_QUEUE("JCTools SpscArrayQueue", false, null, Double.NaN);

        private final String label;
        private final boolean sluice;
        private final String peer;
        private final double maxP999RatioToPeer;

        Impl(final String label, final boolean sluice, final String peer, final double maxP999RatioToPeer)
        {
            this.label = label;
            this.sluice = sluice;
            this.peer = peer;
            this.maxP999RatioToPeer = maxP999RatioToPeer;
        }

        /**
         * Human-readable name for tables.
         *
         * @return the label.
         */
        public String label()
        {
            return label;
        }

        /**
         * Whether this is a Sluice channel.
         *
         * @return true for Sluice.
         */
        public boolean isSluice()
        {
            return sluice;
        }

        /**
         * The raw peer a Sluice channel is compared with, as an {@code impl} parameter value.
         *
         * @return the peer's name, or null.
         */
        public String peer()
        {
            return peer;
        }

        /**
         * Largest acceptable ratio of this implementation's p99.9 to its peer's at 100k messages/s (issue 6: 1.5).
         *
         * @return the goal, or NaN if none.
         */
        public double maxP999RatioToPeer()
        {
            return maxP999RatioToPeer;
        }
    }

    /**
     * The implementation under test.
     */
    @Param
    Impl impl;

    /**
     * Offered rate in messages per second; must divide 10^9 so that the interval is a whole number of ns.
     */
    @Param({"100000", "1000000"})
    int rate;

    /**
     * Capacity in messages, the same for every implementation.
     */
    @Param("1024")
    int capacity;

    /**
     * Length of one iteration's schedule in ms: each iteration sends {@code rate * scheduleMillis / 1000} messages.
     */
    @Param("1000")
    int scheduleMillis;

    private long intervalNanos;
    private int messagesPerIteration;
    private Stamp[] stamps;
    private int stampMask;
    private Endpoint endpoint;
    private Recorder recorder;
    private long sent;
    private boolean measuring;
    private Histogram trialHistogram;

    /**
     * Build the queue, the stamps and the histograms; start the consumer thread.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        if (rate <= 0 || 1_000_000_000L % rate != 0)
        {
            throw new IllegalArgumentException("rate=" + rate + " is not allowed; allowed a divisor of 10^9");
        }
        intervalNanos = 1_000_000_000L / rate;
        final long messages = (long)rate * scheduleMillis / 1000;
        if (messages < 1 || messages > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("rate * scheduleMillis / 1000 = " + messages + " is not allowed");
        }
        messagesPerIteration = (int)messages;

        final int ringSize = Integer.highestOneBit(capacity) << 3; // a power of two at least 4 x capacity
        stamps = new Stamp[ringSize];
        for (int i = 0; i < ringSize; i++)
        {
            stamps[i] = new Stamp();
        }
        stampMask = ringSize - 1;

        endpoint = newEndpoint(impl, capacity);
        trialHistogram = new Histogram(HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
        recorder = new Recorder(endpoint);
        // load and run the merge path once here, not in the first measurement iteration
        trialHistogram.add(recorder.histogram);
        trialHistogram.reset();
        recorder.start();
    }

    /**
     * Reset the iteration's histogram (the consumer is idle: every message sent so far has been received) and note
     * whether this is a measurement iteration.
     *
     * @param params of the iteration.
     */
    @Setup(Level.Iteration)
    public void setUpIteration(final IterationParams params)
    {
        measuring = params.getType() == IterationType.MEASUREMENT;
        recorder.histogram.reset();
    }

    /**
     * Send one schedule of {@code rate * scheduleMillis / 1000} messages and wait until the consumer has received
     * them all; then take the iteration's percentiles.
     *
     * @param percentiles the iteration's figures.
     */
    @Benchmark
    public void schedule(final LatencyPercentiles percentiles)
    {
        final Endpoint endpoint = this.endpoint;
        final Stamp[] stamps = this.stamps;
        final int mask = stampMask;
        final long interval = intervalNanos;
        final int messages = messagesPerIteration;
        final long first = sent;
        long refusals = 0;
        // the consumer's counter first: reading another thread's counter allocates, on this thread, before its own
        final long consumerAllocatedBefore = THREADS.getThreadAllocatedBytes(recorder.threadId());
        final long producerAllocatedBefore = THREADS.getCurrentThreadAllocatedBytes();

        final long start = System.nanoTime();
        for (int i = 0; i < messages; i++)
        {
            final long intended = start + i * interval;
            while (System.nanoTime() - intended < 0)
            {
                Thread.onSpinWait();
            }
            final Stamp stamp = stamps[(int)(first + i) & mask];
            stamp.intendedNanos = intended;
            if (!endpoint.offer(stamp))
            {
                refusals += retryUntilAccepted(endpoint, stamp);
            }
        }
        sent = first + messages;
        recorder.awaitReceived(sent);
        final long producerAllocated = THREADS.getCurrentThreadAllocatedBytes() - producerAllocatedBefore;
        final long consumerAllocated = THREADS.getThreadAllocatedBytes(recorder.threadId()) - consumerAllocatedBefore;
        percentiles.capture(recorder.histogram, messages, refusals, producerAllocated + consumerAllocated);
    }

    private long retryUntilAccepted(final Endpoint endpoint, final Stamp stamp)
    {
        long refusals = 1;
        final long deadline = System.nanoTime() + TIMEOUT_NS;
        while (!endpoint.offer(stamp))
        {
            refusals++;
            Thread.onSpinWait();
            if ((refusals & 0xFFFF) == 0)
            {
                recorder.checkAlive(deadline, "the queue to accept a message");
            }
        }
        return refusals;
    }

    /**
     * Add a measurement iteration's histogram to the trial's.
     */
    @TearDown(Level.Iteration)
    public void tearDownIteration()
    {
        if (measuring)
        {
            trialHistogram.add(recorder.histogram);
        }
    }

    /**
     * Stop the consumer, check that the queue is empty (and conserved, for Sluice), and, if
     * {@value #PRINT_TRIAL_PERCENTILES_PROPERTY} is true, print the percentiles of all measurement iterations of this
     * fork merged.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        recorder.stop(TIMEOUT_NS);
        if (recorder.received() != sent)
        {
            throw new IllegalStateException(impl + ": sent " + sent + " but received " + recorder.received());
        }
        endpoint.checkEmpty(sent);
        if (Boolean.getBoolean(PRINT_TRIAL_PERCENTILES_PROPERTY) && trialHistogram.getTotalCount() > 0)
        {
            System.out.println(String.format(Locale.ROOT,
                "%n# ResponseTime %s rate=%d/s, measurement iterations of this fork merged (%d messages): " +
                "p50=%d p99=%d p99.9=%d p99.99=%d max=%d ns",
                impl, rate, trialHistogram.getTotalCount(),
                trialHistogram.getValueAtPercentile(50.0), trialHistogram.getValueAtPercentile(99.0),
                trialHistogram.getValueAtPercentile(99.9), trialHistogram.getValueAtPercentile(99.99),
                trialHistogram.getMaxValue()));
        }
    }

    static Endpoint newEndpoint(final Impl impl, final int capacity)
    {
        switch (impl)
        {
            case SLUICE_OBJECT_SPSC:
                return new SluiceEndpoint(capacity);
            case JCTOOLS_SPSC_ARRAY_QUEUE:
                return new QueueEndpoint(new SpscArrayQueue<>(capacity));
            default:
                throw new IllegalArgumentException("impl=" + impl);
        }
    }

    /**
     * A message: its intended send time, written by the producer before the offer that publishes it.
     */
    static final class Stamp
    {
        long intendedNanos;
    }

    /**
     * The consumer: polls, and records each message's response time from its intended send time.
     */
    static final class Recorder extends SpinAgent
    {
        final Histogram histogram = new Histogram(HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
        private final Endpoint endpoint;
        private final AtomicLong received = new AtomicLong();

        Recorder(final Endpoint endpoint)
        {
            super("response-time-consumer");
            this.endpoint = endpoint;
        }

        @Override
        protected boolean doWork()
        {
            final Stamp stamp = endpoint.poll();
            if (null == stamp)
            {
                return false;
            }
            final long now = System.nanoTime();
            final long value = Math.min(Math.max(0L, now - stamp.intendedNanos), HIGHEST_TRACKABLE_NS);
            // from the intended send time: already free of coordinated omission, so no expected-interval back-fill
            histogram.recordValue(value);
            // ordered after the record: a reader that sees the count sees the histogram
            received.lazySet(received.get() + 1);
            return true;
        }

        long received()
        {
            return received.get();
        }

        void awaitReceived(final long count)
        {
            final long deadline = System.nanoTime() + TIMEOUT_NS;
            while (received.get() != count)
            {
                Thread.onSpinWait();
                // a constant description: nothing is allocated while waiting
                checkAlive(deadline, "the consumer to receive every message sent");
            }
        }
    }

    /**
     * One implementation's offer and poll. Each fork runs one implementation, so the calls stay monomorphic.
     */
    abstract static class Endpoint
    {
        abstract boolean offer(Stamp stamp);

        abstract Stamp poll();

        abstract void checkEmpty(long sent);
    }

    /**
     * A Sluice OBJECT_SPSC channel built as in {@code ObjectChannelThroughput}: credits AUTO and counters on (the
     * builder's defaults), FAIL_FAST, so that a refused offer comes back at once and is retried.
     */
    static final class SluiceEndpoint extends Endpoint
    {
        private final ObjectChannel<Stamp> channel;
        private final ChannelCounters counters = new ChannelCounters();

        SluiceEndpoint(final int capacity)
        {
            channel = ChannelBuilder.<Stamp>channel("jmh-response-time")
                .kind(ChannelKind.OBJECT_SPSC)
                .capacity(capacity)
                .policy(OverflowPolicy.FAIL_FAST)
                .buildObjectChannel();
        }

        @Override
        boolean offer(final Stamp stamp)
        {
            return channel.offer(stamp) == OfferResult.ACCEPTED;
        }

        @Override
        Stamp poll()
        {
            return channel.poll();
        }

        @Override
        void checkEmpty(final long sent)
        {
            channel.counters(counters);
            if (counters.depth() != 0 || counters.inFlight() != 0 || !counters.isConserved() ||
                counters.accepted() != sent || counters.delivered() != sent)
            {
                throw new IllegalStateException("channel not empty or not conserved: sent=" + sent + " " + counters);
            }
        }
    }

    /**
     * A raw JCTools {@code SpscArrayQueue}.
     */
    static final class QueueEndpoint extends Endpoint
    {
        private final SpscArrayQueue<Stamp> queue;

        QueueEndpoint(final SpscArrayQueue<Stamp> queue)
        {
            this.queue = queue;
        }

        @Override
        boolean offer(final Stamp stamp)
        {
            return queue.offer(stamp);
        }

        @Override
        Stamp poll()
        {
            return queue.poll();
        }

        @Override
        void checkEmpty(final long sent)
        {
            if (!queue.isEmpty())
            {
                throw new IllegalStateException("queue not empty: size=" + queue.size());
            }
        }
    }
}
