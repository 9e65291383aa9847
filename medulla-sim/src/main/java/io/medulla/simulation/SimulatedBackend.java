package io.medulla.simulation;

import io.medulla.inference.InvalidInputException;
import io.medulla.inference.ModelId;
import io.medulla.inference.Tensor;
import io.medulla.inference.TensorSpec;
import io.medulla.runtime.LoadedModel;
import io.medulla.runtime.ModelInstance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded model whose instances compute nothing: they answer each batch with placeholder outputs
 * of the right names, types and batch size at once; the simulator's runner decides when the answer
 * is delivered. Confined to one simulation's thread.
 */
final class SimulatedBackend implements LoadedModel {
  private final ModelId id;
  private final boolean batches;
  private final Map<String, TensorSpec> outputs = new LinkedHashMap<>();
  private final List<Instance> instances = new ArrayList<>();
  private final Map<OutputKey, Tensor> cache = new HashMap<>();

  /** Placeholder outputs are immutable, so one per output and batch size serves every batch. */
  private record OutputKey(String name, long samples) {}

  /** One instance; its index lets the simulator account its busy time. */
  final class Instance implements ModelInstance {
    final int index;

    Instance(int index) {
      this.index = index;
    }

    @Override
    public List<Tensor> execute(List<Tensor> inputs, List<String> outputNames) {
      long samples = samplesOf(inputs);
      List<Tensor> out = new ArrayList<>(outputNames.size());
      for (String name : outputNames) {
        out.add(cache.computeIfAbsent(new OutputKey(name, samples), SimulatedBackend.this::output));
      }
      return out;
    }
  }

  SimulatedBackend(SimulatedModel model) {
    this.id = new ModelId(model.name(), 1);
    this.batches = model.batches();
    for (TensorSpec s : model.outputs()) {
      outputs.put(s.name(), s);
    }
    for (int i = 0; i < model.instances(); i++) {
      instances.add(new Instance(i));
    }
  }

  /** Returns the samples in a batch: its first dimension when the model batches, else 1. */
  int samplesOf(List<Tensor> inputs) {
    if (!batches || inputs.isEmpty() || inputs.get(0).shape().rank() == 0) {
      return 1;
    }
    return (int) Math.max(1, inputs.get(0).shape().dim(0));
  }

  private Tensor output(OutputKey key) {
    TensorSpec spec = outputs.get(key.name());
    if (spec == null) {
      throw new InvalidInputException(
          "model '"
              + id.name()
              + "' has no output '"
              + key.name()
              + "' (expected one of "
              + outputs.keySet()
              + ")");
    }
    return Placeholders.of(spec, batches ? key.samples() : -1);
  }

  @Override
  public ModelId id() {
    return id;
  }

  @Override
  public int instanceCount() {
    return instances.size();
  }

  @Override
  public ModelInstance instance(int index) {
    return instances.get(index);
  }

  @Override
  public long memoryBytes() {
    return 0;
  }

  @Override
  public void close() {
    // Nothing is held.
  }
}
