package io.sluice.runtime.failure;

import java.util.concurrent.TimeUnit;

/**
 * How often a stage tries a message whose handler failed, and how long it waits between tries. The first attempt
 * counts: {@link #maxAttempts()} is the total number of calls of the handler for one message, so
 * {@link #none()} (one attempt) never retries. After the n-th failed attempt ({@code n < maxAttempts}) the stage
 * waits {@link #delayNanos(int) delayNanos(n)} before the next one; after the {@code maxAttempts}-th the message is
 * dead-lettered with {@link DeadLetterReason#RETRIES_EXHAUSTED}.
 * <ul>
 *     <li>{@link #fixed(int, long, TimeUnit)}: the same delay after every failure.</li>
 *     <li>{@link #exponential(int, long, long, TimeUnit)}: {@code initialDelay} after the first failure, doubling
 *     after each further failure, capped at {@code maxDelay}; the doubling saturates instead of overflowing.</li>
 * </ul>
 * Delays are converted to nanoseconds with {@link TimeUnit#toNanos(long)}, which saturates at
 * {@link Long#MAX_VALUE}.
 * <p>
 * <b>Note:</b> immutable and thread-safe; {@link #delayNanos(int)} does not allocate.
 */
public final class RetryPolicy
{
    /**
     * Largest allowed {@link #maxAttempts()}.
     */
    public static final int MAX_ATTEMPTS = 1_000_000;

    private static final RetryPolicy NONE = new RetryPolicy(false, 1, 0, 0);

    private final boolean exponential;
    private final int maxAttempts;
    private final long initialDelayNanos;
    private final long maxDelayNanos;

    private RetryPolicy(
        final boolean exponential, final int maxAttempts, final long initialDelayNanos, final long maxDelayNanos)
    {
        this.exponential = exponential;
        this.maxAttempts = maxAttempts;
        this.initialDelayNanos = initialDelayNanos;
        this.maxDelayNanos = maxDelayNanos;
    }

    /**
     * One attempt, no retry: the first failure dead-letters the message.
     *
     * @return the shared policy with {@code maxAttempts == 1}.
     */
    public static RetryPolicy none()
    {
        return NONE;
    }

    /**
     * The same delay after every failed attempt.
     *
     * @param maxAttempts total attempts per message including the first, 1..{@link #MAX_ATTEMPTS}.
     * @param delay       wait after each failed attempt, 0 or more.
     * @param unit        of {@code delay}.
     * @return the policy.
     * @throws IllegalArgumentException naming the setting, the value and the allowed range.
     */
    public static RetryPolicy fixed(final int maxAttempts, final long delay, final TimeUnit unit)
    {
        validateAttempts(maxAttempts);
        validateUnit(unit);
        validateDelay("delay", delay, unit);
        final long delayNanos = unit.toNanos(delay);
        return new RetryPolicy(false, maxAttempts, delayNanos, delayNanos);
    }

    /**
     * A delay that doubles after each failed attempt: {@code min(initialDelay * 2^(n - 1), maxDelay)} after the n-th.
     *
     * @param maxAttempts  total attempts per message including the first, 1..{@link #MAX_ATTEMPTS}.
     * @param initialDelay wait after the first failed attempt, 0 or more.
     * @param maxDelay     cap on the wait, at least {@code initialDelay}.
     * @param unit         of both delays.
     * @return the policy.
     * @throws IllegalArgumentException naming the setting, the value and the allowed range.
     */
    public static RetryPolicy exponential(
        final int maxAttempts, final long initialDelay, final long maxDelay, final TimeUnit unit)
    {
        validateAttempts(maxAttempts);
        validateUnit(unit);
        validateDelay("initialDelay", initialDelay, unit);
        if (maxDelay < initialDelay)
        {
            throw new IllegalArgumentException(error("maxDelay", maxDelay + " " + unit,
                initialDelay + ".." + Long.MAX_VALUE + " " + unit + " (at least initialDelay)"));
        }
        return new RetryPolicy(true, maxAttempts, unit.toNanos(initialDelay), unit.toNanos(maxDelay));
    }

