package io.sluice.jmh.latency;

import io.sluice.jmh.support.SpinAgent;
import io.sluice.queues.channel.ChannelBuilder;
import io.sluice.queues.channel.ChannelCounters;
import io.sluice.queues.channel.ChannelKind;
import io.sluice.queues.channel.ObjectChannel;
import io.sluice.queues.channel.OfferResult;
import io.sluice.queues.overflow.OverflowPolicy;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;
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

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

import static io.sluice.jmh.support.SpinAgent.SPINS_PER_CLOCK_READ_MASK;

/**
 * Ping-pong round trip between two threads: the benchmark thread (the ping side) sends one token over the "ping"
 * link and busy-waits for it to come back over the "pong" link from an echo thread, which spins on the ping link and
 * sends every token it finds straight back. One call is one round trip; the score is the mean round trip in ns.
 * <p>
 * Method: exactly one token is ever in flight, so the figure is the sum of two one-way hand-offs (a store on one core,
 * the cache line travelling to the other, a load there) plus the implementations' own work on both sides, never a
 * pipeline of several tokens. The token is preallocated: nothing is allocated per round trip. Both sides spin with
 * {@link Thread#onSpinWait()}; the ping side reads the clock only once every {@code 2^16} empty polls, to bound its
 * wait by a deadline without putting a clock read in the measured path. The {@code CACHE_LINE_ECHO} implementation
 * has no queue at all: the ping side writes a sequence into one padded cell, the echo copies it into another, 128
 * bytes away; it is the floor of any hand-off on the machine.
 * <p>
 * Pitfall avoided: at every iteration's tear-down the echo thread is paused (it has finished its current echo and
 * spins outside the links), both links are drained and checked empty (and, for Sluice, conserved), and any token found
 * there fails the run, since it means that the iteration measured pipelining rather than round trips.
 * <p>
 * Both threads spin: on the 2-core machine of {@code docs/benchmarks.md} they take both cores, so anything else
 * running at the same time shows as noise in the error.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
@Threads(1)
public class PingPong
{
    /**
     * Longest wait of the ping side for a pong, and of the tear-downs for the echo thread.
     */
    static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    /**
     * The implementations under test.
     */
    public enum Impl
    {
        /**
         * A pair of Sluice OBJECT_SPSC channels (credits AUTO, counters on, FAIL_FAST).
         */
        SLUICE_OBJECT_SPSC("Sluice OBJECT_SPSC pair", true, "JCTOOLS_SPSC_ARRAY_QUEUE", 1.25),

        /**
         * A pair of raw JCTools {@code SpscArrayQueue}s, the queue inside OBJECT_SPSC.
         */
        JCTOOLS_SPSC_ARRAY_QUEUE("JCTools SpscArrayQueue pair", false, null, Double.NaN),

        /**
         * A pair of Agrona {@code OneToOneConcurrentArrayQueue}s.
         */
        AGRONA_ONE_TO_ONE_QUEUE("Agrona OneToOneConcurrentArrayQueue pair", false, null, Double.NaN),

        /**
         * Two padded cells: the floor of any hand-off.
         */
        CACHE_LINE_ECHO("Raw cache-line echo (two padded cells)", false, null, Double.NaN);

        private final String label;
        private final boolean sluice;
        private final String peer;
        private final double maxRatioToPeer;

        Impl(final String label, final boolean sluice, final String peer, final double maxRatioToPeer)
        {
            this.label = label;
            this.sluice = sluice;
            this.peer = peer;
            this.maxRatioToPeer = maxRatioToPeer;
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
         * Largest acceptable ratio of this implementation's mean round trip to its peer's (issue 6: 1.25).
         *
         * @return the goal, or NaN if none.
         */
        public double maxRatioToPeer()
        {
            return maxRatioToPeer;
        }
    }

    /**
     * The implementation under test.
     */
    @Param
    Impl impl;

    /**
     * Capacity of each queue or channel in messages, the same for every queue implementation (one token is ever in
     * flight, so it only sets the size of the arrays).
     */
    @Param("1024")
    int capacity;

    private Link link;
    private SpinAgent echo;

    /**
     * Build the links and start the echo thread.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        link = newLink(impl, capacity);
        final Link echoLink = link;
        echo = new SpinAgent("ping-pong-echo-" + impl)
        {
            @Override
            protected boolean doWork()
            {
                return echoLink.echoOnce();
            }
        };
        echo.start();
    }

    /**
     * One round trip.
     */
    @Benchmark
    public void roundTrip()
    {
        link.roundTrip(echo);
    }

    /**
     * Pause the echo thread, drain both links, check that no token was in flight and that both links are empty (and
     * conserved, for Sluice), then let the echo thread go on: the next iteration starts from the same state.
     */
    @TearDown(Level.Iteration)
    public void drainStaleTokens()
    {
        echo.pause(TIMEOUT_NS);
        try
        {
            final int stale = link.drainStale();
            link.checkEmpty();
            if (stale != 0)
            {
                throw new IllegalStateException(impl + ": " + stale + " stale token(s) found at the end of the " +
                    "iteration: it measured pipelining, not round trips");
            }
        }
        finally
        {
            echo.resume(TIMEOUT_NS);
        }
    }

    /**
     * Stop the echo thread, then check the links once more.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        echo.stop(TIMEOUT_NS);
        final int stale = link.drainStale();
        link.checkEmpty();
        if (stale != 0)
        {
            throw new IllegalStateException(impl + ": " + stale + " stale token(s) found after the echo stopped");
        }
    }

    static Link newLink(final Impl impl, final int capacity)
    {
        switch (impl)
        {
            case SLUICE_OBJECT_SPSC:
                return new SluiceLink(capacity);
            case JCTOOLS_SPSC_ARRAY_QUEUE:
                return new QueueLink(new SpscArrayQueue<>(capacity), new SpscArrayQueue<>(capacity));
            case AGRONA_ONE_TO_ONE_QUEUE:
                return new QueueLink(
                    new OneToOneConcurrentArrayQueue<>(capacity), new OneToOneConcurrentArrayQueue<>(capacity));
            case CACHE_LINE_ECHO:
                return new CacheLineLink();
            default:
                throw new IllegalArgumentException("impl=" + impl);
        }
    }

    /**
     * The preallocated token that travels: one per link, so nothing is allocated per round trip.
     */
    static final class Token
    {
    }

    /**
     * The two directions of one implementation. Each fork runs one implementation, so the calls stay monomorphic.
     */
    abstract static class Link
    {
        /**
         * Ping side: send and wait for the echo.
         *
         * @param echo whose failure or death ends the wait.
         */
        abstract void roundTrip(SpinAgent echo);

        /**
         * Echo side: echo one ping if there is one.
         *
         * @return true if a ping was echoed.
         */
        abstract boolean echoOnce();

        /**
         * Controller, echo paused or stopped: remove whatever is still in either direction.
         *
         * @return the number of tokens found (pings not echoed plus pongs not received).
         */
        abstract int drainStale();

        /**
         * Controller, echo paused or stopped: throw if either direction is not empty (or, for Sluice, not conserved).
         */
        abstract void checkEmpty();
    }

    /**
     * Two queues through the {@link Queue} interface (JCTools and Agrona both implement it).
     */
    static final class QueueLink extends Link
    {
        private final Queue<Token> pings;
        private final Queue<Token> pongs;
        private final Token token = new Token();

        QueueLink(final Queue<Token> pings, final Queue<Token> pongs)
        {
            this.pings = pings;
            this.pongs = pongs;
        }

        @Override
        void roundTrip(final SpinAgent echo)
        {
            if (!pings.offer(token))
            {
                throw new IllegalStateException("ping refused: a stale token is in the ping queue");
            }
            Token pong;
            int spins = 0;
            long deadline = 0;
            while (null == (pong = pongs.poll()))
            {
                Thread.onSpinWait();
                if ((++spins & SPINS_PER_CLOCK_READ_MASK) == 0)
                {
                    deadline = echo.checkWait(deadline, TIMEOUT_NS, "a pong");
                }
            }
            if (pong != token)
            {
                throw new IllegalStateException("unexpected pong: " + pong);
            }
        }

        @Override
        boolean echoOnce()
        {
            final Token ping = pings.poll();
            if (null == ping)
            {
                return false;
            }
            if (!pongs.offer(ping))
            {
                throw new IllegalStateException("pong refused: a stale token is in the pong queue");
            }
            return true;
        }

        @Override
        int drainStale()
        {
            int stale = 0;
            while (null != pings.poll())
            {
                stale++;
            }
            while (null != pongs.poll())
            {
                stale++;
            }
            return stale;
        }

        @Override
        void checkEmpty()
        {
            if (!pings.isEmpty() || !pongs.isEmpty())
            {
                throw new IllegalStateException("queues not empty after drain: pings=" + pings.size() + " pongs=" +
                    pongs.size());
            }
        }
    }

    /**
     * Two Sluice OBJECT_SPSC channels, built as in {@code ObjectChannelThroughput}: credits AUTO and counters on
     * (the builder's defaults), FAIL_FAST.
     */
    static final class SluiceLink extends Link
    {
        private final ObjectChannel<Token> pings;
        private final ObjectChannel<Token> pongs;
        private final Token token = new Token();
        private final ChannelCounters counters = new ChannelCounters();

        SluiceLink(final int capacity)
        {
            pings = channel("jmh-ping", capacity);
            pongs = channel("jmh-pong", capacity);
        }

        private static ObjectChannel<Token> channel(final String name, final int capacity)
        {
            return ChannelBuilder.<Token>channel(name)
                .kind(ChannelKind.OBJECT_SPSC)
                .capacity(capacity)
                .policy(OverflowPolicy.FAIL_FAST)
                .buildObjectChannel();
        }

        @Override
        void roundTrip(final SpinAgent echo)
        {
            if (pings.offer(token) != OfferResult.ACCEPTED)
            {
                throw new IllegalStateException("ping refused: " + pings.counters(new ChannelCounters()));
            }
            Token pong;
            int spins = 0;
            long deadline = 0;
            while (null == (pong = pongs.poll()))
            {
                Thread.onSpinWait();
                if ((++spins & SPINS_PER_CLOCK_READ_MASK) == 0)
                {
                    deadline = echo.checkWait(deadline, TIMEOUT_NS, "a pong");
                }
            }
            if (pong != token)
            {
                throw new IllegalStateException("unexpected pong: " + pong);
            }
        }

        @Override
        boolean echoOnce()
        {
            final Token ping = pings.poll();
            if (null == ping)
            {
                return false;
            }
            if (pongs.offer(ping) != OfferResult.ACCEPTED)
            {
                throw new IllegalStateException("pong refused: " + pongs.counters(new ChannelCounters()));
            }
            return true;
        }

        @Override
        int drainStale()
        {
            int stale = 0;
            while (null != pings.poll())
            {
                stale++;
            }
            while (null != pongs.poll())
            {
                stale++;
            }
            return stale;
        }

        @Override
        void checkEmpty()
        {
            check(pings);
            check(pongs);
        }

        private void check(final ObjectChannel<Token> channel)
        {
            channel.counters(counters);
            if (counters.depth() != 0 || counters.inFlight() != 0 || !counters.isConserved() ||
                counters.offered() != counters.delivered())
            {
                throw new IllegalStateException(channel.name() + " not empty or not conserved after drain: " +
                    counters);
            }
        }
    }

    /**
     * No queue: the ping side writes a sequence into the ping cell with a release store, the echo copies it into the
     * pong cell, and the ping side spins until the pong cell holds its sequence. Each side keeps its own last value in
     * a private cell, so that neither reads a shared cell it writes (in the smoke runs an echo that compared the ping
     * cell with the pong cell, a line the ping side spins on, was no faster than the queues, about 100-130 ns a round
     * trip; this one took about 70 ns where the queues took about 100 ns). The four cells are 128 bytes apart (two
     * cache lines, beyond the adjacent-line prefetcher) and at least 128 bytes from either end of the array.
     */
    static final class CacheLineLink extends Link
    {
        private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(long[].class);
        private static final int PING = 16;
        private static final int PONG = 32;
        private static final int ECHO_LAST = 48;
        private static final int PING_SEQUENCE = 64;

        private final long[] cells = new long[96];

        @Override
        void roundTrip(final SpinAgent echo)
        {
            final long sequence = (long)CELLS.get(cells, PING_SEQUENCE) + 1;
            CELLS.set(cells, PING_SEQUENCE, sequence);
            CELLS.setRelease(cells, PING, sequence);
            int spins = 0;
            long deadline = 0;
            while ((long)CELLS.getAcquire(cells, PONG) != sequence)
            {
                Thread.onSpinWait();
                if ((++spins & SPINS_PER_CLOCK_READ_MASK) == 0)
                {
                    deadline = echo.checkWait(deadline, TIMEOUT_NS, "a pong");
                }
            }
        }

        @Override
        boolean echoOnce()
        {
            final long ping = (long)CELLS.getAcquire(cells, PING);
            if (ping == (long)CELLS.get(cells, ECHO_LAST))
            {
                return false;
            }
            CELLS.set(cells, ECHO_LAST, ping);
            CELLS.setRelease(cells, PONG, ping);
            return true;
        }

        @Override
        int drainStale()
        {
            final long ping = (long)CELLS.getVolatile(cells, PING);
            if (ping == (long)CELLS.getVolatile(cells, PONG))
            {
                return 0;
            }
            CELLS.setVolatile(cells, ECHO_LAST, ping);
            CELLS.setVolatile(cells, PONG, ping);
            return 1;
        }

        @Override
        void checkEmpty()
        {
            final long ping = (long)CELLS.getVolatile(cells, PING);
            if (ping != (long)CELLS.getVolatile(cells, PONG) || ping != (long)CELLS.getVolatile(cells, ECHO_LAST) ||
                ping != (long)CELLS.getVolatile(cells, PING_SEQUENCE))
            {
                throw new IllegalStateException("cells differ after drain: a ping was not echoed");
            }
        }
    }
}
