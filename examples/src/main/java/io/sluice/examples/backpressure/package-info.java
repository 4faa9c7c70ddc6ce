/**
 * The backpressure example: a producer that offers faster than its consumer can take, once per overflow policy,
 * with live counters and the conservation identity at the end of each run.
 */
package io.sluice.examples.backpressure;
