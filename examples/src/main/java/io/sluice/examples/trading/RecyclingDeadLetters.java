package io.sluice.examples.trading;

import io.sluice.runtime.failure.DeadLetter;
import io.sluice.runtime.failure.DeadLetterReason;
import io.sluice.runtime.failure.DeadLetterSink;

/**
 * A stage's dead-letter sink that counts each letter by why it was given up and puts the message back into its
 * {@link Pool}: the letter is the last stop of its message. On the exchange stage it sorts the two expected kinds,
 * orders refused while the circuit breaker was open ({@link DeadLetterReason#BREAKER_OPEN}) and orders the exchange
 * rejected ({@link SimulatedExchange.Rejected}), from anything else (an unexpected handler failure).
 * <p>
 * <b>Note:</b> called on its stage's thread only (one sink per stage); the counts may be read from any thread.
 *
 * @param <T> type of the messages.
 */
final class RecyclingDeadLetters<T> implements DeadLetterSink<T>
{
    private final Pool<T> pool;
    private final Counter refusedByBreaker = new Counter();
    private final Counter rejectedByExchange = new Counter();
    private final Counter other = new Counter();

    RecyclingDeadLetters(final Pool<T> pool)
    {
        this.pool = pool;
    }

    @Override
    public void onDeadLetter(final DeadLetter<? extends T> letter)
    {
        if (letter.reason() == DeadLetterReason.BREAKER_OPEN)
        {
            refusedByBreaker.increment();
        }
        else if (letter.cause() == SimulatedExchange.Rejected.INSTANCE)
        {
            rejectedByExchange.increment();
        }
        else
        {
            other.increment();
        }
        pool.release(letter.message());
    }

    long refusedByBreaker()
    {
        return refusedByBreaker.get();
    }

    long rejectedByExchange()
    {
        return rejectedByExchange.get();
    }

    long other()
    {
        return other.get();
    }

    long total()
    {
        return refusedByBreaker() + rejectedByExchange() + other();
    }
}
