package io.medulla.prewarm;

/**
 * How many requests a model is expected to receive in one hour of the week.
 *
 * @param requests the mean count over the weeks observed (0 when none)
 * @param weeks how many past occurrences of that hour the mean is over: those since the model was
 *     first seen, at most the history's length; 0 when none has passed yet
 */
public record UsageExpectation(double requests, int weeks) {}
