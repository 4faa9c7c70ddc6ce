/**
 * The live demo, {@code bin/sluice demo}: a telemetry pipeline whose slow store pushes back through every stage to
 * the sensors, with a live view, a spill that drains when the store speeds up, a conservation summary, and a crash
 * and resume that lose no sequence number.
 */
package io.sluice.examples.demo;