    /**
     * Total attempts per message, the first included.
     *
     * @return 1..{@link #MAX_ATTEMPTS}.
     */
    public int maxAttempts()
    {
        return maxAttempts;
    }

    /**
     * Whether the delay doubles after each failure.
     *
     * @return true for {@link #exponential(int, long, long, TimeUnit)}, false for {@link #fixed(int, long, TimeUnit)}
     * and {@link #none()}.
     */
    public boolean isExponential()
    {
        return exponential;
    }

    /**
     * The wait after the first failed attempt.
     *
     * @return nanoseconds, 0 or more.
     */
    public long initialDelayNanos()
    {
        return initialDelayNanos;
    }

    /**
     * The longest wait between two attempts.
     *
     * @return nanoseconds, at least {@link #initialDelayNanos()}.
     */
    public long maxDelayNanos()
    {
        return maxDelayNanos;
    }

    /**
     * The wait after the given number of failed attempts before the next attempt. Defined for any count of 1 or
     * more, including counts at which {@link #maxAttempts()} allows no further attempt.
     *
     * @param failedAttempts attempts that failed so far, 1 or more.
     * @return nanoseconds to wait, 0..{@link #maxDelayNanos()}.
     * @throws IllegalArgumentException if {@code failedAttempts < 1}.
     */
    public long delayNanos(final int failedAttempts)
    {
        if (failedAttempts < 1)
        {
            throw new IllegalArgumentException(
                "retry policy: failedAttempts=" + failedAttempts + " is not allowed; allowed 1.." + Integer.MAX_VALUE);
        }

        if (!exponential || 0 == initialDelayNanos)
        {
            return initialDelayNanos;
        }

        final int shift = failedAttempts - 1;
        // initial << shift <= max exactly when initial <= max >> shift, so the test itself cannot overflow
        if (shift >= Long.SIZE - 1 || initialDelayNanos > (maxDelayNanos >> shift))
        {
            return maxDelayNanos;
        }

        return initialDelayNanos << shift;
    }

    @Override
    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof RetryPolicy))
        {
            return false;
        }
        final RetryPolicy that = (RetryPolicy)o;
        return exponential == that.exponential && maxAttempts == that.maxAttempts &&
            initialDelayNanos == that.initialDelayNanos && maxDelayNanos == that.maxDelayNanos;
    }

    @Override
    public int hashCode()
    {
        int result = Boolean.hashCode(exponential);
        result = 31 * result + maxAttempts;
        result = 31 * result + Long.hashCode(initialDelayNanos);
        result = 31 * result + Long.hashCode(maxDelayNanos);
        return result;
    }

    @Override
    public String toString()
    {
        if (1 == maxAttempts && !exponential && 0 == initialDelayNanos)
        {
            return "RetryPolicy{none, maxAttempts=1}";
        }
        if (exponential)
        {
            return "RetryPolicy{exponential, maxAttempts=" + maxAttempts + ", initialDelayNs=" + initialDelayNanos +
                ", maxDelayNs=" + maxDelayNanos + "}";
        }
        return "RetryPolicy{fixed, maxAttempts=" + maxAttempts + ", delayNs=" + initialDelayNanos + "}";
    }

    private static void validateAttempts(final int maxAttempts)
    {
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS)
        {
            throw new IllegalArgumentException(error("maxAttempts", maxAttempts, "1.." + MAX_ATTEMPTS));
        }
    }

    private static void validateUnit(final TimeUnit unit)
    {
        if (null == unit)
        {
            throw new IllegalArgumentException(error("unit", null, "a TimeUnit"));
        }
    }

    private static void validateDelay(final String setting, final long delay, final TimeUnit unit)
    {
        if (delay < 0)
        {
            throw new IllegalArgumentException(error(setting, delay + " " + unit, "0.." + Long.MAX_VALUE + " " + unit));
        }
    }

    private static String error(final String setting, final Object value, final String allowed)
    {
        return "retry policy: " + setting + "=" + value + " is not allowed; allowed " + allowed;
    }
}
