/**
 * The only place that reads clocks or waits: monotonic tickers and wall clocks, real and manual.
 */
@NullMarked
package io.medulla.time;

import org.jspecify.annotations.NullMarked;
