/**
 * Pipeline throughput benchmark: a three-stage Sluice graph (source, stage, sink) in the shared-thread and
 * thread-per-agent modes, against the same stages hand-wired over raw JCTools queues and run by the same Agrona
 * runners, in the same run. The graph runs on its own threads; the benchmark thread samples the sink's count. See
 * {@code docs/benchmarks.md}.
 */
package io.sluice.jmh.pipeline;
