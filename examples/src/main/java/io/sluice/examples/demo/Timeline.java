package io.sluice.examples.demo;

/**
 * The demo's clock: when it started, when the store speeds up, when the sensors stop. Written by the main thread,
 * read by the agents.
 */
final class Timeline
{
    private final long startNanos;
    private final long stopNanos;
    private final long speedUpNanos;

    Timeline(final long startNanos, final long durationNanos, final long speedUpAfterNanos)
    {
        this.startNanos = startNanos;
        this.stopNanos = startNanos + durationNanos;
        this.speedUpNanos = startNanos + speedUpAfterNanos;
    }

    boolean sourcesStopped(final long now)
    {
        return now - stopNanos >= 0;
    }

    boolean spedUp(final long now)
    {
        return now - speedUpNanos >= 0;
    }

    double seconds(final long now)
    {
        return (now - startNanos) / 1e9;
    }

    long startNanos()
    {
        return startNanos;
    }
}
