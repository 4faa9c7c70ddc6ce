package io.sluice.examples.orchestration;

/**
 * One task the planner hands to a worker. Immutable: the planner creates it, the worker emits the same object as its
 * result, and a redelivery sends it again.
 *
 * @param id                dense from 0 in issue order; the route key (worker {@code id mod workers}) and the dedup id.
 * @param kind              what the task asks for; sets its base service time.
 * @param payload           the task's input (opaque here).
 * @param serviceNanos      time the task takes on a worker of normal speed.
 * @param transientFailures attempts that fail before one succeeds (0 for most tasks).
 * @param ackLost           the failing attempt fails after its result was sent (its acknowledgement was lost), so the
 *                          retry sends the result a second time.
 * @param poison            every attempt fails: the task ends in the dead-letter queue.
 */
record Task(
    long id,
    Kind kind,
    long payload,
    long serviceNanos,
    int transientFailures,
    boolean ackLost,
    boolean poison)
{
    /**
     * What a task asks a worker to do, with the base service time of a worker of normal speed.
     */
    enum Kind
    {
        SEARCH(300_000L),
        SUMMARISE(500_000L),
        TOOL_CALL(700_000L),
        REASON(1_000_000L);

        private final long baseNanos;

        Kind(final long baseNanos)
        {
            this.baseNanos = baseNanos;
        }

        long baseNanos()
        {
            return baseNanos;
        }
    }
}
