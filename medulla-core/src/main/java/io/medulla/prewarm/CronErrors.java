package io.medulla.prewarm;

/** Builds cron parse errors that name the expression, the field and the bad token. */
final class CronErrors {
  private final String source;

  CronErrors(String source) {
    this.source = source;
  }

  IllegalArgumentException error(CronField field, String token, String problem) {
    return error(field.label() + ": '" + token + "' " + problem);
  }

  IllegalArgumentException error(String problem) {
    return new IllegalArgumentException("cron expression '" + source + "': " + problem);
  }
}
