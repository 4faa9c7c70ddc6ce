package io.sluice.runtime.failure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest
{
    private static void assertRejected(final String expectedMessage, final Executable executable)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, executable);
        assertEquals(expectedMessage, ex.getMessage());
    }

    @Test
    void shouldTryOnceWithoutDelayWhenNone()
    {
        final RetryPolicy none = RetryPolicy.none();

        assertEquals(1, none.maxAttempts());
        assertEquals(0, none.delayNanos(1));
        assertEquals(0, none.delayNanos(Integer.MAX_VALUE));
        assertFalse(none.isExponential());
        assertSame(none, RetryPolicy.none());
        assertEquals("RetryPolicy{none, maxAttempts=1}", none.toString());
    }

    @Test
    void shouldWaitTheSameDelayAfterEveryFailureWhenFixed()
    {
        final RetryPolicy policy = RetryPolicy.fixed(4, 25, TimeUnit.MILLISECONDS);

        assertEquals(4, policy.maxAttempts());
        assertFalse(policy.isExponential());
        for (int failed = 1; failed <= 10; failed++)
        {
            assertEquals(25_000_000L, policy.delayNanos(failed), "after " + failed + " failures");
        }
        assertEquals(25_000_000L, policy.delayNanos(Integer.MAX_VALUE));
        assertEquals(25_000_000L, policy.initialDelayNanos());
        assertEquals(25_000_000L, policy.maxDelayNanos());
        assertEquals("RetryPolicy{fixed, maxAttempts=4, delayNs=25000000}", policy.toString());
    }

    @Test
    void shouldAllowZeroDelayAndTheAttemptBoundsWhenFixed()
    {
        assertEquals(0, RetryPolicy.fixed(1, 0, TimeUnit.SECONDS).delayNanos(1));
        assertEquals(RetryPolicy.MAX_ATTEMPTS, RetryPolicy.fixed(RetryPolicy.MAX_ATTEMPTS, 0, TimeUnit.SECONDS)
            .maxAttempts());
    }

    @Test
    void shouldDoubleTheDelayUpToTheCapWhenExponential()
    {
        final RetryPolicy policy = RetryPolicy.exponential(10, 10, 100, TimeUnit.MILLISECONDS);

        assertTrue(policy.isExponential());
        final long ms = 1_000_000L;
        assertEquals(10 * ms, policy.delayNanos(1));
        assertEquals(20 * ms, policy.delayNanos(2));
        assertEquals(40 * ms, policy.delayNanos(3));
        assertEquals(80 * ms, policy.delayNanos(4));
        assertEquals(100 * ms, policy.delayNanos(5));
        assertEquals(100 * ms, policy.delayNanos(6));
        assertEquals(100 * ms, policy.delayNanos(63));
        assertEquals(100 * ms, policy.delayNanos(64));
        assertEquals(100 * ms, policy.delayNanos(65));
        assertEquals(100 * ms, policy.delayNanos(Integer.MAX_VALUE));
        assertEquals("RetryPolicy{exponential, maxAttempts=10, initialDelayNs=10000000, maxDelayNs=100000000}",
            policy.toString());
    }

    @Test
    void shouldNotOverflowWhenDoublingNearTheTopOfTheLongRange()
    {
        final RetryPolicy policy = RetryPolicy.exponential(100, 1, Long.MAX_VALUE, TimeUnit.NANOSECONDS);

        assertEquals(1L << 61, policy.delayNanos(62));
        assertEquals(1L << 62, policy.delayNanos(63));
        assertEquals(Long.MAX_VALUE, policy.delayNanos(64));
        assertEquals(Long.MAX_VALUE, policy.delayNanos(1000));

        final RetryPolicy big = RetryPolicy.exponential(100, 5L << 60, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        assertEquals(5L << 60, big.delayNanos(1));
        assertEquals(Long.MAX_VALUE, big.delayNanos(2), "5 << 61 overflows: capped instead");

        final RetryPolicy nearCap = RetryPolicy.exponential(100, 5L << 59, (5L << 60) + 1, TimeUnit.NANOSECONDS);
        assertEquals(5L << 60, nearCap.delayNanos(2));
        assertEquals((5L << 60) + 1, nearCap.delayNanos(3), "5 << 61 overflows: capped instead");
    }

    @Test
    void shouldSaturateDelaysThatDoNotFitInNanoseconds()
    {
        final RetryPolicy policy = RetryPolicy.exponential(3, 1, Long.MAX_VALUE, TimeUnit.DAYS);

        assertEquals(TimeUnit.DAYS.toNanos(1), policy.delayNanos(1));
        assertEquals(Long.MAX_VALUE, policy.maxDelayNanos());
        assertEquals(Long.MAX_VALUE, RetryPolicy.fixed(2, Long.MAX_VALUE, TimeUnit.SECONDS).delayNanos(1));
    }

    @Test
    void shouldKeepZeroWhenExponentialFromZero()
    {
        final RetryPolicy policy = RetryPolicy.exponential(5, 0, 1, TimeUnit.SECONDS);

        for (int failed = 1; failed < 100; failed++)
        {
            assertEquals(0, policy.delayNanos(failed));
        }
    }

    @Test
    void shouldStayAtTheCapWhenInitialEqualsMax()
    {
        final RetryPolicy policy = RetryPolicy.exponential(5, 7, 7, TimeUnit.MICROSECONDS);

        assertEquals(7_000, policy.delayNanos(1));
        assertEquals(7_000, policy.delayNanos(2));
        assertEquals(7_000, policy.delayNanos(40));
    }

    @Test
    void shouldGrowMonotonicallyAndStayCappedForRandomPolicies()
    {
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 2_000; i++)
        {
            final long initial = random.nextInt(4) == 0 ? random.nextLong(0, Long.MAX_VALUE) : random.nextLong(0, 1000);
            final long max = initial + (random.nextBoolean() ? random.nextLong(0, Long.MAX_VALUE - initial) :
                random.nextLong(0, 100_000));
            final RetryPolicy policy = RetryPolicy.exponential(10, initial, max, TimeUnit.NANOSECONDS);

            long previous = policy.delayNanos(1);
            assertEquals(initial, previous);
            for (int failed = 2; failed <= 130; failed++)
            {
                final long delay = policy.delayNanos(failed);
                assertTrue(delay >= previous, policy + " at " + failed);
                assertTrue(delay <= max, policy + " at " + failed);
                final long doubled = previous > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : previous * 2;
                assertEquals(Math.min(doubled, max), delay, policy + " at " + failed);
                previous = delay;
            }
        }
    }

    @Test
    void shouldRejectInvalidArgumentsNamingSettingValueAndRange()
    {
        assertRejected("retry policy: maxAttempts=0 is not allowed; allowed 1..1000000",
            () -> RetryPolicy.fixed(0, 1, TimeUnit.SECONDS));
        assertRejected("retry policy: maxAttempts=-3 is not allowed; allowed 1..1000000",
            () -> RetryPolicy.exponential(-3, 1, 2, TimeUnit.SECONDS));
        assertRejected("retry policy: maxAttempts=1000001 is not allowed; allowed 1..1000000",
            () -> RetryPolicy.fixed(1_000_001, 1, TimeUnit.SECONDS));
        assertRejected("retry policy: delay=-1 MILLISECONDS is not allowed; allowed 0..9223372036854775807 " +
            "MILLISECONDS", () -> RetryPolicy.fixed(3, -1, TimeUnit.MILLISECONDS));
        assertRejected("retry policy: unit=null is not allowed; allowed a TimeUnit",
            () -> RetryPolicy.fixed(3, 1, null));
        assertRejected("retry policy: unit=null is not allowed; allowed a TimeUnit",
            () -> RetryPolicy.exponential(3, 1, 2, null));
        assertRejected("retry policy: initialDelay=-5 SECONDS is not allowed; allowed 0..9223372036854775807 " +
            "SECONDS", () -> RetryPolicy.exponential(3, -5, 2, TimeUnit.SECONDS));
        assertRejected("retry policy: maxDelay=9 SECONDS is not allowed; allowed 10..9223372036854775807 SECONDS " +
            "(at least initialDelay)", () -> RetryPolicy.exponential(3, 10, 9, TimeUnit.SECONDS));
        assertRejected("retry policy: failedAttempts=0 is not allowed; allowed 1..2147483647",
            () -> RetryPolicy.none().delayNanos(0));
        assertRejected("retry policy: failedAttempts=-1 is not allowed; allowed 1..2147483647",
            () -> RetryPolicy.exponential(3, 1, 2, TimeUnit.SECONDS).delayNanos(-1));
    }

    @Test
    void shouldCompareByValue()
    {
        assertEquals(RetryPolicy.fixed(3, 1, TimeUnit.SECONDS), RetryPolicy.fixed(3, 1000, TimeUnit.MILLISECONDS));
        assertEquals(RetryPolicy.fixed(3, 1, TimeUnit.SECONDS).hashCode(),
            RetryPolicy.fixed(3, 1000, TimeUnit.MILLISECONDS).hashCode());
        assertNotEquals(RetryPolicy.fixed(3, 1, TimeUnit.SECONDS), RetryPolicy.fixed(4, 1, TimeUnit.SECONDS));
        assertNotEquals(RetryPolicy.fixed(3, 1, TimeUnit.SECONDS),
            RetryPolicy.exponential(3, 1, 1, TimeUnit.SECONDS));
        assertNotEquals(RetryPolicy.exponential(3, 1, 2, TimeUnit.SECONDS),
            RetryPolicy.exponential(3, 1, 3, TimeUnit.SECONDS));
        assertEquals(RetryPolicy.none(), RetryPolicy.fixed(1, 0, TimeUnit.SECONDS));
    }

    @Test
    void shouldNotAllocateWhenComputingDelays()
    {
        final RetryPolicy policy = RetryPolicy.exponential(10, 3, 1_000_000, TimeUnit.NANOSECONDS);
        final long[] sink = new long[1];
        final Runnable run = () ->
        {
            long sum = 0;
            for (int i = 1; i <= 100_000; i++)
            {
                sum += policy.delayNanos(1 + (i & 63));
            }
            sink[0] += sum;
        };
        run.run();

        final long allocated = Allocations.allocatedBytes(run);

        assertTrue(allocated < 1024, "allocated " + allocated + " bytes");
    }
}
