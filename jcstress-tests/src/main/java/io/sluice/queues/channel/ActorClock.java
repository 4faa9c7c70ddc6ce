package io.sluice.queues.channel;

import org.agrona.concurrent.NanoClock;

/**
 * A clock that tells the wait probe which thread read it: each actor binds its thread to a slot and sets the value
 * its next reads return (a producer sets the id of the message it is about to offer, so a stamp names its message);
 * any thread not bound, and every thread once {@link #consumerEverywhere()} was called, reads {@link #CONSUMER_NOW}.
 * A sample is then {@code CONSUMER_NOW - stamp}: exactly which stamp a sample used is known from its value alone, and
 * the slot's initial -1 shows as {@code CONSUMER_NOW + 1}.
 * <p>
 * Slot {@code i} is written by the thread bound to it only; another thread reads the slot's owner racily but can never
 * mistake itself for it (it sees null or the owner), so it reads {@link #CONSUMER_NOW}, which is right for it.
 */
final class ActorClock implements NanoClock
{
    /** What the consumer's thread reads: far above every message id and every test value. */
    static final long CONSUMER_NOW = 1_000_000L;

    static final int MAX_ACTORS = 3;

    private final Thread[] owners = new Thread[MAX_ACTORS];
    private final long[] now = new long[MAX_ACTORS];
    private boolean consumerEverywhere;

    /**
     * Bind the calling thread to {@code actor}; its reads return {@link #CONSUMER_NOW} until {@link #set} says
     * otherwise.
     */
    void bind(final int actor)
    {
        now[actor] = CONSUMER_NOW;
        owners[actor] = Thread.currentThread();
    }

    /**
     * What reads by the thread bound to {@code actor} return from now on (that thread only).
     */
    void set(final int actor, final long value)
    {
        now[actor] = value;
    }

    /**
     * Arbiter: every thread reads {@link #CONSUMER_NOW} from now on (jcstress may run the arbiter on an actor's thread,
     * and the arbiter drains as the consumer).
     */
    void consumerEverywhere()
    {
        consumerEverywhere = true;
    }

    @Override
    public long nanoTime()
    {
        if (!consumerEverywhere)
        {
            final Thread thread = Thread.currentThread();
            for (int i = 0; i < MAX_ACTORS; i++)
            {
                if (owners[i] == thread)
                {
                    return now[i];
                }
            }
        }
        return CONSUMER_NOW;
    }
}
