package io.sluice.queues.channel;

/**
 * Receives the wait time (offer to delivery) of sampled messages, on the consumer's thread, inside its drain. An
 * implementation must not block or allocate; the runtime's records into an HdrHistogram recorder.
 *
 * @see ChannelBuilder#waitTimeSampling(int, WaitTimeRecorder)
 */
@FunctionalInterface
public interface WaitTimeRecorder
{
    /**
     * Record one sample.
     *
     * @param nanos time the message spent in the channel, from the producer's reservation to the consumer's
     *              delivery, in the channel's {@link org.agrona.concurrent.NanoClock} nanoseconds.
     */
    void recordWaitTime(long nanos);
}
