package io.medulla.protocol.grpc;

import io.medulla.inference.Shape;
import io.medulla.protocol.grpc.proto.DataType;
import io.medulla.protocol.grpc.proto.ModelConfig;
import io.medulla.protocol.grpc.proto.ModelDynamicBatching;
import io.medulla.protocol.grpc.proto.ModelInput;
import io.medulla.protocol.grpc.proto.ModelInstanceGroup;
import io.medulla.protocol.grpc.proto.ModelOptimizationPolicy;
import io.medulla.protocol.grpc.proto.ModelOptimizationPolicy.ExecutionAccelerators;
import io.medulla.protocol.grpc.proto.ModelOutput;
import io.medulla.protocol.grpc.proto.ModelParameter;
import io.medulla.protocol.grpc.proto.ModelQueuePolicy;
import io.medulla.protocol.grpc.proto.ModelTensorReshape;
import io.medulla.protocol.grpc.proto.ModelVersionPolicy;
import io.medulla.protocol.grpc.proto.ModelWarmup;
import io.medulla.repository.DynamicBatching;
import io.medulla.repository.ExecutionAccelerator;
import io.medulla.repository.InstanceGroup;
import io.medulla.repository.QueuePolicy;
import io.medulla.repository.VersionPolicy;

/** Converts Medulla's model configuration records to Triton's {@code ModelConfig} message. */
final class ModelConfigProtos {
  private ModelConfigProtos() {}

  /** Returns the wire form of {@code config}. */
  static ModelConfig toProto(io.medulla.repository.ModelConfig config) {
    ModelConfig.Builder b =
        ModelConfig.newBuilder()
            .setName(config.name())
            .setPlatform(config.platform())
            .setBackend(config.backend())
            .setMaxBatchSize(config.maxBatchSize())
            .setVersionPolicy(versionPolicy(config.versionPolicy()))
            .setDefaultModelFilename(config.defaultModelFilename());
    config.inputs().forEach(i -> b.addInput(input(i)));
    config.outputs().forEach(o -> b.addOutput(output(o)));
    config.instanceGroups().forEach(g -> b.addInstanceGroup(instanceGroup(g)));
    DynamicBatching batching = config.dynamicBatching();
    if (batching != null) {
      b.setDynamicBatching(dynamicBatching(batching));
    }
    config.modelWarmup().forEach(w -> b.addModelWarmup(warmup(w)));
    config
        .parameters()
        .forEach(
            (k, v) -> b.putParameters(k, ModelParameter.newBuilder().setStringValue(v).build()));
    if (!config.cpuExecutionAccelerators().isEmpty()
        || !config.gpuExecutionAccelerators().isEmpty()) {
      ExecutionAccelerators.Builder acc = ExecutionAccelerators.newBuilder();
      config
          .cpuExecutionAccelerators()
          .forEach(a -> acc.addCpuExecutionAccelerator(accelerator(a)));
      config
          .gpuExecutionAccelerators()
          .forEach(a -> acc.addGpuExecutionAccelerator(accelerator(a)));
      b.setOptimization(ModelOptimizationPolicy.newBuilder().setExecutionAccelerators(acc));
    }
    return b.build();
  }

  /** Returns the configuration enum of a data type ({@code TYPE_STRING} for BYTES). */
  static DataType dataType(io.medulla.inference.DataType type) {
    return DataType.valueOf(type.configName());
  }

  private static ModelInput input(io.medulla.repository.ModelInput i) {
    ModelInput.Builder b =
        ModelInput.newBuilder()
            .setName(i.name())
            .setDataType(dataType(i.dataType()))
            .addAllDims(i.dims().toList())
            .setOptional(i.optional());
    Shape reshape = i.reshape();
    if (reshape != null) {
      b.setReshape(ModelTensorReshape.newBuilder().addAllShape(reshape.toList()));
    }
    return b.build();
  }

  private static ModelOutput output(io.medulla.repository.ModelOutput o) {
    ModelOutput.Builder b =
        ModelOutput.newBuilder()
            .setName(o.name())
            .setDataType(dataType(o.dataType()))
            .addAllDims(o.dims().toList())
            .setLabelFilename(o.labelFilename());
    Shape reshape = o.reshape();
    if (reshape != null) {
      b.setReshape(ModelTensorReshape.newBuilder().addAllShape(reshape.toList()));
    }
    return b.build();
  }

  private static ModelVersionPolicy versionPolicy(VersionPolicy policy) {
    ModelVersionPolicy.Builder b = ModelVersionPolicy.newBuilder();
    switch (policy) {
      case VersionPolicy.Latest l ->
          b.setLatest(ModelVersionPolicy.Latest.newBuilder().setNumVersions(l.numVersions()));
      case VersionPolicy.All a -> b.setAll(ModelVersionPolicy.All.getDefaultInstance());
      case VersionPolicy.Specific s ->
          b.setSpecific(ModelVersionPolicy.Specific.newBuilder().addAllVersions(s.versions()));
    }
    return b.build();
  }

  private static ModelInstanceGroup instanceGroup(InstanceGroup g) {
    return ModelInstanceGroup.newBuilder()
        .setName(g.name())
        .setCount(g.count())
        .setKind(ModelInstanceGroup.Kind.valueOf(g.kind().name()))
        .addAllGpus(g.gpus())
        .build();
  }

  private static ModelDynamicBatching dynamicBatching(DynamicBatching d) {
    ModelDynamicBatching.Builder b =
        ModelDynamicBatching.newBuilder()
            .addAllPreferredBatchSize(d.preferredBatchSizes())
            .setMaxQueueDelayMicroseconds(d.maxQueueDelayMicroseconds())
            .setPreserveOrdering(d.preserveOrdering())
            .setPriorityLevels(d.priorityLevels())
            .setDefaultPriorityLevel(d.defaultPriorityLevel())
            .setDefaultQueuePolicy(queuePolicy(d.defaultQueuePolicy()));
    d.priorityQueuePolicy().forEach((level, p) -> b.putPriorityQueuePolicy(level, queuePolicy(p)));
    return b.build();
  }

  private static ModelQueuePolicy queuePolicy(QueuePolicy p) {
    return ModelQueuePolicy.newBuilder()
        .setTimeoutAction(ModelQueuePolicy.TimeoutAction.valueOf(p.timeoutAction().name()))
        .setDefaultTimeoutMicroseconds(p.defaultTimeoutMicroseconds())
        .setAllowTimeoutOverride(p.allowTimeoutOverride())
        .setMaxQueueSize(p.maxQueueSize())
        .build();
  }

  private static ModelWarmup warmup(io.medulla.repository.ModelWarmup w) {
    ModelWarmup.Builder b =
        ModelWarmup.newBuilder().setName(w.name()).setBatchSize(w.batchSize()).setCount(w.count());
    w.inputs()
        .forEach(
            (name, in) -> {
              ModelWarmup.Input.Builder ib =
                  ModelWarmup.Input.newBuilder()
                      .setDataType(dataType(in.dataType()))
                      .addAllDims(in.dims().toList());
              switch (in.source()) {
                case ZERO -> ib.setZeroData(true);
                case RANDOM -> ib.setRandomData(true);
                case FILE -> ib.setInputDataFile(in.inputDataFile());
              }
              b.putInputs(name, ib.build());
            });
    return b.build();
  }

  private static ExecutionAccelerators.Accelerator accelerator(ExecutionAccelerator a) {
    return ExecutionAccelerators.Accelerator.newBuilder()
        .setName(a.name())
        .putAllParameters(a.parameters())
        .build();
  }
}
