package io.sluice.jmh.support;

import java.util.concurrent.TimeUnit;

/**
 * The second thread of a two-thread benchmark (the consumer of a burst-cost, response-time or slow-consumer run, the
 * echo of a ping-pong): a daemon thread, so that a failed run cannot keep the fork alive, that calls
 * {@link #doWork()} in a loop and spins with {@link Thread#onSpinWait()} whenever there was nothing to do.
 * <p>
 * The benchmark thread controls it: {@link #start()} at the set-up; {@link #pause(long)} returns once the agent has
 * finished its current unit of work and is spinning idle outside {@link #doWork()}, so the benchmark thread may then
 * inspect (and drain) what the agent consumes, with a happens-before edge both ways through the volatile hand-shake;
 * {@link #resume(long)} lets it go on; {@link #stop(long)} ends it and joins it. The control word is read only when
 * {@link #doWork()} found nothing to do, so it costs the hot path nothing. A failure of the agent is kept and rethrown
 * by the controlling calls and by the checks of the benchmark thread's own waits ({@link #checkAlive(long, String)},
 * {@link #checkWait(long, long, String)}), and every wait is bounded by a deadline.
 */
public abstract class SpinAgent implements Runnable
{
    /**
     * Spins between two clock reads of a bounded wait that must keep the clock out of its loop (a power of two minus
     * one, as a mask): see {@link #checkWait(long, long, String)}.
     */
    public static final int SPINS_PER_CLOCK_READ_MASK = (1 << 16) - 1;

    private static final int RUN = 0;
    private static final int PAUSE = 1;
    private static final int STOP = 2;

    private final Thread thread;
    private volatile int control = RUN;
    private volatile boolean paused;
    private volatile Throwable failure;

    /**
     * Create the agent; {@link #start()} starts its thread.
     *
     * @param name of the thread.
     */
    protected SpinAgent(final String name)
    {
        thread = new Thread(this, name);
        thread.setDaemon(true);
    }

    /**
     * One unit of work: poll once and handle what was found. Runs on the agent's thread only.
     *
     * @return true if there was something to do, false to spin once and check the control word.
     */
    protected abstract boolean doWork();

    /**
     * The agent thread's id, for allocation counters.
     *
     * @return the thread id.
     */
    public final long threadId()
    {
        return thread.getId();
    }

    /**
     * Controller: start the thread.
     */
    public final void start()
    {
        thread.start();
    }

    /**
     * The agent's loop: {@link #doWork()} until stopped, spinning whenever it found nothing to do.
     */
    @Override
    public final void run()
    {
        try
        {
            while (true)
            {
                if (doWork())
                {
                    continue;
                }
                final int c = control;
                if (c == RUN)
                {
                    Thread.onSpinWait();
                }
                else if (c == PAUSE)
                {
                    paused = true;
                    while (control == PAUSE)
                    {
                        Thread.onSpinWait();
                    }
                    paused = false;
                }
                else
                {
                    return;
                }
            }
        }
        catch (final Throwable ex)
        {
            failure = ex;
        }
    }

    /**
     * Controller: wait until the agent is idle outside {@link #doWork()}; everything it did before is visible to the
     * caller afterwards, and it does nothing until {@link #resume(long)}.
     *
     * @param timeoutNanos how long to wait.
     * @throws IllegalStateException if the agent failed or did not pause in time.
     */
    public final void pause(final long timeoutNanos)
    {
        control = PAUSE;
        final long deadline = System.nanoTime() + timeoutNanos;
        while (!paused)
        {
            checkAlive(deadline, "pause");
            Thread.onSpinWait();
        }
    }

    /**
     * Controller: let a paused agent go on, and wait until it has left its pause (so that a later {@link #pause(long)}
     * cannot mistake the old pause for a new one); what the caller did while it was paused is visible to the agent.
     *
     * @param timeoutNanos how long to wait.
     * @throws IllegalStateException if the agent failed or did not leave its pause in time.
     */
    public final void resume(final long timeoutNanos)
    {
        control = RUN;
        final long deadline = System.nanoTime() + timeoutNanos;
        while (paused)
        {
            checkAlive(deadline, "resume");
            Thread.onSpinWait();
        }
    }

    /**
     * Controller: stop the agent and join its thread. The agent reads the stop only when {@link #doWork()} found
     * nothing to do, so whatever was left for it to consume is consumed first.
     *
     * @param timeoutNanos how long to wait for the thread to end.
     * @throws IllegalStateException if the agent failed or did not end in time.
     */
    public final void stop(final long timeoutNanos)
    {
        control = STOP;
        try
        {
            thread.join(TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + 1);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(thread.getName() + ": interrupted while stopping", ex);
        }
        if (thread.isAlive())
        {
            throw new IllegalStateException(thread.getName() + ": did not stop within " + timeoutNanos + " ns");
        }
        final Throwable ex = failure;
        if (null != ex)
        {
            throw new IllegalStateException(thread.getName() + " failed", ex);
        }
    }

    /**
     * Controller, inside a bounded wait: throw if the agent has failed, has ended, or the deadline has passed.
     *
     * @param deadline in {@link System#nanoTime()}.
     * @param what     the caller was waiting for, for the message.
     * @throws IllegalStateException if so.
     */
    public final void checkAlive(final long deadline, final String what)
    {
        checkRunning(what);
        if (System.nanoTime() - deadline > 0)
        {
            throw new IllegalStateException(thread.getName() + ": deadline passed waiting for " + what);
        }
    }

    /**
     * Controller, inside a bounded wait that reads the clock only once every {@link #SPINS_PER_CLOCK_READ_MASK} + 1
     * spins, so that its loop has no clock read: throw if the agent has failed or has ended, then start the wait's
     * deadline on its first call or check it on the later ones.
     *
     * @param deadline     0 on the first call of a wait, then what the previous call returned.
     * @param timeoutNanos how long the wait may last, from its first call.
     * @param what         the caller is waiting for, for the message.
     * @return the deadline, in {@link System#nanoTime()}.
     * @throws IllegalStateException if the agent failed or ended, or the deadline passed.
     */
    public final long checkWait(final long deadline, final long timeoutNanos, final String what)
    {
        checkRunning(what);
        final long now = System.nanoTime();
        if (deadline == 0)
        {
            return now + timeoutNanos;
        }
        if (now - deadline > 0)
        {
            throw new IllegalStateException(thread.getName() + ": no progress within " + timeoutNanos +
                " ns waiting for " + what);
        }
        return deadline;
    }

    private void checkRunning(final String what)
    {
        final Throwable ex = failure;
        if (null != ex)
        {
            throw new IllegalStateException(thread.getName() + " failed while the benchmark waited for " + what, ex);
        }
        if (!thread.isAlive())
        {
            throw new IllegalStateException(thread.getName() + " is not running; the benchmark waited for " + what);
        }
    }
}
