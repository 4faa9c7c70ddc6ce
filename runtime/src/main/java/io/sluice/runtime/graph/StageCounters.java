package io.sluice.runtime.graph;

/**
 * A snapshot of one stage's counters, filled by {@link Graph#stageCounters(String, StageCounters)} without
 * allocation. A stage publishes its counters at the end of each duty cycle that did work, so a snapshot is at most one
 * cycle old. Every message a stage takes from its inbound edges ends in exactly one place, so at rest:
 * <pre>
 * received = succeeded + deadLettered + shed + duplicates + retrying
 * </pre>
 * ({@link #isConserved()}); {@code retrying} is the one message a stage may hold for a retry or an open breaker.
 * While the stage works, a snapshot may show {@code received} ahead of the sum (messages taken whose outcome it has
 * not seen yet), never behind it.
 */
public final class StageCounters
{
    long received;
    long succeeded;
    long failedAttempts;
    long retries;
    long deadLettered;
    long shed;
    long duplicates;
    long retrying;
    long held;
    long emitted;
    long dutyCycles;
    long busyCycles;
    boolean done;

    /**
     * An empty snapshot to fill.
     */
    public StageCounters()
    {
    }

    /**
     * Messages taken from the inbound edges (zero for a source).
     *
     * @return messages received.
     */
    public long received()
    {
        return received;
    }

    /**
     * Messages whose handler returned normally, on the first attempt or a retry.
     *
     * @return messages handled.
     */
    public long succeeded()
    {
        return succeeded;
    }

    /**
     * Handler calls that threw.
     *
     * @return failed attempts.
     */
    public long failedAttempts()
    {
        return failedAttempts;
    }

    /**
     * Attempts after the first.
     *
     * @return retries made.
     */
    public long retries()
    {
        return retries;
    }

    /**
     * Messages handed to the dead-letter sink: retries exhausted, or failed while the breaker was open.
     *
     * @return messages dead-lettered.
     */
    public long deadLettered()
    {
        return deadLettered;
    }

    /**
     * Messages dropped because the breaker was open and its action is {@code SHED}.
     *
     * @return messages shed.
     */
    public long shed()
    {
        return shed;
    }

    /**
     * Messages dropped as repeats by the dedup window.
     *
     * @return duplicates dropped.
     */
    public long duplicates()
    {
        return duplicates;
    }

    /**
     * Messages held for a retry or an open breaker: 0 or 1.
     *
     * @return messages waiting for another attempt.
     */
    public long retrying()
    {
        return retrying;
    }

    /**
     * Emitted messages held in the outbox for an edge that had no room.
     *
     * @return messages held in the outbox.
     */
    public long held()
    {
        return held;
    }

    /**
     * Messages sent to outbound edges (one per edge reached), including those sent from the outbox later.
     *
     * @return messages emitted.
     */
    public long emitted()
    {
        return emitted;
    }

    /**
     * Duty cycles the stage has run (idle ones included).
     *
     * @return duty cycles.
     */
    public long dutyCycles()
    {
        return dutyCycles;
    }

    /**
     * Duty cycles that did work; with {@link #dutyCycles()} this gives how busy the stage is.
     *
     * @return busy duty cycles.
     */
    public long busyCycles()
    {
        return busyCycles;
    }

    /**
     * Whether the stage has finished: its inputs ended (or, for a source, it stopped), nothing is held, and its
     * outbound edges are closed.
     *
     * @return true once done.
     */
    public boolean done()
    {
        return done;
    }

    /**
     * The conservation identity of a stage; holds at rest (a snapshot taken while the stage works may show received
     * ahead of the sum).
     *
     * @return true if every received message is accounted for.
     */
    public boolean isConserved()
    {
        return received == succeeded + deadLettered + shed + duplicates + retrying;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "StageCounters{received=" + received + ", succeeded=" + succeeded + ", failedAttempts=" +
            failedAttempts + ", retries=" + retries + ", deadLettered=" + deadLettered + ", shed=" + shed +
            ", duplicates=" + duplicates + ", retrying=" + retrying + ", held=" + held + ", emitted=" + emitted +
            ", dutyCycles=" + dutyCycles + ", busyCycles=" + busyCycles +
            ", done=" + done + '}';
    }
}
