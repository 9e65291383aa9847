package io.medulla.prewarm;

import java.util.function.BooleanSupplier;

/**
 * One model to pre-warm, waiting in the {@link LoadQueue}.
 *
 * @param model the model to load
 * @param kind why, for the target and the listener
 * @param why what asked for it, in words, for the listener
 * @param stillWanted asked when the job's turn comes: false skips the load (the model became READY,
 *     or no longer fits); may act, e.g. keep a READY model warm
 * @param onReady run once the load has succeeded
 */
record PrewarmJob(
    String model, PrewarmKind kind, String why, BooleanSupplier stillWanted, Runnable onReady) {}
