/**
 * Channel throughput benchmarks: one producer thread and one consumer thread share one channel (a JMH
 * {@code Scope.Group} state) and count, per thread, what they offered, what was refused, what was delivered and how
 * often the consumer found nothing. The implementation under test is a {@code @Param}, so Sluice channels and their
 * raw peers (JCTools, Agrona, the LMAX Disruptor, {@code ArrayBlockingQueue}) run in the same fork set with the same
 * settings. {@code BurstCost} times bursts of 1 and 100 messages to a busy consumer thread; {@code MpscTwoProducers}
 * is a smoke run of two producers into one MPSC inbox. See {@code docs/benchmarks.md}.
 */
package io.sluice.jmh.channel;
