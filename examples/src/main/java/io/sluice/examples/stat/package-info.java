/**
 * {@code sluice stat}: a live, top-like view of a running process's Sluice counters file. {@link
 * io.sluice.examples.stat.StatCommand} finds the file (by directory, pid, or the one live process under the metrics
 * base directory), {@link io.sluice.examples.stat.StatLoop} follows the process through start, restart and exit and
 * refreshes every interval, and {@link io.sluice.examples.stat.StatRenderer} turns two snapshots and the time between
 * them into a frame: rates, shares of time, fill bars, quantiles and the bottleneck edge.
 */
package io.sluice.examples.stat;
