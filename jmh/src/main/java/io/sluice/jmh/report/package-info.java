/**
 * Turns JMH JSON results of the channel benchmarks into a Markdown table of throughput, ratios to the raw peers
 * and to ArrayBlockingQueue (with propagated errors), allocation per message and a verdict for each goal.
 */
package io.sluice.jmh.report;
