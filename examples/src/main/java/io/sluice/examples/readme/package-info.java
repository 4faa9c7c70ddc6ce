/**
 * The code the README shows, compiled and run by the tests; a test checks the README quotes it word for word.
 */
package io.sluice.examples.readme;
