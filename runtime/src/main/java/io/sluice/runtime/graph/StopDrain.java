package io.sluice.runtime.graph;

/**
 * Thrown by a stage's own drain handler to end a channel drain early (a message is held for retry, or the outbox
 * holds emits): the channel counts what it delivered and lets the throw through. Preallocated, without a stack
 * trace; never seen outside the stage.
 */
final class StopDrain extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    static final StopDrain INSTANCE = new StopDrain();

    private StopDrain()
    {
        super("stop drain", null, false, false);
    }
}
