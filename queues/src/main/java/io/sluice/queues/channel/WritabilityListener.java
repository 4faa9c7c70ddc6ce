package io.sluice.queues.channel;

/**
 * Told when a channel turns unwritable (high water mark reached or credit exhausted) and writable again (back at
 * the low water mark with credit).
 * <p>
 * <b>Note:</b> called on the producer thread whose offer (or {@link Channel#isWritable()}) observed the change; for
 * a multi-producer channel that can be any producer thread, but calls are never concurrent and arrive in the order
 * of the transitions. It must not block and must not throw; it may call the channel's producer methods.
 */
@FunctionalInterface
public interface WritabilityListener
{
    /**
     * The channel's writability changed.
     *
     * @param channel  whose writability changed.
     * @param writable the new state.
     */
    void onWritabilityChanged(Channel channel, boolean writable);
}
