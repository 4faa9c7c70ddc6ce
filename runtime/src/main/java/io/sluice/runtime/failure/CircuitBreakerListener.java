package io.sluice.runtime.failure;

/**
 * Told of every state change of a {@link CircuitBreaker}.
 * <p>
 * <b>Note:</b> called on the breaker's owner thread, inside {@link CircuitBreaker#allowRequest()},
 * {@link CircuitBreaker#onSuccess()} or {@link CircuitBreaker#onFailure()}, after the new state and counters are
 * published; keep it short and do not throw (an exception propagates to the stage that called the breaker).
 */
@FunctionalInterface
public interface CircuitBreakerListener
{
    /**
     * The breaker changed state.
     *
     * @param breaker that changed state.
     * @param from    the state before.
     * @param to      the state now.
     */
    void onStateChange(CircuitBreaker breaker, CircuitBreakerState from, CircuitBreakerState to);
}
