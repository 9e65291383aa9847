package io.medulla.repository;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One {@code instance_group}: how many instances of the model to run, and on what kind of device.
 *
 * @param name the group name, may be empty
 * @param count instances in the group
 * @param kind KIND_AUTO, KIND_CPU, KIND_GPU or KIND_MODEL
 * @param gpus the GPU ordinals for KIND_GPU; empty means all
 */
public record InstanceGroup(String name, int count, Kind kind, List<Integer> gpus) {
  /** The device kinds of Triton's instance groups. */
  public enum Kind {
    KIND_AUTO,
    KIND_CPU,
    KIND_GPU,
    KIND_MODEL
  }

  /** Creates a group; validates the count. */
  public InstanceGroup {
    requireNonNull(name, "name");
    requireNonNull(kind, "kind");
    if (count < 1) {
      throw new IllegalArgumentException("instance_group.count: " + count + " (expected: >= 1)");
    }
    gpus = List.copyOf(gpus);
  }
}
