package io.sluice.queues.channel;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Bounded waiting for tests: every wait has a wall-clock deadline and fails the test when it passes.
 */
final class Await
{
    static final long DEFAULT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    private Await()
    {
    }

    static void until(final String what, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + DEFAULT_TIMEOUT_NS;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                fail("timed out waiting for " + what);
            }
            Thread.yield();
        }
    }

    static void join(final Thread thread)
    {
        try
        {
            thread.join(TimeUnit.NANOSECONDS.toMillis(DEFAULT_TIMEOUT_NS));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            fail("interrupted while joining " + thread.getName());
        }
        if (thread.isAlive())
        {
            fail("thread " + thread.getName() + " did not finish in time");
        }
    }
}
