package io.sluice.examples;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code sluice bench}: the JMH benchmark suite. {@code bin/sluice} runs it from the benchmarks jar
 * ({@code io.sluice.jmh.report.BenchSuite} in {@code jmh/target/benchmarks.jar}, built on first use), because JMH and
 * the peers it compares with are not on the examples' classpath; this command only says so when reached another way.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
        "Run the JMH benchmark suite: Sluice against JCTools, Agrona, the Disruptor, ArrayBlockingQueue and " +
            "Chronicle, with a quick and a full profile, a progress line, JMH's JSON and a Markdown report of " +
            "ratios against each peer.",
        "Run it as bin/sluice bench [--profile quick|full] [--scenario NAME[,NAME...]] [--out DIR] [--list]; " +
            "bin/sluice bench --help gives the details." })
public final class BenchCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    /**
     * Say how to run the suite.
     *
     * @return 2: this entry point cannot run it.
     */
    @Override
    public Integer call()
    {
        spec.commandLine().getErr().println("bench: run the suite through bin/sluice bench: it runs from " +
            "jmh/target/benchmarks.jar, which holds JMH and the peers; this classpath does not");
        return 2;
    }
}
