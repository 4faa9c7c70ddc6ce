package io.sluice.jmh.latency;

import java.util.concurrent.TimeUnit;

/**
 * The second thread of a latency benchmark (the echo of a ping-pong, the consumer of a response-time or slow-consumer
 * run): a daemon thread that calls {@link #doWork()} in a loop and spins with {@link Thread#onSpinWait()} whenever
 * there was nothing to do.
 * <p>
 * The benchmark thread controls it: {@link #pause(long)} returns once the agent has finished its current unit of work
 * and is spinning idle outside {@link #doWork()}, so the benchmark thread may then inspect (and drain) what the agent
 * consumes, with a happens-before edge both ways through the volatile hand-shake; {@link #resume(long)} lets it go on;
 * {@link #stop(long)} ends it and joins it. The control word is read only when {@link #doWork()} found nothing to do,
 * so it costs the hot path nothing. A failure of the agent is kept and rethrown by the controlling calls, and every
 * wait is bounded by a deadline.
 */
abstract class SpinAgent implements Runnable
{
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
    SpinAgent(final String name)
    {
        thread = new Thread(this, name);
        thread.setDaemon(true);
    }

    /**
     * One unit of work: poll once and handle what was found.
     *
     * @return true if there was something to do, false to spin once and check the control word.
     */
    abstract boolean doWork();

    /**
     * The agent thread's id, for allocation counters.
     *
     * @return the thread id.
     */
    final long threadId()
    {
        return thread.getId();
    }

    /**
     * Start the thread.
     */
    final void start()
    {
        thread.start();
    }

    /**
     * {@inheritDoc}
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
    final void pause(final long timeoutNanos)
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
    final void resume(final long timeoutNanos)
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
     * Controller: stop the agent and join its thread.
     *
     * @param timeoutNanos how long to wait for the thread to end.
     * @throws IllegalStateException if the agent failed or did not end in time.
     */
    final void stop(final long timeoutNanos)
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
    final void checkAlive(final long deadline, final String what)
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
        if (System.nanoTime() - deadline > 0)
        {
            throw new IllegalStateException(thread.getName() + ": deadline passed waiting for " + what);
        }
    }
}
