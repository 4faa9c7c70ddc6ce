package io.sluice.runtime.failure;

/**
 * Where a stage sends an object message it gives up on.
 * <p>
 * <b>Note:</b> called on the stage's thread with a {@link DeadLetter} the stage reuses for the next dead letter:
 * copy what must be kept before returning. A sink shared by several stages is called from several threads and must
 * be thread-safe. An exception thrown by the sink propagates to the stage's error handler.
 *
 * @param <E> type of the messages.
 */
@FunctionalInterface
public interface DeadLetterSink<E>
{
    /**
     * Take (a copy of) a dead letter.
     *
     * @param letter valid only during the call.
     */
    void onDeadLetter(DeadLetter<? extends E> letter);
}
