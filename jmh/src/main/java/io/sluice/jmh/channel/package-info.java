/**
 * Channel throughput benchmarks: one producer thread and one consumer thread share one channel (a JMH
 * {@code Scope.Group} state) and count, per thread, what they offered, what was refused, what was delivered and how
 * often the consumer found nothing. The implementation under test is a {@code @Param}, so Sluice channels and their
 * raw peers (JCTools, Agrona, {@code ArrayBlockingQueue}) run in the same fork set with the same settings.
 * See {@code docs/benchmarks.md}.
 */
package io.sluice.jmh.channel;
