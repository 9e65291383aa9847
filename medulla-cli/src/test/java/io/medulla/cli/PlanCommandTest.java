package io.medulla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medulla.runtime.ModelProfile;
import io.medulla.runtime.ModelProfile.Point;
import io.medulla.runtime.ModelProfile.Settings;
import io.medulla.server.ProfileFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs {@code medulla plan} end to end on a copy of the example repository, with synthetic profiles
 * written by {@link ProfileFile} (no real profiling), a small workload and devices small enough
 * that the four triage models need two of them.
 */
class PlanCommandTest {
  private static final Path EXAMPLES = Path.of("..", "examples", "models");
  private static final List<String> TRIAGE_MODELS =
      List.of("image_classifier", "note_encoder", "finding_detail", "triage_fusion");
  private static final long MIB = 1L << 20;
  // 1 GiB holds two 400 MiB instances, not three: four models need two devices.
  private static final String DEVICE = "small:1GiB:1:1";

  private static final String WORKLOAD =
      """
      seed: 7
      slos:
        stat: {latency: 200ms, percentile: 0.99}
        routine: {latency: 2s, percentile: 0.95}
      tenants:
        st-marys:
          - target: clinical_triage
            rates_per_second: {default: 0.5, 8-10: 4}
            priority_mix: {stat: 0.2, routine: 0.8}
        northside-clinic:
          - target: image_classifier
            rates_per_second: {default: 1}
            priority_mix: {routine: 1.0}
      """;

  @TempDir Path dir;
  private Path repo;
  private Path workload;
  private StringWriter err = new StringWriter();
  private StringWriter out = new StringWriter();

  @BeforeEach
  void setUp() throws IOException {
    repo = dir.resolve("models");
    copyTree(EXAMPLES, repo);
    for (String model : TRIAGE_MODELS) {
      // The classifier is the slowest, so the critical path is classify -> fuse, not -> detail.
      long batchOneMillis = model.equals("image_classifier") ? 8 : 5;
      ProfileFile.write(ProfileFile.defaultPath(repo, model), profile(model, batchOneMillis));
    }
    workload = dir.resolve("workload.yaml");
    Files.writeString(workload, WORKLOAD);
  }

