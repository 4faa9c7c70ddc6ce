package io.sluice.runtime.failure;

/**
 * What a stage does with a message it takes in while its {@link CircuitBreaker} refuses requests
 * ({@link CircuitBreaker#allowRequest()} returns false: the breaker is open, or half-open with a probe in flight).
 */
public enum BreakerOpenAction
{
    /**
     * Fail the message at once: hand it to the stage's dead-letter sink with {@link DeadLetterReason#BREAKER_OPEN},
     * no cause and zero attempts. The stage keeps draining its input, so the source is not slowed down.
     */
    DEAD_LETTER,

    /**
     * Drop the message and count it as shed. Nothing is kept; the count is the only record. The stage keeps draining
     * its input.
     */
    SHED,

    /**
     * Keep the message and take no more input until the breaker allows a request again, then hand the held message
     * to the handler first. The inbound channel fills up and its backpressure reaches the upstream stages, so
     * nothing is lost and order is kept, at the price of stalling the pipeline while the breaker is open.
     */
    HOLD
}
