package io.medulla.protocol.grpc;

import io.medulla.engine.ModelMetadata;
import io.medulla.engine.ServerMetadata;
import io.medulla.inference.Shape;
import io.medulla.inference.TensorSpec;
import io.medulla.protocol.grpc.proto.ModelMetadataResponse;
import io.medulla.protocol.grpc.proto.ModelMetadataResponse.TensorMetadata;
import io.medulla.protocol.grpc.proto.RepositoryIndexResponse;
import io.medulla.protocol.grpc.proto.ServerMetadataResponse;
import io.medulla.repository.ModelVersionStatus;
import java.util.List;

/** Converts server and model metadata and the repository index to their wire messages. */
final class MetadataProtos {
  private MetadataProtos() {}

  /** Returns the wire form of the server metadata. */
  static ServerMetadataResponse toProto(ServerMetadata m) {
    return ServerMetadataResponse.newBuilder()
        .setName(m.name())
        .setVersion(m.version())
        .addAllExtensions(m.extensions())
        .build();
  }

  /** Returns the wire form of a model's metadata. */
  static ModelMetadataResponse toProto(ModelMetadata m) {
    ModelMetadataResponse.Builder b =
        ModelMetadataResponse.newBuilder()
            .setName(m.name())
            .addAllVersions(m.versions())
            .setPlatform(m.platform());
    m.inputs().forEach(t -> b.addInputs(tensor(t)));
    m.outputs().forEach(t -> b.addOutputs(tensor(t)));
    return b.build();
  }

  /** Returns the wire form of repository index rows; states keep Triton's names. */
  static RepositoryIndexResponse toProto(List<ModelVersionStatus> rows) {
    RepositoryIndexResponse.Builder b = RepositoryIndexResponse.newBuilder();
    for (ModelVersionStatus row : rows) {
      b.addModels(
          RepositoryIndexResponse.ModelIndex.newBuilder()
              .setName(row.name())
              .setVersion(row.version())
              .setState(row.state().name())
              .setReason(row.reason()));
    }
    return b.build();
  }

  private static TensorMetadata tensor(TensorSpec t) {
    TensorMetadata.Builder b =
        TensorMetadata.newBuilder().setName(t.name()).setDatatype(t.dataType().wireName());
    Shape shape = t.shape();
    for (int d = 0; d < shape.rank(); d++) {
      b.addShape(shape.dim(d));
    }
    return b.build();
  }
}
