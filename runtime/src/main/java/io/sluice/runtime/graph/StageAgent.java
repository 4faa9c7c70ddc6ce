package io.sluice.runtime.graph;

import io.sluice.queues.channel.Channel;
import io.sluice.queues.channel.CreditMode;
import io.sluice.runtime.failure.BreakerOpenAction;
import io.sluice.runtime.failure.CircuitBreaker;
import io.sluice.runtime.failure.DedupWindow;
import io.sluice.runtime.failure.RetryPolicy;
import io.sluice.runtime.metrics.LatencyRecorder;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The duty cycle every stage shares, whatever it carries. One cycle:
 * <ol>
 *     <li>send what the outbox holds; while anything is still held, take no input;</li>
 *     <li>if a message waits for a retry (or for an open breaker to let it through), try it when its time has
 *     come; until it succeeds or is dead-lettered, take no input (head of line: edge order is kept);</li>
 *     <li>take at most {@code min(batch, room)} messages, where room is the smallest room of the outbound edges
 *     that propagate backpressure, round-robin across inbound edges; manual-credit inbound edges are granted up to
 *     that room (request-n follows the room downstream);</li>
 *     <li>re-read the outbound edges' room, so an edge the cycle filled to its high water mark turns unwritable
 *     (and is timed as such) at once;</li>
 *     <li>once every inbound edge is at end of stream (a source: once stopped) and nothing is held, close the
 *     outbound edges (the last producer of an edge closes it) and finish.</li>
 * </ol>
 * The agent never blocks and never allocates in a cycle; failures allocate only what the user's exception does.
 */
abstract class StageAgent implements Agent
{
    enum Role
    {
        SOURCE, STAGE, SINK
    }

    // slots of the published counters, padded from the agent's other fields
    private static final int RECEIVED = 16;
    private static final int SUCCEEDED = 17;
    private static final int FAILED_ATTEMPTS = 18;
    private static final int RETRIES = 19;
    private static final int DEAD_LETTERED = 20;
    private static final int SHED = 21;
    private static final int DUPLICATES = 22;
    private static final int RETRYING = 23;
    private static final int DUTY_CYCLES = 24;
    private static final int BUSY_CYCLES = 25;
    private static final int COUNTER_SLOTS = 16 + 10 + 16;
    private static final VarHandle COUNTER = MethodHandles.arrayElementVarHandle(long[].class);

    final String name;
    final Role role;
    final Edge[] inbound;
    final Edge[] outbound;
    final int batch;
    final RetryPolicy retryPolicy;
    final CircuitBreaker breaker;
    final BreakerOpenAction openAction;
    final DedupWindow dedup;
    final NanoClock nanoClock;
    final EpochNanoClock epochClock;
    final ErrorHandler errorHandler;
    final GraphControl control;
    final StageOutbox stageOutbox;
    private final boolean[] manualCredit;
    private final long[] published = new long[COUNTER_SLOTS];

    // service time: every (mask + 1)-th received message is timed; a mask of -1 never matches a count >= 1
    LatencyRecorder serviceTime;
    long serviceSampleMask = -1L;

    // counted plainly by the agent's thread, published once per duty cycle (readers see them at most a cycle late)
    long dutyCycles;
    long busyCycles;
    long received;
    long succeeded;
    long failedAttempts;
    long retries;
    long deadLettered;
    long shed;
    long duplicates;
    private int nextInbound;
    private boolean sourceEnded;
    private volatile boolean done;

    // the message held for a retry or an open breaker (its body is kept by the subclass)
    boolean retrying;
    // set when an open breaker refused the held message on this re-check (HOLD): the re-check is then no work
    private boolean refusedByBreaker;
    // name of the inbound edge the message in hand came from ("" for none); set before each drain and left alone
    // while a message is held, since nothing is drained until the held message succeeds or is dead-lettered
    String currentEdge = "";
    int heldAttempts;
    long heldFirstAttemptEpochNs;
    long retryAtNs;

