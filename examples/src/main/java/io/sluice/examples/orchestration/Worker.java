package io.sluice.examples.orchestration;

import io.sluice.queues.channel.OfferResult;
import io.sluice.runtime.graph.Outbox;
import io.sluice.runtime.graph.StageHandler;

import java.util.concurrent.locks.LockSupport;

/**
 * A worker agent: handles one task at a time, taking the task's service time times the worker's slowdown (simulated
 * reasoning or an external API call: the thread parks, as it would waiting for a reply). A task with transient
 * failures fails that many attempts first (after a quarter of its service time: a rate-limit reply), except an
 * {@code ackLost} task, whose failing attempt does the whole work and sends its result before it fails. A poison task
 * fails every attempt. A failure is a preallocated exception without a stack trace, so failing allocates nothing.
 * <p>
 * The stage around it retries, guards it with a circuit breaker, dead-letters poison tasks and drops redelivered tasks
 * it has already completed (dedup), so the handler only sees first deliveries and their retries. Since retries are
 * head of line, a call with the same id as the last call is the next attempt at that task.
 * <p>
 * Runs on the worker's thread; the counts may be read from any thread.
 */
final class Worker implements StageHandler<Task, Task>
{
    static final TaskFailure POISON = new TaskFailure("poison task: the input is rejected on every attempt");
    static final TaskFailure RATE_LIMITED = new TaskFailure("transient: rate limited by the external API");
    static final TaskFailure ACK_LOST =
        new TaskFailure("transient: the acknowledgement was lost after the result was sent");

    private final double slowdown;
    private long lastId = -1;
    private int attempt;

    private volatile long completed;
    private volatile long attempts;
    private volatile long resultsSentTwice;
    private volatile long busyNanos;

    /**
     * A worker of the given speed.
     *
     * @param slowdown factor on every task's service time: 1 for a normal worker, more for the slow one.
     */
    Worker(final double slowdown)
    {
        this.slowdown = slowdown;
    }

    @Override
    public void onMessage(final Task task, final Outbox<Task> outbox) throws TaskFailure
    {
        attempt = task.id() == lastId ? attempt + 1 : 1;
        lastId = task.id();
        attempts = attempts + 1;
        final long serviceNanos = (long)(task.serviceNanos() * slowdown);
        if (task.poison())
        {
            work(serviceNanos / 4);
            throw POISON;
        }
        if (attempt <= task.transientFailures())
        {
            if (task.ackLost())
            {
                work(serviceNanos);
                send(outbox, task);
                resultsSentTwice = resultsSentTwice + 1;
                throw ACK_LOST;
            }
            work(serviceNanos / 4);
            throw RATE_LIMITED;
        }
        work(serviceNanos);
        send(outbox, task);
        completed = completed + 1;
    }

    private void work(final long nanos)
    {
        final long start = System.nanoTime();
        final long until = start + nanos;
        long left;
        while ((left = until - System.nanoTime()) > 0)
        {
            LockSupport.parkNanos(left);
        }
        busyNanos = busyNanos + (System.nanoTime() - start);
    }

    private static void send(final Outbox<Task> outbox, final Task result)
    {
        // the results edge is BLOCK: an emit is taken or held in the outbox, ACCEPTED either way
        final int code = outbox.emit(result);
        if (code != OfferResult.ACCEPTED)
        {
            throw new IllegalStateException("result " + result.id() + " not taken: " + OfferResult.toString(code));
        }
    }

    /**
     * Tasks completed: attempts that succeeded and sent their result.
     */
    long completed()
    {
        return completed;
    }

    /**
     * Calls of the handler: first attempts and retries.
     */
    long attempts()
    {
        return attempts;
    }

    /**
     * Results sent by an attempt that then failed: the retry sends each again.
     */
    long resultsSentTwice()
    {
        return resultsSentTwice;
    }

    /**
     * Time spent working on tasks, failed attempts included.
     */
    long busyNanos()
    {
        return busyNanos;
    }

    /**
     * A simulated failure: preallocated, without a stack trace, shared by every worker (it is immutable).
     */
    static final class TaskFailure extends Exception
    {
        private static final long serialVersionUID = 1L;

        TaskFailure(final String message)
        {
            super(message, null, false, false);
        }
    }
}
