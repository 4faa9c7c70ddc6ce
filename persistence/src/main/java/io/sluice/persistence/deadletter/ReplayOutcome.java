package io.sluice.persistence.deadletter;

/**
 * Why a {@link ReplayCursor#replay replay} call returned. In every case the cursor's mark is just after the last
 * record the target took, so the next call resumes there.
 */
public enum ReplayOutcome
{
    /** Every record in the store has been replayed; more may come later. */
    CAUGHT_UP,
    /** The call replayed as many records as it was allowed. */
    LIMIT_REACHED,
    /** The target stayed back-pressured past the deadline; the record it refused is replayed next time. */
    TIMED_OUT,
    /** The target is closed; the record it refused is replayed next time. */
    TARGET_CLOSED,
    /** The target refused a record with another code; that record is replayed next time. */
    TARGET_REFUSED,
    /**
     * The target was back-pressured and the call did not wait ({@link ReplayCursor#replayAvailable}); the record it
     * refused is offered first next time.
     */
    BACK_PRESSURED
}