    StageAgent(final StageSpec<?, ?> spec, final Role role, final Edge[] inbound, final Edge[] outbound,
        final GraphControl control, final StageOutbox stageOutbox)
    {
        this.stageOutbox = stageOutbox;
        this.name = spec.name;
        this.role = role;
        this.inbound = inbound;
        this.outbound = outbound;
        this.batch = spec.batch;
        this.retryPolicy = spec.retryPolicy;
        this.breaker = spec.breaker;
        this.openAction = spec.openAction;
        this.dedup = spec.dedupWindow > 0 ? new DedupWindow(spec.dedupWindow) : null;
        this.control = control;
        this.nanoClock = control.nanoClock;
        this.epochClock = control.epochClock;
        this.errorHandler = control.errorHandler;
        this.manualCredit = new boolean[inbound.length];
        for (int i = 0; i < inbound.length; i++)
        {
            manualCredit[i] = inbound[i].channel.creditMode() == CreditMode.MANUAL;
        }
    }

    @Override
    public String roleName()
    {
        return name;
    }

    @Override
    public final int doWork()
    {
        if (done)
        {
            return 0;
        }
        final int work = cycle();
        COUNTER.setRelease(published, DUTY_CYCLES, ++dutyCycles);
        if (work > 0)
        {
            busyCycles++;
            publish();
        }
        return work;
    }

    private int cycle()
    {
        int work = stageOutbox.flush();
        if (!stageOutbox.isEmpty())
        {
            return work;
        }
        if (retrying)
        {
            if (nanoClock.nanoTime() - retryAtNs < 0)
            {
                return work;
            }
            refusedByBreaker = false;
            final boolean held = retryHeld() || !stageOutbox.isEmpty();
            if (!refusedByBreaker)
            {
                work++;
            }
            if (held)
            {
                // a re-check an open breaker refused did nothing: no work, so the idle strategy backs off
                return work;
            }
        }
        final int room = stageOutbox.room();
        final int limit = Math.min(batch, room);
        if (role == Role.SOURCE)
        {
            final int produced = sourceWork(limit);
            if (produced > 0 && room <= batch)
            {
                stageOutbox.room();
            }
            return work + produced;
        }

        grantCredits(limit);
        int taken = 0;
        if (limit > 0)
        {
            taken = drainInbound(limit);
            if (taken > 0 && room <= batch)
            {
                // the room bound the take: re-read it, so an edge this cycle filled to its high water mark turns
                // unwritable now (counted, timed, the listener told), not at the next offer
                stageOutbox.room();
            }
        }
        if (taken == 0 && !retrying && stageOutbox.isEmpty() && inboundEnded())
        {
            finish();
            return work + 1;
        }
        return work + taken;
    }

    /**
     * Publish the plain counters for readers on other threads. Order matters: received first, then the retrying
     * flag, then the outcomes, each a release store; {@link #counters(StageCounters)} reads them in the reverse
     * order with acquire loads, so a reader that sees an outcome sees the flag and the received count of the same
     * or a later publication, and {@code received >= succeeded + deadLettered + shed + duplicates + retrying} holds
     * in every snapshot, with equality at rest.
     */
    private void publish()
    {
        final long[] published = this.published;
        COUNTER.setRelease(published, RECEIVED, received);
        COUNTER.setRelease(published, RETRYING, retrying ? 1L : 0L);
        COUNTER.setRelease(published, SUCCEEDED, succeeded);
        COUNTER.setRelease(published, DEAD_LETTERED, deadLettered);
        COUNTER.setRelease(published, SHED, shed);
        COUNTER.setRelease(published, DUPLICATES, duplicates);
        COUNTER.setRelease(published, FAILED_ATTEMPTS, failedAttempts);
        COUNTER.setRelease(published, RETRIES, retries);
        COUNTER.setRelease(published, BUSY_CYCLES, busyCycles);
        stageOutbox.publish();
    }

    private int sourceWork(final int limit)
    {
        if (sourceEnded || control.isClosing())
        {
            finish();
            return 1;
        }
        if (limit <= 0)
        {
            return 0;
        }
        try
        {
            final int produced = produce(limit);
            if (produced < 0)
            {
                sourceEnded = true;
                return 1;
            }
            return produced;
        }
        catch (final Exception ex)
        {
            errorHandler.onError(ex);
            return 1;
        }
    }

    private void grantCredits(final int room)
    {
        final boolean[] manualCredit = this.manualCredit;
        for (int i = 0; i < manualCredit.length; i++)
        {
            if (manualCredit[i])
            {
                final Channel channel = inbound[i].channel;
                final long credits = channel.credits();
                if (credits < room && !channel.isClosed())
                {
                    channel.request(room - credits);
                }
            }
        }
    }

