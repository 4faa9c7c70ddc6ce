package io.sluice.runtime.failure;

/**
 * Why a message became a dead letter.
 */
public enum DeadLetterReason
{
    /**
     * The handler failed the message {@link RetryPolicy#maxAttempts()} times; the dead letter carries the last
     * cause.
     */
    RETRIES_EXHAUSTED,

    /**
     * The stage's {@link CircuitBreaker} refused the message and its {@link BreakerOpenAction} is
     * {@link BreakerOpenAction#DEAD_LETTER}; the dead letter has no cause and zero attempts.
     */
    BREAKER_OPEN
}
