/**
 * Runnable examples and the {@code sluice} command line that {@code bin/sluice} starts, with the JVM flags the build
 * keeps in one place (the parent pom's {@code sluice.jvm.flags}).
 */
package io.sluice.examples;
