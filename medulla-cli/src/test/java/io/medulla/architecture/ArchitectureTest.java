package io.medulla.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Keeps the package rules of ARCHITECTURE.md true: each package imports only the Medulla packages
 * on its allow-list, the domain stays free of wire and native libraries, and no packages form a
 * cycle.
 */
class ArchitectureTest {
  /** Package (without the io.medulla. prefix) to the Medulla packages it may import. */
  private static final Map<String, List<String>> ALLOWED =
      Map.ofEntries(
          Map.entry("inference", List.of()),
          Map.entry("time", List.of()),
          Map.entry("tenancy", List.of("inference", "time")),
          Map.entry("audit", List.of("inference", "tenancy", "time")),
          Map.entry("audit.jdbc", List.of("audit", "inference", "tenancy", "time")),
          Map.entry("runtime", List.of("inference")),
          Map.entry("runtime.onnx", List.of("runtime", "inference")),
          Map.entry("repository", List.of("runtime", "inference", "time")),
          Map.entry("scheduling", List.of("runtime", "tenancy", "inference", "time")),
          // The size-aware cache sits on the repository: its load gate and on-demand loads.
          Map.entry("cache", List.of("repository", "runtime", "inference", "time")),
          // Pre-warm talks to the cache through its own port, so it needs neither.
          Map.entry("prewarm", List.of("inference", "time")),
          // The capacity planner (module medulla-sim) runs the real scheduler and graph code on
          // virtual time; planning may replay a plan through the simulator, never the reverse.
          Map.entry(
              "simulation",
              List.of(
                  "inference",
                  "time",
                  "runtime",
                  "repository",
                  "scheduling",
                  "graph",
                  "tenancy",
                  "autoscaling")),
          Map.entry(
              "planning",
              List.of("inference", "time", "runtime", "repository", "simulation", "autoscaling")),
          Map.entry("graph", List.of("inference", "time")),
          Map.entry("autoscaling", List.of("inference", "time", "scheduling")),
          Map.entry(
              "engine",
              List.of(
                  "inference",
                  "time",
                  "tenancy",
                  "audit",
                  "runtime",
                  "repository",
                  "scheduling",
                  "graph")),
          // Protocols also read configuration values (ModelConfig, index rows) and the ticker
          // that stamps arrival times; they never call repository behaviour.
          // The edge (authentication, the caller-scoped engines) sits between the wire and the
          // engine: it reads callers (tenancy) and forwards to the engine's interface.
          Map.entry("protocol", List.of("inference", "engine", "tenancy", "repository")),
          Map.entry(
              "protocol.rest",
              List.of("protocol", "engine", "inference", "tenancy", "repository", "time")),
          Map.entry(
              "protocol.grpc",
              List.of("protocol", "engine", "inference", "tenancy", "repository", "time")),
          Map.entry(
              "observability",
              List.of(
                  "engine",
                  "scheduling",
                  "repository",
                  "graph",
                  "inference",
                  "cache",
                  "prewarm",
                  "autoscaling")),
          // Authentication turns credentials into principals; the protocols and the server call
          // it, never the other way round.
          Map.entry("security", List.of("inference", "tenancy", "time")));

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.medulla");
  }

  @TestFactory
  Stream<DynamicTest> eachPackageImportsOnlyItsAllowList() {
    List<DynamicTest> tests = new ArrayList<>();
    ALLOWED.forEach(
        (pkg, allowed) -> {
          List<String> permitted = new ArrayList<>();
          permitted.add(own(pkg));
          allowed.forEach(a -> permitted.add(exact(a)));
          tests.add(
              DynamicTest.dynamicTest(
                  pkg,
                  () ->
                      noClasses()
                          .that()
                          .resideInAPackage(own(pkg))
                          .should()
                          .dependOnClassesThat(
                              resideInAPackage("io.medulla..")
                                  .and(not(resideInAnyPackage(permitted.toArray(String[]::new)))))
                          .allowEmptyShould(true)
                          .because("ARCHITECTURE.md: " + pkg + " may import only " + allowed)
                          .check(classes)));
        });
    return tests.stream();
  }

  @Test
  void domainPackagesUseNoWireOrNativeLibraries() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.medulla.inference",
            "io.medulla.time",
            "io.medulla.tenancy",
            "io.medulla.audit",
            "io.medulla.runtime",
            "io.medulla.repository",
            "io.medulla.cache",
            "io.medulla.prewarm",
            "io.medulla.planning",
            "io.medulla.simulation",
            "io.medulla.scheduling",
            "io.medulla.engine")
        .should()
        .dependOnClassesThat(
            resideInAnyPackage(
                "com.google.protobuf..",
                "io.grpc..",
                "com.linecorp..",
                "com.fasterxml..",
                "ai.onnxruntime..",
                "io.netty.."))
        .because("wire formats stop at protocol; native code stays in runtime.onnx")
        .check(classes);
  }

  @Test
  void packagesFormNoCycles() {
    slices().matching("io.medulla.(**)").should().beFreeOfCycles().check(classes);
  }

  /** Matches the package itself; subpackages with their own rule are checked separately. */
  private static String own(String pkg) {
    return pkg.equals("protocol.grpc") ? "io.medulla.protocol.grpc.." : exact(pkg);
  }

  private static String exact(String pkg) {
    return "io.medulla." + pkg;
  }
}
