/**
 * Helpers shared by the benchmarks of several packages: {@link io.sluice.jmh.support.SpinAgent}, the spinning second
 * thread (consumer or echo) that a benchmark starts at its set-up, waits on with bounded waits, and stops and joins
 * at its tear-down.
 */
package io.sluice.jmh.support;
