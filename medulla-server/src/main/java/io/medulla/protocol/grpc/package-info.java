/** The Open Inference Protocol over gRPC ({@code inference.GRPCInferenceService}). */
@NullMarked
package io.medulla.protocol.grpc;

import org.jspecify.annotations.NullMarked;
