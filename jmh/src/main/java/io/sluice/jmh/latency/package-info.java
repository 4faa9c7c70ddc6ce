/**
 * Latency benchmarks: the ping-pong round trip between two spinning threads ({@link io.sluice.jmh.latency.PingPong}),
 * the response time at fixed offered rates, open loop, measured from each message's intended send time into an
 * HdrHistogram ({@link io.sluice.jmh.latency.ResponseTime}), and a slow consumer under each overflow policy
 * ({@link io.sluice.jmh.latency.SlowConsumer}). Each runs Sluice channels against their raw peers in the same fork set
 * with the same capacity; the second thread of each scenario is a {@link io.sluice.jmh.support.SpinAgent} the
 * benchmark starts and stops itself. See {@code docs/benchmarks.md}.
 */
package io.sluice.jmh.latency;
