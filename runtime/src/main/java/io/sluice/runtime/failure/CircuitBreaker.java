package io.sluice.runtime.failure;

import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;

/**
 * A per-stage circuit breaker: stops calling a failing handler for a while, then probes it.
 * <ul>
 *     <li>{@link CircuitBreakerState#CLOSED}: {@link #allowRequest()} is true. Each {@link #onFailure()} records its
 *     time in a ring of the last {@code failureThreshold} failure times; when the ring is full and its oldest time is
 *     less than {@code window} before now, i.e. {@code failureThreshold} failures happened within the window, the
 *     breaker opens. Failures spread over more than the window never open it. {@link #onSuccess()} does not forget
 *     failures: only the window does.</li>
 *     <li>{@link CircuitBreakerState#OPEN}: {@link #allowRequest()} is false (a rejection) until {@code openDuration}
 *     has passed since the breaker opened; the first call after that moves to {@code HALF_OPEN} and returns true:
 *     that request is the first probe.</li>
 *     <li>{@link CircuitBreakerState#HALF_OPEN}: one probe at a time: {@link #allowRequest()} is true only when no
 *     probe is outstanding, and the probe is outstanding until {@link #onSuccess()} or {@link #onFailure()} reports
 *     its outcome. After {@code halfOpenProbes} successful probes the breaker closes (with an empty failure ring); a
 *     failed probe opens it again with a new open time.</li>
 * </ul>
 * Outcomes reported while {@code OPEN} (of requests allowed before the breaker opened) are counted and otherwise
 * ignored. {@code allowRequest()} returning false is always counted in {@link #rejectedCount()}. Times are differences
 * of {@link NanoClock#nanoTime()} readings, so they survive the clock's wrap-around.
 * <pre>{@code
 * CircuitBreaker breaker = CircuitBreaker.builder("parse")
 *     .failureThreshold(5)
 *     .window(1, TimeUnit.SECONDS)
 *     .openDuration(5, TimeUnit.SECONDS)
 *     .halfOpenProbes(1)
 *     .build();
 * if (breaker.allowRequest())
 * {
 *     try
 *     {
 *         handler.onMessage(message);
 *         breaker.onSuccess();
 *     }
 *     catch (final Exception ex)
 *     {
 *         breaker.onFailure();
 *     }
 * }
 * }</pre>
 * <b>Note:</b> {@link #allowRequest()}, {@link #onSuccess()} and {@link #onFailure()} must be called from one owner
 * thread (the stage's thread); they do not allocate. {@link #state()}, the counters and {@link #name()} may be read
 * from any thread without locks. The owner publishes every change with a release store and the getters are acquire
 * loads, so a reader may assume:
 * <ol>
 *     <li>Every getter returns a value the owner wrote (no torn longs) and each counter never goes backwards as
 *     seen by one reader.</li>
 *     <li>On a transition the owner stores the transition counter of the new state before the state itself, so a
 *     reader that sees {@code OPEN} and then reads {@link #openedCount()} gets at least 1, and at least the number of
 *     openings that had happened when that state was published; {@code HALF_OPEN} likewise implies
 *     {@link #halfOpenedCount()} {@code >= 1}.</li>
 *     <li>The owner counts every outcome before any transition it causes, and each transition follows the one it
 *     depends on, so reading the counters <em>in this order</em>: {@link #closedCount()}, {@link #successCount()},
 *     {@link #halfOpenedCount()}, {@link #openedCount()}, {@link #failureCount()} gives values {@code c, s, h, o, f}
 *     with {@code c <= h <= o}, {@code s >= c * halfOpenProbes} and, when {@code o >= 1},
 *     {@code f >= failureThreshold + o - 1}. (Each counter read later may have moved on, but only upwards, which
 *     keeps these inequalities.)</li>
 * </ol>
 * A reader does not get an atomic snapshot: after reading {@code CLOSED} it may read counters of later transitions.
 */
public final class CircuitBreaker
{
    /**
     * Default failures within the window that open the breaker.
     */
    public static final int DEFAULT_FAILURE_THRESHOLD = 5;

