package io.medulla.protocol.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.medulla.engine.InferenceEngine;
import io.medulla.inference.InvalidInputException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Serves the repository extension: {@code POST /v2/repository/index} and {@code POST
 * /v2/repository/models/{model}/load|unload}. Loading and unloading block until done, so they run
 * on the blocking task executor.
 *
 * <p>No request may name a file: {@code file:} parameters (Triton's inline model files) and a
 * {@code config} override are refused, so models load only from the configured repository.
 */
final class RepositoryHandler {
  private final InferenceEngine engine;
  private final RestJson json;
  private final long maxBodyBytes;

  RepositoryHandler(InferenceEngine engine, RestLimits limits, long maxBodyBytes) {
    this.engine = engine;
    this.json = new RestJson(limits);
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Serves the repository index; an optional body {@code {"ready": true}} keeps READY rows. */
  HttpResponse index(ServiceRequestContext ctx, HttpRequest req) {
    return respond(
        ctx,
        req,
        body -> {
          Map<String, Object> fields = readBody(body, "ready");
          boolean readyOnly = Boolean.TRUE.equals(fields.get("ready"));
          return JsonBodies.ok(g -> MetadataJson.index(g, engine.repositoryIndex(readyOnly)));
        });
  }

  /** Serves a load request. */
  HttpResponse load(ServiceRequestContext ctx, HttpRequest req) {
    String model = RestService.name(ctx);
    return respond(
        ctx,
        req,
        body -> {
          checkParameters(readParameters(body), "load", false);
          engine.loadModel(model);
          return JsonBodies.empty();
        });
  }

  /** Serves an unload request. */
  HttpResponse unload(ServiceRequestContext ctx, HttpRequest req) {
    String model = RestService.name(ctx);
    return respond(
        ctx,
        req,
        body -> {
          checkParameters(readParameters(body), "unload", true);
          engine.unloadModel(model);
          return JsonBodies.empty();
        });
  }

  private interface BodyHandler {
    HttpResponse handle(AggregatedHttpRequest body);
  }

  private HttpResponse respond(ServiceRequestContext ctx, HttpRequest req, BodyHandler handler) {
    CompletableFuture<HttpResponse> response =
        req.aggregate()
            .thenApplyAsync(handler::handle, ctx.blockingTaskExecutor())
            .exceptionally(t -> RestErrors.of(ctx, t, maxBodyBytes));
    return HttpResponse.of(response);
  }

  private static void checkParameters(Map<String, Object> parameters, String verb, boolean unload) {
    for (Map.Entry<String, Object> p : parameters.entrySet()) {
      String key = p.getKey();
      if (key.startsWith("file:")) {
        throw new InvalidInputException(
            "parameters: 'file:' parameters are not supported (models load only from the"
                + " server's repository, never from files sent in a request)");
      }
      if (key.equals("config")) {
        throw new InvalidInputException(
            "parameters.config: overriding a model's configuration in a "
                + verb
                + " request is not supported (edit config.pbtxt in the repository)");
      }
      if (unload && key.equals("unload_dependents")) {
        if (!(p.getValue() instanceof Boolean)) {
          throw new InvalidInputException("parameters.unload_dependents: expected true or false");
        }
        continue;
      }
      throw new InvalidInputException(
          "parameters." + key + ": not a " + verb + " parameter this server supports");
    }
  }

  private Map<String, Object> readParameters(AggregatedHttpRequest body) {
    Object parameters = readBody(body, "parameters").get("parameters");
    @SuppressWarnings("unchecked")
    Map<String, Object> map = parameters == null ? Map.of() : (Map<String, Object>) parameters;
    return map;
  }

  /**
   * Reads the optional JSON object body: {@code field} is read (a boolean, or a parameters object);
   * other fields are skipped.
   */
  private Map<String, Object> readBody(AggregatedHttpRequest body, String field) {
    byte[] bytes = body.content().array();
    Map<String, Object> out = new LinkedHashMap<>();
    if (body.content().isEmpty()) {
      return out;
    }
    try (JsonParser p = json.parser(bytes, 0, bytes.length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidInputException("request body: expected a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if (!name.equals(field)) {
          p.skipChildren();
        } else if (name.equals("parameters")) {
          out.put(name, RestJson.readParameters(p, name));
        } else if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
          out.put(name, p.getBooleanValue());
        } else {
          throw new InvalidInputException(name + ": expected true or false");
        }
      }
      if (p.nextToken() != null) {
        throw new InvalidInputException("unexpected content after the JSON request body");
      }
    } catch (JsonProcessingException e) {
      throw json.malformed(e);
    } catch (IOException e) {
      throw new InvalidInputException("request body could not be read as JSON");
    }
    return out;
  }
}
