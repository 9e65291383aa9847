package io.medulla.repository;

/**
 * One token of protobuf text format, with the 1-based line and column where it starts.
 *
 * @param kind what the token is
 * @param text the identifier, number or symbol as written; for strings, the decoded value
 * @param line the 1-based line
 * @param column the 1-based column
 */
record TextToken(Kind kind, String text, int line, int column) {
  /** The kinds of tokens. */
  enum Kind {
    IDENTIFIER,
    NUMBER,
    STRING,
    SYMBOL,
    END
  }

  boolean isSymbol(char c) {
    return kind == Kind.SYMBOL && text.length() == 1 && text.charAt(0) == c;
  }

  /** Returns the token as it would be quoted in an error message. */
  String describe() {
    return switch (kind) {
      case END -> "end of file";
      case STRING -> "string \"" + text + "\"";
      default -> "'" + text + "'";
    };
  }
}
