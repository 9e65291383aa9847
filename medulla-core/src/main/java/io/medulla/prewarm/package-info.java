/**
 * Pre-warm: loading models before requests need them, so that a clinician's first request of the
 * morning is not a cold start. Two kinds, each of which can be turned off: <em>scheduled</em>
 * pre-warm follows a {@link io.medulla.prewarm.PrewarmSchedule} of cron expressions, and
 * <em>predictive</em> pre-warm follows the {@link io.medulla.prewarm.UsageHistory} of requests per
 * model by hour of week. The {@link io.medulla.prewarm.Prewarmer} drives both on a {@link
 * io.medulla.time.Timer} and reaches the model cache only through the {@link
 * io.medulla.prewarm.PrewarmTarget} port, so it imports nothing but {@code io.medulla.inference}
 * and {@code io.medulla.time}.
 */
@NullMarked
package io.medulla.prewarm;

import org.jspecify.annotations.NullMarked;
