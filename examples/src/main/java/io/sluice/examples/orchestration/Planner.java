package io.sluice.examples.orchestration;

import io.sluice.queues.channel.OfferResult;
import io.sluice.runtime.failure.InMemoryDeadLetterSink;
import io.sluice.runtime.failure.InMemoryDeadLetterSink.Entry;
import io.sluice.runtime.graph.Outbox;
import io.sluice.runtime.graph.SourceHandler;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * The planner: a source that issues tasks as fast as its edges let it, then simulates a crash and restart.
 * <ol>
 *     <li><b>Issuing</b>: each duty cycle the graph passes the room of the planner's edges as {@code limit} (the
 *     smallest room of the worker edges, since every edge is {@code BLOCK}); the planner issues that many tasks, each
 *     routed to worker {@code id mod workers}. A full edge to the slowest worker leaves it no room, so it issues at
 *     that worker's pace. It stops after {@code tasks} tasks or {@code issueNanos} of issuing.</li>
 *     <li><b>Settling</b>: it waits until every task issued is settled (its result applied or its letter in the
 *     dead-letter queue).</li>
 *     <li><b>Redelivering</b>: the crash. Its checkpoint was {@code redeliver} tasks behind, so on restart it issues
 *     the last {@code redeliver} tasks again, leaving out those it finds in the dead-letter queue: every one of them
 *     is already complete, and the workers' dedup windows must drop them.</li>
 * </ol>
 * Task contents are drawn from a {@link SplittableRandom} seeded with {@code seed}, in id order, so a seed gives the
 * same tasks (kinds, service times, failures) on every run. Runs on the planner's thread; the counts may be read from
 * any thread.
 */
final class Planner implements SourceHandler<Task>
{
    private static final int ISSUING = 0;
    private static final int SETTLING = 1;
    private static final int REDELIVERING = 2;
    private static final int DONE = 3;
    private static final Task.Kind[] KINDS = Task.Kind.values();

    private final SplittableRandom random;
    private final long tasks;
    private final long issueNanos;
    private final double poisonShare;
    private final double transientShare;
    private final double ackLostShare;
    private final Task[] recent;
    private final LongSupplier settled;
    private final InMemoryDeadLetterSink<Task> deadLetters;
    private Task[] redelivery;
    private int redeliveryNext;
    private long nextId;
    private int phase = ISSUING;

    private volatile long issued;
    private volatile long poisonIssued;
    private volatile long redelivered;
    private volatile long issueStartNs;
    private volatile long issueEndNs;
    private volatile long settledNs;

    /**
     * A planner that has issued nothing yet.
     *
     * @param seed           of the task contents.
     * @param tasks          tasks to issue, or {@link Long#MAX_VALUE} to issue for {@code issueNanos}.
     * @param issueNanos     how long to issue, or {@link Long#MAX_VALUE} to issue {@code tasks}.
     * @param poisonShare    share of tasks that always fail, 0..1.
     * @param transientShare share of tasks that fail once or twice before they succeed.
     * @param ackLostShare   share of tasks whose first attempt fails after it sent its result.
     * @param redeliver      tasks the restarted planner issues again.
     * @param settled        tasks settled so far (results applied + letters dead-lettered).
     * @param deadLetters    the dead-letter queue the restarted planner consults.
     */
    Planner(
        final long seed,
        final long tasks,
        final long issueNanos,
        final double poisonShare,
        final double transientShare,
        final double ackLostShare,
        final int redeliver,
        final LongSupplier settled,
        final InMemoryDeadLetterSink<Task> deadLetters)
    {
        this.random = new SplittableRandom(seed);
        this.tasks = tasks;
        this.issueNanos = issueNanos;
        this.poisonShare = poisonShare;
        this.transientShare = transientShare;
        this.ackLostShare = ackLostShare;
        this.recent = new Task[redeliver];
        this.settled = settled;
        this.deadLetters = deadLetters;
    }

