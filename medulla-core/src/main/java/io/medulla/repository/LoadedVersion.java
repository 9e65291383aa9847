package io.medulla.repository;

import static java.util.Objects.requireNonNull;

/**
 * A version that loaded and warmed up, already announced to the lifecycle listener.
 *
 * @param served the version, ready to serve
 * @param report what the load cost
 * @param measuredBytes the footprint measured at this load (the report may carry a declared one)
 */
record LoadedVersion(ServedModel served, LoadReport report, long measuredBytes) {
  LoadedVersion {
    requireNonNull(served, "served");
    requireNonNull(report, "report");
  }
}
