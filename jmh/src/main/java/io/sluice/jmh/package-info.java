/**
 * JMH benchmarks of Sluice against its raw peers. {@link io.sluice.jmh.BenchmarkMain} is the benchmarks jar's entry
 * point: the normal JMH command line, with the project's JVM flags appended to every fork.
 */
package io.sluice.jmh;
