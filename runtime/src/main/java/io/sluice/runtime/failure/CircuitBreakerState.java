package io.sluice.runtime.failure;

/**
 * The three states of a {@link CircuitBreaker}: {@code CLOSED -> OPEN -> HALF_OPEN -> CLOSED}, or back from
 * {@code HALF_OPEN} to {@code OPEN} when a probe fails.
 */
public enum CircuitBreakerState
{
    /**
     * Normal operation: every request is allowed and failures are counted; enough failures within the window open
     * the breaker.
     */
    CLOSED,

    /**
     * Failing fast: requests are refused (and counted as rejected) until the open duration has passed.
     */
    OPEN,

    /**
     * Probing: one request at a time is allowed through; enough successful probes close the breaker, one failed probe
     * opens it again.
     */
    HALF_OPEN
}
