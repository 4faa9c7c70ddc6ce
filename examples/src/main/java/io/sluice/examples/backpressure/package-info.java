/**
 * The backpressure example: a producer that offers faster than its consumer can take, once per overflow policy,
 * with live counters and the conservation identity at the end of each run. Each run is a two-stage graph that
 * publishes its metrics, so {@code bin/sluice stat --pid PID} can watch it from another terminal.
 */
package io.sluice.examples.backpressure;
