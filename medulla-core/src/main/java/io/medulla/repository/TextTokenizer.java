package io.medulla.repository;

import io.medulla.repository.TextToken.Kind;
import io.medulla.runtime.ModelLoadException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits protobuf text format into tokens: identifiers, numbers (with an optional leading minus),
 * strings in single or double quotes with C-style escapes, and one-character symbols. Skips
 * whitespace and {@code #} comments. Adjacent strings are left separate; the parser joins them.
 */
final class TextTokenizer {
  private final String source;
  private final String text;
  private int pos;
  private int line = 1;
  private int column = 1;

  /**
   * Creates a tokenizer.
   *
   * @param source the model-relative file name used in error messages
   * @param text the file contents
   */
  TextTokenizer(String source, String text) {
    this.source = source;
    this.text = text;
  }

  /** Returns the next token, or an {@link Kind#END} token at the end of the text. */
  TextToken next() {
    skipBlanks();
    if (pos >= text.length()) {
      return new TextToken(Kind.END, "", line, column);
    }
    int startLine = line;
    int startColumn = column;
    char c = text.charAt(pos);
    if (c == '"' || c == '\'') {
      return new TextToken(Kind.STRING, readString(c), startLine, startColumn);
    }
    if (isDigit(c) || ((c == '-' || c == '.') && pos + 1 < text.length() && startsNumber())) {
      return new TextToken(
          Kind.NUMBER, readWhile(TextTokenizer::isWordPart), startLine, startColumn);
    }
    if (isWordStart(c)) {
      return new TextToken(
          Kind.IDENTIFIER, readWhile(TextTokenizer::isWordPart), startLine, startColumn);
    }
    advance();
    return new TextToken(Kind.SYMBOL, String.valueOf(c), startLine, startColumn);
  }

  private boolean startsNumber() {
    char c = text.charAt(pos);
    char n = text.charAt(pos + 1);
    if (c == '.') {
      return isDigit(n);
    }
    // "-inf" and "-nan" are numbers too; "-" before anything else stays a symbol.
    return isDigit(n) || n == '.' || isWordStart(n);
  }

  private void skipBlanks() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '#') {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          advance();
        }
      } else if (Character.isWhitespace(c)) {
        advance();
      } else {
        return;
      }
    }
  }

  private String readWhile(CharTest test) {
    int start = pos;
    advance();
    // Numbers may carry an exponent sign, as in 1e-5.
    while (pos < text.length() && (test.matches(text.charAt(pos)) || isExponentSign(start))) {
      advance();
    }
    return text.substring(start, pos);
  }

  private boolean isExponentSign(int start) {
    char c = text.charAt(pos);
    char prev = text.charAt(pos - 1);
    char first = text.charAt(start);
    boolean numeric = isDigit(first) || first == '-' || first == '.';
    return numeric && (c == '-' || c == '+') && (prev == 'e' || prev == 'E') && !isHex(start);
  }

  private boolean isHex(int start) {
    int i = text.charAt(start) == '-' ? start + 1 : start;
    return i + 1 < text.length()
        && text.charAt(i) == '0'
        && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X');
  }

  private String readString(char quote) {
    int startLine = line;
    int startColumn = column;
    advance();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      if (pos >= text.length() || text.charAt(pos) == '\n') {
        throw error(
            startLine, startColumn, "unterminated string (expected a closing " + quote + ")");
      }
      char c = text.charAt(pos);
      if (c == quote) {
        advance();
        return out.toString(StandardCharsets.UTF_8);
      }
      if (c == '\\') {
        readEscape(out);
      } else {
        int cp = text.codePointAt(pos);
        byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        for (int i = 0; i < Character.charCount(cp); i++) {
          advance();
        }
      }
    }
  }

  private void readEscape(ByteArrayOutputStream out) {
    int escLine = line;
    int escColumn = column;
    advance();
    if (pos >= text.length()) {
      throw error(escLine, escColumn, "unterminated escape sequence");
    }
    char e = text.charAt(pos);
    advance();
    switch (e) {
      case 'n' -> out.write('\n');
      case 't' -> out.write('\t');
      case 'r' -> out.write('\r');
      case 'a' -> out.write(7);
      case 'b' -> out.write('\b');
      case 'f' -> out.write('\f');
      case 'v' -> out.write(11);
      case '\\', '\'', '"', '?' -> out.write(e);
      case 'x', 'X' -> out.write(readDigits(16, 2, escLine, escColumn));
      case 'u' -> writeCodePoint(out, readDigits(16, 4, escLine, escColumn));
      case 'U' -> writeCodePoint(out, readDigits(16, 8, escLine, escColumn));
      default -> {
        if (e >= '0' && e <= '7') {
          pos--;
          column--;
          out.write(readDigits(8, 3, escLine, escColumn));
        } else {
          throw error(escLine, escColumn, "unknown escape sequence '\\" + e + "'");
        }
      }
    }
  }

  private int readDigits(int radix, int max, int escLine, int escColumn) {
    int value = 0;
    int n = 0;
    while (n < max && pos < text.length() && Character.digit(text.charAt(pos), radix) >= 0) {
      value = value * radix + Character.digit(text.charAt(pos), radix);
      advance();
      n++;
    }
    if (n == 0 || (radix == 16 && max > 2 && n < max)) {
      throw error(escLine, escColumn, "malformed escape sequence (expected hex digits)");
    }
    return value;
  }

  private void writeCodePoint(ByteArrayOutputStream out, int cp) {
    byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
    out.write(bytes, 0, bytes.length);
  }

  private void advance() {
    if (text.charAt(pos) == '\n') {
      line++;
      column = 1;
    } else {
      column++;
    }
    pos++;
  }

  private ModelLoadException error(int atLine, int atColumn, String message) {
    return new ModelLoadException(source + ":" + atLine + ":" + atColumn + ": " + message);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isWordStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isWordPart(char c) {
    return isWordStart(c) || isDigit(c) || c == '.';
  }

  @FunctionalInterface
  private interface CharTest {
    boolean matches(char c);
  }
}
