/**
 * Turns JMH JSON results into Markdown reports: {@link io.sluice.jmh.report.RatioReport} for the channel benchmarks
 * (throughput, ratios to the raw peers and to ArrayBlockingQueue with propagated errors, allocation per message and a
 * verdict for each goal) and {@link io.sluice.jmh.report.PipelineReport} for the pipeline benchmark (each Sluice
 * graph mode against its hand-wired peer, allocation per message) and {@link io.sluice.jmh.report.SpillReport} for
 * the spill benchmarks (the spill path against raw Chronicle Queue, the cost of the SPILL policy when nothing spills,
 * allocation per message, the cost of a sync per append).
 */
package io.sluice.jmh.report;
