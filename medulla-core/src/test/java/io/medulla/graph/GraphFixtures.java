package io.medulla.graph;

import io.medulla.inference.DataType;
import io.medulla.inference.Deadline;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.RequestContext;
import io.medulla.inference.RequestId;
import io.medulla.inference.Shape;
import io.medulla.inference.TenantId;
import io.medulla.inference.TensorSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Models and graphs for graph tests. The models: {@code classifier} (image FP32[-1,4] ->
 * probabilities FP32[-1,3]), {@code detail} (image -> severity FP32[-1,1]), {@code text} (note
 * FP32[-1,2] -> embedding FP32[-1,2]) and {@code fusion} (probabilities, embedding -> urgency
 * FP32[-1,2]).
 */
final class GraphFixtures {
  static final Map<String, StepSignature> MODELS =
      Map.of(
          "classifier", signature(List.of(fp32("image", 4)), List.of(fp32("probabilities", 3))),
          "detail", signature(List.of(fp32("image", 4)), List.of(fp32("severity", 1))),
          "text", signature(List.of(fp32("note", 2)), List.of(fp32("embedding", 2))),
          "fusion",
              signature(
                  List.of(fp32("probabilities", 3), fp32("embedding", 2)),
                  List.of(fp32("urgency", 2))));

  static final SignatureLookup LOOKUP = (model, version) -> MODELS.get(model);

  private GraphFixtures() {}

  static TensorSpec fp32(String name, long width) {
    return TensorSpec.of(name, DataType.FP32, Shape.of(-1, width));
  }

  private static StepSignature signature(List<TensorSpec> in, List<TensorSpec> out) {
    return new StepSignature(in, out);
  }

  static GraphStep model(String name, String model, String... bindings) {
    return step(name, new StepCall.Model(model, ""), List.of(), ErrorPolicy.FAIL, null, bindings);
  }

  static GraphStep step(
      String name,
      StepCall call,
      List<String> when,
      ErrorPolicy onError,
      @Nullable Duration timeout,
      String... bindings) {
    Map<String, TensorRef> inputs = new LinkedHashMap<>();
    for (int i = 0; i < bindings.length; i += 2) {
      inputs.put(bindings[i], TensorRef.parse(bindings[i + 1]));
    }
    return new GraphStep(
        name, call, inputs, when.stream().map(Condition::parse).toList(), timeout, onError);
  }

  static GraphStep function(String name, String function, Map<String, Object> attrs, String... b) {
    return step(name, new StepCall.Function(function, attrs), List.of(), ErrorPolicy.FAIL, null, b);
  }

  static GraphOutput output(String name, long width, String from, boolean optional) {
    return new GraphOutput(
        name, DataType.FP32, Shape.of(-1, width), TensorRef.parse(from), optional);
  }

  /** Returns the clinical shape: classify and text in parallel, then fusion. */
  static GraphDefinition fanOut() {
    return new GraphDefinition(
        "triage",
        List.of(fp32("image", 4), fp32("note", 2)),
        List.of(
            output("probabilities", 3, "classify.probabilities", false),
            output("urgency", 2, "fuse.urgency", false)),
        List.of(
            model("classify", "classifier", "image", "inputs.image"),
            model("read", "text", "note", "inputs.note"),
            model(
                "fuse",
                "fusion",
                "probabilities",
                "classify.probabilities",
                "embedding",
                "read.embedding")));
  }

  static GraphPlan plan(GraphDefinition d) {
    return GraphValidator.validate(d, LOOKUP, FunctionRegistry.builtins());
  }

  static RequestContext context(Deadline deadline) {
    return new RequestContext(
        new RequestId("r1"), new TenantId("clinic-a"), "dr-who", 2, deadline, 0);
  }

  static InferenceRequest request(String graph, Deadline deadline, Map<String, Object> params) {
    return new InferenceRequest(
        graph,
        "",
        "id-7",
        List.of(
            io.medulla.inference.Tensors.ofFloats("image", Shape.of(1, 4), 1, 2, 3, 4),
            io.medulla.inference.Tensors.ofFloats("note", Shape.of(1, 2), 5, 6)),
        List.of(),
        params,
        context(deadline));
  }
}
