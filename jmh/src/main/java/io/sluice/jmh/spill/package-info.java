/**
 * Spill path benchmarks: the Chronicle spill stores of {@code sluice-persistence}, directly and under a spilling
 * channel, against a raw Chronicle appender and tailer writing and reading the same bytes, in the same run; the cost
 * of {@code SpillOptions.syncOnAppend(true)}; and the cost of the {@code SPILL} policy on a channel that never spills,
 * against {@code DROP_NEWEST}. See {@code docs/benchmarks.md}, section "Spill".
 */
package io.sluice.jmh.spill;
