package io.medulla.protocol.grpc;

import io.medulla.engine.ModelStatistics;
import io.medulla.protocol.grpc.proto.InferStatistics;
import io.medulla.protocol.grpc.proto.ModelStatisticsResponse;
import io.medulla.protocol.grpc.proto.StatisticDuration;
import java.util.List;

/** Converts the engine's model statistics to Triton's {@code ModelStatisticsResponse}. */
final class StatisticsProtos {
  private StatisticsProtos() {}

  /** Returns the wire form of {@code stats}, in the given order. */
  static ModelStatisticsResponse toProto(List<ModelStatistics> stats) {
    ModelStatisticsResponse.Builder b = ModelStatisticsResponse.newBuilder();
    for (ModelStatistics s : stats) {
      b.addModelStats(toProto(s));
    }
    return b.build();
  }

  private static io.medulla.protocol.grpc.proto.ModelStatistics toProto(ModelStatistics s) {
    return io.medulla.protocol.grpc.proto.ModelStatistics.newBuilder()
        .setName(s.name())
        .setVersion(s.version())
        .setLastInference(s.lastInferenceMillis())
        .setInferenceCount(s.inferenceCount())
        .setExecutionCount(s.executionCount())
        .setInferenceStats(
            InferStatistics.newBuilder()
                .setSuccess(duration(s.success()))
                .setFail(duration(s.fail()))
                .setQueue(duration(s.queue()))
                .setComputeInput(duration(s.computeInput()))
                .setComputeInfer(duration(s.computeInfer()))
                .setComputeOutput(duration(s.computeOutput()))
                // Medulla has no response cache: hits and misses stay zero, as in Triton.
                .setCacheHit(StatisticDuration.getDefaultInstance())
                .setCacheMiss(StatisticDuration.getDefaultInstance()))
        .build();
  }

  private static StatisticDuration duration(ModelStatistics.Duration d) {
    return StatisticDuration.newBuilder().setCount(d.count()).setNs(d.nanos()).build();
  }
}