  @Test
  void writesAPlanWithDevicesInstancesAndLatencyPerClass() throws IOException {
    Path output = dir.resolve("plan");

    int status = plan(output);

    assertThat(status).as(err.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(output.resolve("plan.json").toFile());
    assertThat(json.get("fits").asBoolean()).isTrue();
    assertThat(json.get("device_count").asInt()).isEqualTo(2);
    assertThat(json.get("peak_hour").asInt()).isEqualTo(8);
    for (String model : TRIAGE_MODELS) {
      assertThat(json.get("instances").get(model).asInt()).as(model).isGreaterThanOrEqualTo(1);
    }
    JsonNode classes = json.get("peak").get("classes");
    assertThat(classes.has("stat")).isTrue();
    assertThat(classes.has("routine")).isTrue();
    assertThat(classes.get("stat").get("p99_ms").asDouble()).isPositive();
    assertThat(classes.get("stat").get("slo_latency_ms").asDouble()).isEqualTo(200.0);
    assertThat(json.get("peak").get("tenants").has("st-marys")).isTrue();
    assertThat(json.get("headroom").get("load_multiplier").asDouble()).isGreaterThan(1);
    assertThat(json.get("graphs").get(0).get("critical_path").toString())
        .contains("classify", "fuse");
    // Four models: the exact packer runs too and cannot do worse than the heuristic.
    assertThat(json.get("packing").get("exact_cost").asDouble())
        .isLessThanOrEqualTo(json.get("packing").get("heuristic_cost").asDouble());
    String html = Files.readString(output.resolve("plan.html"));
    assertThat(html)
        .contains("<svg", "aria-label=\"arrivals\"", "aria-label=\"latency\"")
        .contains("aria-label=\"devices\"")
        // Self-contained: nothing to run or fetch.
        .doesNotContain("<script", "<link", "src=", "@import");
    assertThat(out.toString()).contains("devices      2", "class stat", "headroom");
    // The autoscaling signal's queue-delay SLOs: what each objective leaves after the slowest
    // path's p99, shared by the queues along it.
    JsonNode graph = json.get("graphs").get(0);
    int queues = graph.get("critical_path").size();
    double graphP99 = graph.get("p99_ms").asDouble();
    JsonNode queueSlos = json.get("slo_queue_delay_ms");
    assertThat(queueSlos.get("stat").asDouble())
        .isCloseTo((200 - graphP99) / queues, within(0.001));
    assertThat(queueSlos.get("routine").asDouble())
        .isCloseTo((2000 - graphP99) / queues, within(0.001));
    assertThat(out.toString())
        .contains(
            "--slo-queue-delay stat=" + (long) ((200 - graphP99) / queues) + "ms",
            "--slo-queue-delay routine=");
    assertThat(html).contains("--slo-queue-delay stat=");
  }

  @Test
  void oneDeviceFewerLeavesModelsWithoutADevice() throws IOException {
    Path output = dir.resolve("minus-one");

    int status = plan(output, "--devices-minus-one");

    assertThat(status).as(err.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(output.resolve("plan.json").toFile());
    assertThat(json.get("device_count").asInt()).isEqualTo(1);
    assertThat(json.get("fits").asBoolean()).isFalse();
    assertThat(json.get("unplaced").size()).isPositive();
    assertThat(json.get("peak").isNull()).isTrue();
    assertThat(out.toString()).contains("DOES NOT FIT");
  }

  @Test
  void aLoadMultiplierRaisesTheRatesAndTheSimulatedArrivals() throws IOException {
    Path base = dir.resolve("base");
    Path tripled = dir.resolve("tripled");

    assertThat(plan(base, "--no-headroom", "--whole-day")).as(err.toString()).isZero();
    assertThat(plan(tripled, "--no-headroom", "--load-multiplier", "3"))
        .as(err.toString())
        .isZero();

    ObjectMapper mapper = new ObjectMapper();
    JsonNode one = mapper.readTree(base.resolve("plan.json").toFile());
    JsonNode three = mapper.readTree(tripled.resolve("plan.json").toFile());
    // Peak hour 8: 4 + 1 req/s, tripled to 15.
    assertThat(one.get("hourly_requests_per_second").get(8).asDouble()).isEqualTo(5.0);
    assertThat(three.get("hourly_requests_per_second").get(8).asDouble()).isEqualTo(15.0);
    long arrivedOnce = one.get("peak").get("classes").get("routine").get("arrived").asLong();
    long arrivedThrice = three.get("peak").get("classes").get("routine").get("arrived").asLong();
    assertThat(arrivedThrice).isGreaterThan(2 * arrivedOnce);
    assertThat(three.get("load_multiplier").asDouble()).isEqualTo(3.0);
    // --whole-day: 24 simulated hours in the JSON and a table of them in the page.
    assertThat(one.get("day").get("hours").size()).isEqualTo(24);
    assertThat(three.get("day").isNull()).isTrue();
    assertThat(Files.readString(base.resolve("plan.html"))).contains("The whole day, simulated");
  }

  @Test
  void aMissingProfileExitsWithTwoAndSaysHowToMakeIt() throws IOException {
    Files.delete(ProfileFile.defaultPath(repo, "note_encoder"));

    int status = plan(dir.resolve("plan"));

    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .contains("model 'note_encoder' has no profile")
        .contains("medulla profile --model-repository " + repo + " --model note_encoder");
    assertThat(dir.resolve("plan")).doesNotExist();
  }

  @Test
  void aBadWorkloadExitsWithTwoNamingTheField() throws IOException {
    Files.writeString(workload, WORKLOAD.replace("priority_mix: {routine: 1.0}", "prio: 1"));

    int status = plan(dir.resolve("plan"));

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("tenants.northside-clinic[0]", "unknown key 'prio'");
  }

  @Test
  void theAutoscalingReplayUsesNoMoreThanStaticPeakProvisioningOnAQuietDay() throws IOException {
    Path output = dir.resolve("autoscale");

    int status = plan(output, "--no-headroom", "--autoscale");

    assertThat(status).as(err.toString()).isZero();
    JsonNode a = new ObjectMapper().readTree(output.resolve("plan.json").toFile()).get("autoscale");
    // A day has 5,760 evaluation periods of 15 s; four models per replica.
    assertThat(a.get("evaluations").asInt()).isEqualTo(5760);
    assertThat(a.get("models_per_replica").asInt()).isEqualTo(4);
    assertThat(a.get("static_instance_seconds").asDouble())
        .isEqualTo(a.get("static_replicas").asInt() * 4 * 86_400.0);
    assertThat(a.get("autoscaled_instance_seconds").asDouble())
        .isPositive()
        .isLessThanOrEqualTo(a.get("static_instance_seconds").asDouble());
    assertThat(a.get("max_replicas_by_hour").size()).isEqualTo(24);
    assertThat(a.get("peak_replicas").asInt()).isBetween(1, 8);
    assertThat(a.get("provisioning_delay_s").asInt()).isEqualTo(45);
    assertThat(a.get("slo_attainment").asDouble()).isBetween(0.0, 1.0);
    assertThat(Files.readString(output.resolve("plan.html"))).contains("Autoscaling replay");
    assertThat(out.toString()).contains("autoscale");
  }

  @Test
  void anEnsembleTargetIsPlannedAsTheGraphTheServerRuns() throws IOException {
    Files.writeString(
        workload, WORKLOAD.replace("target: image_classifier", "target: triage_ensemble"));
    Path output = dir.resolve("plan");

    int status = plan(output, "--no-headroom");

    assertThat(status).as(err.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(output.resolve("plan.json").toFile());
    JsonNode ensemble = null;
    for (JsonNode g : json.get("graphs")) {
      if (g.get("graph").asText().equals("triage_ensemble")) {
        ensemble = g;
      }
    }
    assertThat(ensemble).as(json.get("graphs").toString()).isNotNull();
    // The slower of its two parallel first steps, then the fusion.
    assertThat(ensemble.get("critical_path").toString())
        .isEqualTo("[\"image_classifier\",\"triage_fusion\"]");
    assertThat(json.get("peak").get("tenants").has("northside-clinic")).isTrue();
    assertThat(json.get("peak").get("tenants").get("northside-clinic").get("completed").asLong())
        .isPositive();
  }

  @Test
  void aBadDeviceIsAUsageError() {
    err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));

    int status =
        cli.execute(
            "plan",
            "--workload",
            workload.toString(),
            "--model-repository",
            repo.toString(),
            "--device",
            "gpu:lots:1:1");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("--device gpu:lots:1:1");
  }

  @Test
  void deviceMemoryTakesUnits() {
    assertThat(PlanCommand.bytes("1GiB")).isEqualTo(1L << 30);
    assertThat(PlanCommand.bytes("512MiB")).isEqualTo(512L << 20);
    assertThat(PlanCommand.bytes("2048")).isEqualTo(2048);
  }

  private int plan(Path output, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "plan",
                "--workload",
                workload.toString(),
                "--model-repository",
                repo.toString(),
                "--device",
                DEVICE,
                "--output",
                output.toString()));
    args.addAll(List.of(extra));
    err = new StringWriter();
    out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(out));
    return cli.execute(args.toArray(String[]::new));
  }

  /** {@code millis} at batch 1, 12 ms at batch 8 (p99 twice that), 400 MiB per instance. */
  static ModelProfile profile(String model, long millis) {
    return new ModelProfile(
        model,
        1,
        "onnxruntime_onnx",
        "0".repeat(64),
        8,
        new Settings(1, 1, List.of("cpu"), 2, "test machine"),
        1_000_000,
        1_000_000,
        400 * MIB,
        "host",
        1,
        List.of(
            new Point(
                1, 1, 1, millis * 1_000_000, 2 * millis * 1_000_000, millis * 1_100_000, 200, 100),
            new Point(8, 1, 1, 12_000_000, 24_000_000, 13_000_000, 660, 100)));
  }

  private static void copyTree(Path from, Path to) {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : walk.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