    @Override
    public int produce(final Outbox<Task> outbox, final int limit)
    {
        switch (phase)
        {
            case ISSUING:
                return issue(outbox, limit);
            case SETTLING:
                return settle();
            case REDELIVERING:
                return redeliver(outbox, limit);
            default:
                return END_OF_STREAM;
        }
    }

    private int issue(final Outbox<Task> outbox, final int limit)
    {
        final long now = System.nanoTime();
        if (0 == issueStartNs)
        {
            issueStartNs = now;
        }
        if (nextId >= tasks || now - issueStartNs >= issueNanos)
        {
            issueEndNs = now;
            phase = SETTLING;
            return 1;
        }
        final int count = (int)Math.min(limit, tasks - nextId);
        long poison = 0;
        for (int i = 0; i < count; i++)
        {
            final Task task = next();
            if (task.poison())
            {
                poison++;
            }
            if (recent.length > 0)
            {
                recent[(int)(task.id() % recent.length)] = task;
            }
            send(outbox, task);
        }
        poisonIssued = poisonIssued + poison;
        issued = nextId;
        return count;
    }

    private Task next()
    {
        final long id = nextId++;
        final Task.Kind kind = KINDS[random.nextInt(KINDS.length)];
        final long payload = random.nextLong();
        // variable: from half to one and a half times the kind's base time
        final long serviceNanos = (long)(kind.baseNanos() * (0.5 + random.nextDouble()));
        final double draw = random.nextDouble();
        final int failures = 1 + random.nextInt(2);
        if (draw < poisonShare)
        {
            return new Task(id, kind, payload, serviceNanos, 0, false, true);
        }
        if (draw < poisonShare + transientShare)
        {
            return new Task(id, kind, payload, serviceNanos, failures, false, false);
        }
        if (draw < poisonShare + transientShare + ackLostShare)
        {
            return new Task(id, kind, payload, serviceNanos, 1, true, false);
        }
        return new Task(id, kind, payload, serviceNanos, 0, false, false);
    }

    private int settle()
    {
        if (settled.getAsLong() < issued)
        {
            return 0;
        }
        settledNs = System.nanoTime();
        // cold path, once: the restart reads the dead-letter queue and skips what it holds
        final Set<Long> dead = new HashSet<>();
        for (final Entry<Task> letter : deadLetters.letters())
        {
            dead.add(letter.message().id());
        }
        final long from = Math.max(0, nextId - recent.length);
        final Task[] again = new Task[(int)(nextId - from)];
        int count = 0;
        for (long id = from; id < nextId; id++)
        {
            final Task task = recent[(int)(id % recent.length)];
            if (!dead.contains(task.id()))
            {
                again[count++] = task;
            }
        }
        redelivery = Arrays.copyOf(again, count);
        phase = REDELIVERING;
        return 1;
    }

    private int redeliver(final Outbox<Task> outbox, final int limit)
    {
        if (redeliveryNext == redelivery.length)
        {
            phase = DONE;
            return END_OF_STREAM;
        }
        final int count = Math.min(limit, redelivery.length - redeliveryNext);
        for (int i = 0; i < count; i++)
        {
            send(outbox, redelivery[redeliveryNext++]);
        }
        redelivered = redeliveryNext;
        return count;
    }

    private static void send(final Outbox<Task> outbox, final Task task)
    {
        // on BLOCK edges an emit within the limit is taken or held in the outbox: ACCEPTED either way
        final int result = outbox.emit(task);
        if (result != OfferResult.ACCEPTED)
        {
            throw new IllegalStateException("task " + task.id() + " not taken: " + OfferResult.toString(result));
        }
    }

    long issued()
    {
        return issued;
    }

    long poisonIssued()
    {
        return poisonIssued;
    }

    long redelivered()
    {
        return redelivered;
    }

    long issueStartNs()
    {
        return issueStartNs;
    }

    /**
     * When the planner stopped issuing new tasks; 0 while it issues.
     */
    long issueEndNs()
    {
        return issueEndNs;
    }

    /**
     * When every task issued was settled; 0 before.
     */
    long settledNs()
    {
        return settledNs;
    }
}
