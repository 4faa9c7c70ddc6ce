/**
 * Turns JMH JSON results into Markdown reports: {@link io.sluice.jmh.report.RatioReport} for the channel benchmarks
 * (throughput, ratios to the raw peers, to the Disruptor and to ArrayBlockingQueue with propagated errors, allocation
 * per message and a verdict for each goal, against the channel benchmarks' own goals or the suite's), and
 * {@link io.sluice.jmh.report.PipelineReport} for the pipeline benchmark (each Sluice graph mode against its
 * hand-wired peer, allocation per message), {@link io.sluice.jmh.report.SpillReport} for the spill benchmarks (the
 * spill path against raw Chronicle Queue, the cost of the SPILL policy when nothing spills, allocation per message,
 * the cost of a sync per append), {@link io.sluice.jmh.report.PingPongReport} for the ping-pong round trip against raw
 * JCTools and {@link io.sluice.jmh.report.ResponseTimeReport} for the response-time percentiles at fixed rates.
 * {@link io.sluice.jmh.report.BenchSuite} runs the scenarios and gathers their reports and charts in one
 * {@code report.md}.
 * <p>
 * JMH sums an {@code @AuxCounters(EVENTS)} counter (and the gc profiler's {@code gc.count}) over the measured
 * iterations of all forks in the JSON {@code score}; the reports read such a result per iteration, from its
 * {@code rawData} (see {@code RatioReport.Metric}).
 */
package io.sluice.jmh.report;
