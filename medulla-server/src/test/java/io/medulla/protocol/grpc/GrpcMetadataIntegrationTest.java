package io.medulla.protocol.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.medulla.protocol.grpc.proto.DataType;
import io.medulla.protocol.grpc.proto.ModelConfig;
import io.medulla.protocol.grpc.proto.ModelConfigRequest;
import io.medulla.protocol.grpc.proto.ModelMetadataRequest;
import io.medulla.protocol.grpc.proto.ModelMetadataResponse;
import io.medulla.protocol.grpc.proto.ModelReadyRequest;
import io.medulla.protocol.grpc.proto.ModelStatisticsRequest;
import io.medulla.protocol.grpc.proto.ModelStatisticsResponse;
import io.medulla.protocol.grpc.proto.ServerLiveRequest;
import io.medulla.protocol.grpc.proto.ServerMetadataRequest;
import io.medulla.protocol.grpc.proto.ServerMetadataResponse;
import io.medulla.protocol.grpc.proto.ServerReadyRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GrpcMetadataIntegrationTest {
  private final GrpcTestServer server = new GrpcTestServer();

  @AfterEach
  void close() throws InterruptedException {
    server.close();
  }

  @Test
  void serverIsLive() {
    assertThat(server.blocking().serverLive(ServerLiveRequest.getDefaultInstance()).getLive())
        .isTrue();
  }

  @Test
  void serverReadinessFollowsTheEngine() {
    assertThat(server.blocking().serverReady(ServerReadyRequest.getDefaultInstance()).getReady())
        .isTrue();

    server.engine.setReady(false);

    assertThat(server.blocking().serverReady(ServerReadyRequest.getDefaultInstance()).getReady())
        .isFalse();
  }

  @Test
  void modelReadinessIsFalseForUnknownModelsAndVersions() {
    assertThat(ready("simple", "")).isTrue();
    assertThat(ready("simple", "1")).isTrue();
    assertThat(ready("simple", "2")).isFalse();
    assertThat(ready("nope", "")).isFalse();
  }

  private boolean ready(String name, String version) {
    return server
        .blocking()
        .modelReady(ModelReadyRequest.newBuilder().setName(name).setVersion(version).build())
        .getReady();
  }

  @Test
  void serverMetadataNamesTheExtensions() {
    ServerMetadataResponse m =
        server.blocking().serverMetadata(ServerMetadataRequest.getDefaultInstance());

    assertThat(m.getName()).isEqualTo("medulla");
    assertThat(m.getVersion()).isEqualTo("test");
    assertThat(m.getExtensionsList()).contains("binary_tensor_data", "statistics");
  }

  @Test
  void modelMetadataShowsTheBatchDimension() {
    ModelMetadataResponse m =
        server
            .blocking()
            .modelMetadata(ModelMetadataRequest.newBuilder().setName("simple").build());

    assertThat(m.getName()).isEqualTo("simple");
    assertThat(m.getVersionsList()).containsExactly("1");
    assertThat(m.getPlatform()).isEqualTo("onnxruntime_onnx");
    assertThat(m.getInputsList()).extracting(t -> t.getName()).containsExactly("INPUT0", "INPUT1");
    assertThat(m.getInputs(0).getDatatype()).isEqualTo("INT32");
    assertThat(m.getInputs(0).getShapeList()).containsExactly(-1L, 16L);
    assertThat(m.getOutputsList())
        .extracting(t -> t.getName())
        .containsExactly("OUTPUT0", "OUTPUT1");
  }

  @Test
  void metadataOfAnUnknownModelIsNotFound() {
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                server
                    .blocking()
                    .modelMetadata(ModelMetadataRequest.newBuilder().setName("nope").build()));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void modelConfigUsesTritonsConfigurationNames() {
    ModelConfig c =
        server
            .blocking()
            .modelConfig(ModelConfigRequest.newBuilder().setName("reverse").build())
            .getConfig();

    assertThat(c.getName()).isEqualTo("reverse");
    assertThat(c.getBackend()).isEqualTo("onnxruntime");
    assertThat(c.getMaxBatchSize()).isZero();
    assertThat(c.getInput(0).getDataType()).isEqualTo(DataType.TYPE_STRING);
    assertThat(c.getInput(0).getDimsList()).containsExactly(-1L);
    assertThat(c.getOutput(0).getName()).isEqualTo("reversed");
    assertThat(c.getVersionPolicy().getLatest().getNumVersions()).isEqualTo(1);
    assertThat(c.getDefaultModelFilename()).isEqualTo("model.onnx");
  }

  @Test
  void configOfAnUnknownVersionIsNotFound() {
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                server
                    .blocking()
                    .modelConfig(
                        ModelConfigRequest.newBuilder().setName("simple").setVersion("9").build()));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(e.getStatus().getDescription()).contains("'9'");
  }

  @Test
  void statisticsCoverOneOrAllModels() {
    ModelStatisticsResponse one =
        server
            .blocking()
            .modelStatistics(ModelStatisticsRequest.newBuilder().setName("simple").build());
    ModelStatisticsResponse all =
        server.blocking().modelStatistics(ModelStatisticsRequest.getDefaultInstance());

    assertThat(one.getModelStatsList()).extracting(s -> s.getName()).containsExactly("simple");
    assertThat(one.getModelStats(0).getVersion()).isEqualTo("1");
    assertThat(one.getModelStats(0).hasInferenceStats()).isTrue();
    assertThat(all.getModelStatsList())
        .extracting(s -> s.getName())
        .containsExactlyInAnyOrder("simple", "double", "reverse", "hang");
  }
}
