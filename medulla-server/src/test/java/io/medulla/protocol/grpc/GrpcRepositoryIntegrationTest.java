package io.medulla.protocol.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.medulla.protocol.grpc.proto.ModelRepositoryParameter;
import io.medulla.protocol.grpc.proto.RepositoryIndexRequest;
import io.medulla.protocol.grpc.proto.RepositoryIndexResponse;
import io.medulla.protocol.grpc.proto.RepositoryModelLoadRequest;
import io.medulla.protocol.grpc.proto.RepositoryModelUnloadRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GrpcRepositoryIntegrationTest {
  private final GrpcTestServer server = new GrpcTestServer();

  @AfterEach
  void close() throws InterruptedException {
    server.close();
  }

  @Test
  void indexListsModelsWithTritonStateNames() {
    RepositoryIndexResponse index =
        server
            .blocking()
            .repositoryIndex(RepositoryIndexRequest.newBuilder().setReady(true).build());

    assertThat(index.getModelsList())
        .extracting(m -> m.getName())
        .containsExactly("double", "hang", "reverse", "simple");
    assertThat(index.getModels(0).getVersion()).isEqualTo("1");
    assertThat(index.getModels(0).getState()).isEqualTo("READY");
    assertThat(index.getModels(0).getReason()).isEmpty();
  }

  @Test
  void loadAndUnloadReachTheEngine() {
    server
        .blocking()
        .repositoryModelLoad(
            RepositoryModelLoadRequest.newBuilder().setModelName("simple").build());
    server
        .blocking()
        .repositoryModelUnload(
            RepositoryModelUnloadRequest.newBuilder()
                .setModelName("simple")
                .putParameters(
                    "unload_dependents",
                    ModelRepositoryParameter.newBuilder().setBoolParam(true).build())
                .build());

    assertThat(server.engine.loads()).containsExactly("simple");
    assertThat(server.engine.unloads()).containsExactly("simple");
  }

  @Test
  void loadingAnUnknownModelFailsWithTheEnginesStatus() {
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                server
                    .blocking()
                    .repositoryModelLoad(
                        RepositoryModelLoadRequest.newBuilder().setModelName("nope").build()));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void fileParametersOnLoadAreRejectedWithoutEchoingThePath() {
    RepositoryModelLoadRequest request =
        RepositoryModelLoadRequest.newBuilder()
            .setModelName("simple")
            .putParameters(
                "file:1/model.onnx",
                ModelRepositoryParameter.newBuilder()
                    .setBytesParam(ByteString.copyFromUtf8("not a model"))
                    .build())
            .build();

    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class, () -> server.blocking().repositoryModelLoad(request));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).contains("'file:'").doesNotContain("model.onnx");
    assertThat(server.engine.loads()).isEmpty();
  }

  @Test
  void configOverridesOnLoadAreRejected() {
    RepositoryModelLoadRequest request =
        RepositoryModelLoadRequest.newBuilder()
            .setModelName("simple")
            .putParameters(
                "config",
                ModelRepositoryParameter.newBuilder()
                    .setStringParam("{\"max_batch_size\": 1}")
                    .build())
            .build();

    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class, () -> server.blocking().repositoryModelLoad(request));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).contains("'config'");
    assertThat(server.engine.loads()).isEmpty();
  }

  @Test
  void namedRepositoriesAreRejected() {
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                server
                    .blocking()
                    .repositoryModelUnload(
                        RepositoryModelUnloadRequest.newBuilder()
                            .setRepositoryName("other")
                            .setModelName("simple")
                            .build()));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).contains("repository_name");
    assertThat(server.engine.unloads()).isEmpty();
  }
}