    private int drainInbound(final int limit)
    {
        final Edge[] inbound = this.inbound;
        final int n = inbound.length;
        final long before = received;
        final int first = nextInbound;
        nextInbound = first + 1 == n ? 0 : first + 1;
        try
        {
            for (int i = 0; i < n; i++)
            {
                final int taken = (int)(received - before);
                if (taken >= limit)
                {
                    break;
                }
                final int index = first + i < n ? first + i : first + i - n;
                final Edge edge = inbound[index];
                currentEdge = edge.name;
                drain(edge, limit - taken);
            }
        }
        catch (final StopDrain stop)
        {
            // a message is held for retry, or the outbox holds emits: take nothing more this cycle
        }
        return (int)(received - before);
    }

    private boolean inboundEnded()
    {
        for (final Edge edge : inbound)
        {
            if (!edge.channel.isEndOfStream())
            {
                return false;
            }
        }
        return true;
    }

    private void finish()
    {
        publish();
        for (final Edge edge : outbound)
        {
            edge.producerFinished();
        }
        done = true;
    }

    /**
     * After a message is taken: throw {@link StopDrain} if it is held or the outbox holds emits, so the channel
     * stops handing out messages this cycle.
     */
    final void afterMessage(final boolean held)
    {
        if (held || !stageOutbox.isEmpty())
        {
            throw StopDrain.INSTANCE;
        }
    }

    /**
     * Whether the breaker (if any) lets an attempt through; if not, apply the open action.
     *
     * @return true to attempt, false if the action took the message (dead letter, shed) or holds it.
     */
    final boolean breakerAllows()
    {
        return null == breaker || breaker.allowRequest();
    }

    final void onSuccess()
    {
        if (null != breaker)
        {
            breaker.onSuccess();
        }
        succeeded++;
    }

    /**
     * Account a failed attempt; decide between another attempt later and the dead-letter sink.
     *
     * @return true if the message is to be held for a retry.
     */
    final boolean onFailure(final Exception ex, final int attemptsBefore)
    {
        failedAttempts++;
        if (null != breaker)
        {
            breaker.onFailure();
        }
        errorHandler.onError(ex);
        final int attempts = attemptsBefore + 1;
        if (attemptsBefore == 0)
        {
            heldFirstAttemptEpochNs = epochClock.nanoTime();
        }
        heldAttempts = attempts;
        if (attempts >= retryPolicy.maxAttempts())
        {
            return false;
        }
        retryAtNs = nanoClock.nanoTime() + retryPolicy.delayNanos(attempts);
        return true;
    }

    final void holdForBreaker(final int attemptsBefore)
    {
        if (attemptsBefore == 0)
        {
            heldFirstAttemptEpochNs = epochClock.nanoTime();
        }
        heldAttempts = attemptsBefore;
        retryAtNs = nanoClock.nanoTime();
        refusedByBreaker = true;
    }

    private long counter(final int counter)
    {
        return (long)COUNTER.getAcquire(published, counter);
    }

    /**
     * Time the handler for one received message in {@code recorder.sampleInterval()} (set at build, before start).
     */
    void sampleServiceTime(final LatencyRecorder recorder)
    {
        serviceTime = recorder;
        serviceSampleMask = recorder.sampleInterval() - 1L;
    }

    boolean isDone()
    {
        return done;
    }

    /**
     * Fill a snapshot (any thread): the counters as of the end of the agent's last duty cycle that did work.
     */
    StageCounters counters(final StageCounters into)
    {
        // the reverse of publish(): outcomes, then the flag, then received (see publish)
        into.done = done;
        into.retries = counter(RETRIES);
        into.failedAttempts = counter(FAILED_ATTEMPTS);
        into.duplicates = counter(DUPLICATES);
        into.shed = counter(SHED);
        into.deadLettered = counter(DEAD_LETTERED);
        into.succeeded = counter(SUCCEEDED);
        into.retrying = counter(RETRYING);
        into.received = counter(RECEIVED);
        into.busyCycles = counter(BUSY_CYCLES);
        into.dutyCycles = counter(DUTY_CYCLES);
        into.held = stageOutbox.heldSnapshot();
        into.emitted = stageOutbox.emittedSnapshot();
        return into;
    }

    /** Drain up to limit messages from one edge; may end early with {@link StopDrain}. */
    abstract void drain(Edge edge, int limit);

    /** Try the held message again; true if it is still held. */
    abstract boolean retryHeld();

    /** A source's produce call. */
    abstract int produce(int limit) throws Exception;
}