    /**
     * Largest failure threshold: the breaker keeps that many failure times in a preallocated ring.
     */
    public static final int MAX_FAILURE_THRESHOLD = 1 << 20;

    /**
     * Default window within which threshold failures open the breaker: 1 s.
     */
    public static final long DEFAULT_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

    /**
     * Default time the breaker stays open before it lets a probe through: 5 s.
     */
    public static final long DEFAULT_OPEN_DURATION_NANOS = TimeUnit.SECONDS.toNanos(5);

    /**
     * Default successful probes in half-open that close the breaker.
     */
    public static final int DEFAULT_HALF_OPEN_PROBES = 1;

    private static final VarHandle STATE;
    private static final VarHandle OPENED_COUNT;
    private static final VarHandle HALF_OPENED_COUNT;
    private static final VarHandle CLOSED_COUNT;
    private static final VarHandle REJECTED_COUNT;
    private static final VarHandle FAILURE_COUNT;
    private static final VarHandle SUCCESS_COUNT;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(CircuitBreaker.class, "state", CircuitBreakerState.class);
            OPENED_COUNT = lookup.findVarHandle(CircuitBreaker.class, "openedCount", long.class);
            HALF_OPENED_COUNT = lookup.findVarHandle(CircuitBreaker.class, "halfOpenedCount", long.class);
            CLOSED_COUNT = lookup.findVarHandle(CircuitBreaker.class, "closedCount", long.class);
            REJECTED_COUNT = lookup.findVarHandle(CircuitBreaker.class, "rejectedCount", long.class);
            FAILURE_COUNT = lookup.findVarHandle(CircuitBreaker.class, "failureCount", long.class);
            SUCCESS_COUNT = lookup.findVarHandle(CircuitBreaker.class, "successCount", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final String name;
    private final int failureThreshold;
    private final long windowNanos;
    private final long openDurationNanos;
    private final int halfOpenProbes;
    private final NanoClock clock;
    private final CircuitBreakerListener listener;

    // owner thread only
    private final long[] failureTimes;
    private int failureHead;
    private int failuresInRing;
    private long openedAtNanos;
    private boolean probeInFlight;
    private int halfOpenSuccesses;

    // written by the owner only (plain reads there), release stores; read by any thread with acquire loads
    private CircuitBreakerState state = CircuitBreakerState.CLOSED;
    private long openedCount;
    private long halfOpenedCount;
    private long closedCount;
    private long rejectedCount;
    private long failureCount;
    private long successCount;

    private CircuitBreaker(final Builder builder)
    {
        name = builder.name;
        failureThreshold = builder.failureThreshold;
        windowNanos = builder.windowUnit.toNanos(builder.window);
        openDurationNanos = builder.openDurationUnit.toNanos(builder.openDuration);
        halfOpenProbes = builder.halfOpenProbes;
        clock = builder.clock;
        listener = builder.listener;
        failureTimes = new long[failureThreshold];
    }

    /**
     * Start building a breaker.
     *
     * @param name of the breaker, not blank; appears in every error and in {@link #toString()}.
     * @return a new builder with the defaults.
     */
    public static Builder builder(final String name)
    {
        return new Builder(name);
    }

    /**
     * Whether the caller may call the protected handler now; see the class description for each state. Owner thread
     * only; does not allocate.
     *
     * @return true to go ahead (and then report {@link #onSuccess()} or {@link #onFailure()}), false if refused.
     */
    public boolean allowRequest()
    {
        final CircuitBreakerState state = this.state;
        if (CircuitBreakerState.CLOSED == state)
        {
            return true;
        }

        if (CircuitBreakerState.OPEN == state)
        {
            if (clock.nanoTime() - openedAtNanos >= openDurationNanos)
            {
                toHalfOpen();
                probeInFlight = true;
                return true;
            }
        }
        else if (!probeInFlight)
        {
            probeInFlight = true;
            return true;
        }

        // single writer: a release store of a plain-read value is an increment without a read-modify-write
        REJECTED_COUNT.setRelease(this, rejectedCount + 1);
        return false;
    }

    /**
     * The request allowed last succeeded. In {@code HALF_OPEN} it ends the outstanding probe and closes the breaker
     * after {@code halfOpenProbes} successes; otherwise it is only counted. Owner thread only; does not allocate.
     */
    public void onSuccess()
    {
        // before the transition it may cause: a reader that sees closedCount sees the successes that caused it
        SUCCESS_COUNT.setRelease(this, successCount + 1);

        if (CircuitBreakerState.HALF_OPEN == state)
        {
            probeInFlight = false;
            if (++halfOpenSuccesses >= halfOpenProbes)
            {
                toClosed();
            }
        }
    }

    /**
     * The request allowed last failed. In {@code CLOSED} it records the failure time and opens the breaker if
     * {@code failureThreshold} failures fell within the window; in {@code HALF_OPEN} it opens the breaker again;
     * in {@code OPEN} it is only counted. Owner thread only; does not allocate.
     */
    public void onFailure()
    {
        // before the transition it may cause: a reader that sees openedCount sees the failures that caused it
        FAILURE_COUNT.setRelease(this, failureCount + 1);

        final CircuitBreakerState state = this.state;
        if (CircuitBreakerState.CLOSED == state)
        {
            final long now = clock.nanoTime();
            final long[] failureTimes = this.failureTimes;
            int head = failureHead;
            failureTimes[head] = now;
            if (++head == failureTimes.length)
            {
                head = 0;
            }
            failureHead = head;

            if (failuresInRing < failureTimes.length)
            {
                failuresInRing++;
            }

            // with the ring full, the slot after the newest holds the oldest of the last failureThreshold failures
            if (failuresInRing == failureTimes.length && now - failureTimes[head] < windowNanos)
            {
                toOpen(now);
            }
        }
        else if (CircuitBreakerState.HALF_OPEN == state)
        {
            probeInFlight = false;
            toOpen(clock.nanoTime());
        }
    }

    /**
     * Name given to the builder. Any thread.
     *
     * @return the name.
     */
    public String name()
    {
        return name;
    }

    /**
     * Current state. Any thread; an acquire load that pairs with the owner's release store of the state, which
     * follows the store of the transition counter.
     *
     * @return the state last published by the owner.
     */
    public CircuitBreakerState state()
    {
        return (CircuitBreakerState)STATE.getAcquire(this);
    }

    /**
     * Transitions to {@code OPEN}. Any thread.
     *
     * @return times the breaker opened.
     */
    public long openedCount()
    {
        return (long)OPENED_COUNT.getAcquire(this);
    }

    /**
     * Transitions to {@code HALF_OPEN}. Any thread.
     *
     * @return times the breaker went half-open.
     */
    public long halfOpenedCount()
    {
        return (long)HALF_OPENED_COUNT.getAcquire(this);
    }

    /**
     * Transitions to {@code CLOSED} (from {@code HALF_OPEN}; the initial state is not counted). Any thread.
     *
     * @return times the breaker closed.
     */
    public long closedCount()
    {
        return (long)CLOSED_COUNT.getAcquire(this);
    }

    /**
     * Calls of {@link #allowRequest()} that returned false. Any thread.
     *
     * @return requests refused.
     */
    public long rejectedCount()
    {
        return (long)REJECTED_COUNT.getAcquire(this);
    }

    /**
     * Calls of {@link #onFailure()}, in any state. Any thread.
     *
     * @return failures reported.
     */
    public long failureCount()
    {
        return (long)FAILURE_COUNT.getAcquire(this);
    }

    /**
     * Calls of {@link #onSuccess()}, in any state. Any thread.
     *
     * @return successes reported.
     */
    public long successCount()
    {
        return (long)SUCCESS_COUNT.getAcquire(this);
    }

    /**
     * Failures within the window that open the breaker.
     *
     * @return 1..{@link #MAX_FAILURE_THRESHOLD}.
     */
    public int failureThreshold()
    {
        return failureThreshold;
    }

    /**
     * Window within which {@link #failureThreshold()} failures open the breaker.
     *
     * @return nanoseconds, 1 or more.
     */
    public long windowNanos()
    {
        return windowNanos;
    }

    /**
     * Time the breaker stays open before it lets a probe through.
     *
     * @return nanoseconds, 0 or more.
     */
    public long openDurationNanos()
    {
        return openDurationNanos;
    }

    /**
     * Successful probes in {@code HALF_OPEN} that close the breaker.
     *
     * @return 1 or more.
     */
    public int halfOpenProbes()
    {
        return halfOpenProbes;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        final long closed = closedCount();
        final long halfOpened = halfOpenedCount();
        final long opened = openedCount();
        return "CircuitBreaker{name=" + name + ", state=" + state() + ", opened=" + opened +
            ", halfOpened=" + halfOpened + ", closed=" + closed + ", rejected=" + rejectedCount() +
            ", failures=" + failureCount() + ", successes=" + successCount() + "}";
    }

    private void toOpen(final long now)
    {
        final CircuitBreakerState from = state;
        openedAtNanos = now;
        // the transition counter before the state: a reader that sees OPEN sees this opening counted
        OPENED_COUNT.setRelease(this, openedCount + 1);
        STATE.setRelease(this, CircuitBreakerState.OPEN);
        notify(from, CircuitBreakerState.OPEN);
    }

    private void toHalfOpen()
    {
        halfOpenSuccesses = 0;
        probeInFlight = false;
        // the transition counter before the state: a reader that sees HALF_OPEN sees this transition counted
        HALF_OPENED_COUNT.setRelease(this, halfOpenedCount + 1);
        STATE.setRelease(this, CircuitBreakerState.HALF_OPEN);
        notify(CircuitBreakerState.OPEN, CircuitBreakerState.HALF_OPEN);
    }

    private void toClosed()
    {
        // failures from before the breaker opened must not count towards opening it again
        failuresInRing = 0;
        failureHead = 0;
        // the transition counter before the state: a reader that sees closedCount n sees n transitions to HALF_OPEN
        CLOSED_COUNT.setRelease(this, closedCount + 1);
        STATE.setRelease(this, CircuitBreakerState.CLOSED);
        notify(CircuitBreakerState.HALF_OPEN, CircuitBreakerState.CLOSED);
    }

    private void notify(final CircuitBreakerState from, final CircuitBreakerState to)
    {
        if (null != listener)
        {
            listener.onStateChange(this, from, to);
        }
    }

    /**
     * Settings of a {@link CircuitBreaker}. Setters only record; {@link #build()} validates every setting and throws
     * an {@link IllegalArgumentException} naming the breaker, the setting, the value and what is allowed, e.g.
     * {@code circuit breaker 'parse': failureThreshold=0 is not allowed; allowed 1..1048576}.
     * <p>
     * Defaults: failureThreshold {@link CircuitBreaker#DEFAULT_FAILURE_THRESHOLD}, window
     * {@link CircuitBreaker#DEFAULT_WINDOW_NANOS}, openDuration {@link CircuitBreaker#DEFAULT_OPEN_DURATION_NANOS},
     * halfOpenProbes {@link CircuitBreaker#DEFAULT_HALF_OPEN_PROBES}, clock {@link SystemNanoClock#INSTANCE}, no
     * listener.
     * <p>
     * <b>Note:</b> not thread-safe; a builder may build several breakers, each with its own state.
     */
    public static final class Builder
    {
        private final String name;
        private int failureThreshold = DEFAULT_FAILURE_THRESHOLD;
        private long window = DEFAULT_WINDOW_NANOS;
        private TimeUnit windowUnit = TimeUnit.NANOSECONDS;
        private long openDuration = DEFAULT_OPEN_DURATION_NANOS;
        private TimeUnit openDurationUnit = TimeUnit.NANOSECONDS;
        private int halfOpenProbes = DEFAULT_HALF_OPEN_PROBES;
        private NanoClock clock = SystemNanoClock.INSTANCE;
        private CircuitBreakerListener listener;

        private Builder(final String name)
        {
            this.name = name;
        }

        /**
         * Failures within the window that open the breaker.
         *
         * @param failureThreshold 1..{@link CircuitBreaker#MAX_FAILURE_THRESHOLD}.
         * @return this.
         */
        public Builder failureThreshold(final int failureThreshold)
        {
            this.failureThreshold = failureThreshold;
            return this;
        }

        /**
         * Window within which {@code failureThreshold} failures open the breaker.
         *
         * @param window 1 or more.
         * @param unit   of {@code window}.
         * @return this.
         */
        public Builder window(final long window, final TimeUnit unit)
        {
            this.window = window;
            this.windowUnit = unit;
            return this;
        }

        /**
         * Time the breaker stays open before it lets a probe through.
         *
         * @param openDuration 0 or more; 0 lets a probe through at the first request after opening.
         * @param unit         of {@code openDuration}.
         * @return this.
         */
        public Builder openDuration(final long openDuration, final TimeUnit unit)
        {
            this.openDuration = openDuration;
            this.openDurationUnit = unit;
            return this;
        }

        /**
         * Successful probes in {@code HALF_OPEN} that close the breaker.
         *
         * @param halfOpenProbes 1..{@link Integer#MAX_VALUE}.
         * @return this.
         */
        public Builder halfOpenProbes(final int halfOpenProbes)
        {
            this.halfOpenProbes = halfOpenProbes;
            return this;
        }

        /**
         * Clock for failure and open times, read on the owner thread only.
         *
         * @param clock not null.
         * @return this.
         */
        public Builder clock(final NanoClock clock)
        {
            this.clock = clock;
            return this;
        }

        /**
         * Listener told of every state change on the owner thread.
         *
         * @param listener or null for none.
         * @return this.
         */
        public Builder listener(final CircuitBreakerListener listener)
        {
            this.listener = listener;
            return this;
        }

        /**
         * Validate the settings and build a breaker in state {@code CLOSED} with all counters 0.
         *
         * @return a new breaker.
         * @throws IllegalArgumentException naming the breaker, the setting, the value and the allowed range of the
         *                                  first invalid setting.
         */
        public CircuitBreaker build()
        {
            if (null == name || name.isBlank())
            {
                throw new IllegalArgumentException(
                    "circuit breaker name='" + name + "' is not allowed; allowed a non-blank name");
            }
            if (failureThreshold < 1 || failureThreshold > MAX_FAILURE_THRESHOLD)
            {
                throw new IllegalArgumentException(
                    error("failureThreshold", failureThreshold, "1.." + MAX_FAILURE_THRESHOLD));
            }
            if (null == windowUnit)
            {
                throw new IllegalArgumentException(error("windowUnit", null, "a TimeUnit"));
            }
            if (window < 1)
            {
                throw new IllegalArgumentException(
                    error("window", window + " " + windowUnit, "1.." + Long.MAX_VALUE + " " + windowUnit));
            }
            if (null == openDurationUnit)
            {
                throw new IllegalArgumentException(error("openDurationUnit", null, "a TimeUnit"));
            }
            if (openDuration < 0)
            {
                throw new IllegalArgumentException(error("openDuration", openDuration + " " + openDurationUnit,
                    "0.." + Long.MAX_VALUE + " " + openDurationUnit));
            }
            if (halfOpenProbes < 1)
            {
                throw new IllegalArgumentException(
                    error("halfOpenProbes", halfOpenProbes, "1.." + Integer.MAX_VALUE));
            }
            if (null == clock)
            {
                throw new IllegalArgumentException(error("clock", null, "a NanoClock"));
            }

            return new CircuitBreaker(this);
        }

        private String error(final String setting, final Object value, final String allowed)
        {
            return "circuit breaker '" + name + "': " + setting + "=" + value + " is not allowed; allowed " + allowed;
        }
    }
}
