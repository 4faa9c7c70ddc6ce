package io.sluice.runtime.failure;

/**
 * Where a stage sends a binary message it gives up on.
 * <p>
 * <b>Note:</b> called on the stage's thread with a {@link BinaryDeadLetter} flyweight the stage reuses, over bytes
 * that are only valid during the call: copy what must be kept before returning. A sink shared by several stages is
 * called from several threads and must be thread-safe. An exception thrown by the sink propagates to the stage's
 * error handler.
 */
@FunctionalInterface
public interface BinaryDeadLetterSink
{
    /**
     * Take (a copy of) a dead letter.
     *
     * @param letter valid only during the call, with its bytes.
     */
    void onDeadLetter(BinaryDeadLetter letter);
}
