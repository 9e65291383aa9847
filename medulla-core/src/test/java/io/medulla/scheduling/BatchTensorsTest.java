package io.medulla.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.inference.Deadline;
import io.medulla.inference.InferenceException;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.RequestContext;
import io.medulla.inference.RequestId;
import io.medulla.inference.Shape;
import io.medulla.inference.TenantId;
import io.medulla.inference.Tensor;
import io.medulla.inference.Tensors;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class BatchTensorsTest {
  private static Job job(Tensor... inputs) {
    InferenceRequest r =
        new InferenceRequest(
            "m",
            "",
            "",
            List.of(inputs),
            List.of(),
            Map.of(),
            new RequestContext(new RequestId("r"), TenantId.DEFAULT, "t", 0, Deadline.none(), 0));
    JobQueues queues =
        new JobQueues(BatchPolicy.clinicalDefaults(8, List.of(), java.time.Duration.ZERO));
    PriorityClass pc = queues.classOf(3);
    TenantLoad load =
        new TenantLoad(io.medulla.tenancy.TenantPolicy.defaults(TenantId.DEFAULT), 4, 0);
    return new Job(
        r,
        new CompletableFuture<>(),
        0,
        pc,
        load,
        null,
        BatchSignature.of(r),
        (int) inputs[0].shape().dim(0),
        0,
        Job.NO_TIMEOUT,
        false);
  }

  @Test
  void fixedSizeInputsConcatenateAndOutputsSplitByRows() {
    Job a = job(Tensors.ofFloats("X", Shape.of(1, 2), 1, 2));
    Job b = job(Tensors.ofFloats("X", Shape.of(2, 2), 3, 4, 5, 6));
    List<Tensor> in = BatchTensors.concat(List.of(a, b));
    assertThat(in.get(0).shape()).isEqualTo(Shape.of(3, 2));
    assertThat(Tensors.toFloats(in.get(0))).containsExactly(1, 2, 3, 4, 5, 6);
    List<List<Tensor>> out = BatchTensors.split(in, List.of(a, b), "m");
    assertThat(Tensors.toFloats(out.get(0).get(0))).containsExactly(1, 2);
    assertThat(out.get(1).get(0).shape()).isEqualTo(Shape.of(2, 2));
    assertThat(Tensors.toFloats(out.get(1).get(0))).containsExactly(3, 4, 5, 6);
  }

  @Test
  void bytesTensorsConcatenateAndSplitByElementCounts() {
    Job a = job(Tensors.ofStrings("S", Shape.of(1, 2), "a", "bb"));
    Job b = job(Tensors.ofStrings("S", Shape.of(2, 2), "", "ccc", "dddd", "e"));
    List<Tensor> in = BatchTensors.concat(List.of(a, b));
    assertThat(Tensors.toStrings(in.get(0))).containsExactly("a", "bb", "", "ccc", "dddd", "e");
    List<List<Tensor>> out = BatchTensors.split(in, List.of(a, b), "m");
    assertThat(Tensors.toStrings(out.get(0).get(0))).containsExactly("a", "bb");
    assertThat(Tensors.toStrings(out.get(1).get(0))).containsExactly("", "ccc", "dddd", "e");
  }

  @Test
  void outputWithoutTheBatchDimensionIsAnInternalError() {
    Job a = job(Tensors.ofInts("X", Shape.of(1, 1), 1));
    Job b = job(Tensors.ofInts("X", Shape.of(1, 1), 2));
    assertThatThrownBy(
            () ->
                BatchTensors.split(
                    List.of(Tensors.ofInts("Y", Shape.of(3), 1, 2, 3)), List.of(a, b), "m"))
        .isInstanceOf(InferenceException.class)
        .hasMessageContaining("leading batch dimension of 2");
  }

  @Test
  void singleRequestPassesThroughUntouched() {
    Tensor x = Tensors.ofInts("X", Shape.of(1, 1), 7);
    Job a = job(x);
    assertThat(BatchTensors.concat(List.of(a)).get(0)).isSameAs(x);
  }
}
